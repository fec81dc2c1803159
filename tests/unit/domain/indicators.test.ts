import { describe, expect, it } from 'vitest';
import { groupIndicators, indicatorsCsv, countColumn, nameColumn, type StructureIndicator } from '../../../src/lib/domain/indicators';

const row = (kind: StructureIndicator['kind'], name: string, members: number, finess: string | null = '840012345'): StructureIndicator => ({
	structureId: `${kind}-${name}`,
	kind,
	name,
	finess,
	members,
	manual: Math.max(0, members - 1),
	meetingTarget: Math.floor(members / 2)
});

describe('groupIndicators', () => {
	it('groups by kind in the usual order, rows by name, with totals; kinds without structures are left out', () => {
		const groups = groupIndicators([row('SOS', 'SOS Médecins Avignon', 3), row('CPTS', 'CPTS du Pays d’Azur', 6), row('CPTS', 'CPTS Activ Santé', 5), row('MSP', 'MSP du Ventoux', 4)]);
		expect(groups.map((g) => g.kind)).toEqual(['CPTS', 'MSP', 'SOS']);
		expect(groups[0]!.rows.map((r) => r.name)).toEqual(['CPTS Activ Santé', 'CPTS du Pays d’Azur']);
		expect(groups[0]!.totals).toEqual({ structures: 2, members: 11, manual: 9, meetingTarget: 5 });
	});
});

describe('indicatorsCsv', () => {
	it('writes the seed’s columns with « ; », CRLF, a BOM, and the totals last', () => {
		const [group] = groupIndicators([row('CPTS', 'CPTS du Comtat Venaissin', 8), row('CPTS', 'CPTS Activ Santé', 5, null)]);
		expect(indicatorsCsv(group!)).toBe(
			'\uFEFFNum. FINESS;Nom de la CPTS déclarée;Nb. Effecteurs;Agenda SAS manuel;Objectif atteint (semaine close)\r\n' +
				';CPTS Activ Santé;5;4;2\r\n' +
				'840012345;CPTS du Comtat Venaissin;8;7;4\r\n' +
				'Total;2 CPTS;13;11;6\r\n'
		);
	});

	it('quotes separators and quotes, and neutralises what a spreadsheet would run as a formula', () => {
		const [group] = groupIndicators([row('MSP', 'MSP "Les Oliviers"; Bédoin', 1), row('MSP', '=HYPERLINK("http://x")', 1)]);
		const lines = indicatorsCsv(group!).split('\r\n');
		expect(lines).toContain('840012345;"MSP ""Les Oliviers""; Bédoin";1;0;0');
		expect(lines).toContain(`840012345;"'=HYPERLINK(""http://x"")";1;0;0`);
	});

	it('names the column after the kind', () => {
		expect(nameColumn('CPTS')).toBe('Nom de la CPTS déclarée');
		expect(nameColumn('MSP')).toBe('Nom de la MSP déclarée');
		expect(nameColumn('CDS')).toBe('Nom du centre de santé déclaré');
	});

	it('counts a health centre\'s doctors as « Nb. Médecins », the others\' members as « Nb. Effecteurs »', () => {
		expect(countColumn('CDS')).toBe('Nb. Médecins');
		expect(countColumn('CPTS')).toBe('Nb. Effecteurs');
		expect(countColumn('SOS')).toBe('Nb. Effecteurs');
	});
});
