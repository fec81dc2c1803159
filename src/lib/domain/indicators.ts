import { frenchCsv } from './csv';
import { STRUCTURE_KINDS, type StructureKind } from './reference';

/**
 * The indicators of seed 000 (« CPTS et nombre d'effecteurs »): per structure, the doctors who take
 * part in the SAS through it, with totals per kind of structure.
 */

export interface StructureIndicator {
	structureId: string;
	kind: StructureKind;
	name: string;
	finess: string | null;
	/** « Nb. Effecteurs »: members in the SAS sense (participation through it, or doctors of the centre). */
	members: number;
	/** Of whom keep the manual SAS agenda. */
	manual: number;
	/** Of whom met the 2-hour target in the week shown, as recorded when it closed (weekly_stats). */
	meetingTarget: number;
}

export interface IndicatorGroup {
	kind: StructureKind;
	rows: StructureIndicator[];
	totals: { structures: number; members: number; manual: number; meetingTarget: number };
}

/** « Nom de la CPTS déclarée », « Nom de la MSP déclarée »… */
export const KIND_SHORT: Record<StructureKind, string> = { CPTS: 'CPTS', MSP: 'MSP', CDS: 'centre de santé', SOS: 'SOS Médecins' };

/** « Nb. Effecteurs » (the seed's column); a health centre's are its doctors, as its title says. */
export function countColumn(kind: StructureKind): string {
	return kind === 'CDS' ? 'Nb. Médecins' : 'Nb. Effecteurs';
}

export function nameColumn(kind: StructureKind): string {
	return kind === 'CDS' ? 'Nom du centre de santé déclaré' : kind === 'SOS' ? 'Nom de l’association SOS Médecins déclarée' : `Nom de la ${KIND_SHORT[kind]} déclarée`;
}

/** One group per kind that has structures, in the usual order (CPTS, MSP, CDS, SOS), rows by name. */
export function groupIndicators(rows: readonly StructureIndicator[]): IndicatorGroup[] {
	return STRUCTURE_KINDS.map((kind) => {
		const of = rows.filter((r) => r.kind === kind).sort((a, b) => a.name.localeCompare(b.name, 'fr', { sensitivity: 'base' }));
		const sum = (key: 'members' | 'manual' | 'meetingTarget') => of.reduce((n, r) => n + r[key], 0);
		return { kind, rows: of, totals: { structures: of.length, members: sum('members'), manual: sum('manual'), meetingTarget: sum('meetingTarget') } };
	}).filter((g) => g.rows.length > 0);
}

/**
 * The table of one kind as CSV for a spreadsheet in French: « ; » between columns, CRLF, a BOM so
 * that Excel reads UTF-8, the seed's column names, and the totals as the last row. A cell that a
 * spreadsheet would take for a formula is neutralised (CSV injection).
 */
export function indicatorsCsv(group: IndicatorGroup): string {
	const header = ['Num. FINESS', nameColumn(group.kind), countColumn(group.kind), 'Agenda SAS manuel', 'Objectif atteint (semaine close)'];
	const lines = [
		header,
		...group.rows.map((r) => [r.finess, r.name, r.members, r.manual, r.meetingTarget]),
		['Total', `${group.totals.structures} ${KIND_SHORT[group.kind]}`, group.totals.members, group.totals.manual, group.totals.meetingTarget]
	];
	return frenchCsv(lines);
}
