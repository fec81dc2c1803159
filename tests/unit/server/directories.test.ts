import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inseeCode, readFinessFields, territoryOf } from '../../../src/lib/server/directories/finess';
import { systemOf, toWgs84 } from '../../../src/lib/server/directories/projections';
import { readRppsLine, rppsColumns } from '../../../src/lib/server/directories/rpps';
import { detectEncoding, readLines, splitQuoted } from '../../../src/lib/server/directories/text';
import { FINESS_ROWS, RPPS_HEADER_56, RPPS_ROWS, geolocationLine, rppsLine, structureLine, windows1252 } from '../../fixtures/directory-files';

/** Metres between two WGS84 points (haversine). */
function metres(a: { longitude: number; latitude: number }, b: { longitude: number; latitude: number }): number {
	const rad = Math.PI / 180;
	const h = Math.sin(((b.latitude - a.latitude) * rad) / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(((b.longitude - a.longitude) * rad) / 2) ** 2;
	return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

describe('coordinate systems of FINESS', () => {
	// The reference's control values (pyproj), for each system FINESS uses.
	it.each([
		['EPSG:2154 RGF93 / Lambert-93 (Métropole)', 870262.2, 6571540.8, 5.20918, 46.22229],
		['EPSG:5490 RGAF09/UTM Zone 20N (Antilles)', 657242.9, 1795384.4, -61.52874, 16.234],
		['EPSG:2972 RGFG95/UTM 22N (Guyane)', 353672.8, 544349.1, -52.31973, 4.92347],
		['EPSG:2975 RGR92/UTM 40S (La Réunion)', 323086.6, 7679599.8, 55.29821, -20.97571],
		['EPSG:4471 RGM04/UTM 38S (Mayotte)', 524819.9, 8587194.7, 45.22868, -12.77989],
		['WGS84/UTM zone 21N (St-Pierre-et-Miquelon)', 563213.8, 5180306.8, -56.17201, 46.77332]
	])('%s: (%d, %d) → %d, %d within 5 m', (source, x, y, longitude, latitude) => {
		const system = systemOf(`1,ATLASANTE,96,BAN,${source}`);
		expect(system).not.toBeNull();
		const point = toWgs84(system!, x, y)!;
		expect(metres(point, { longitude, latitude })).toBeLessThan(5);
	});

	it.each([
		['1,ATLASANTE,.,ADMIN-EXPRESS-2023,L93_METROPOLE', '2154'],
		['LAMBERT_93', '2154'],
		['UTM_N20', '5490'],
		['UTM_N22', '2972'],
		['UTM_S40', '2975'],
		['UTM_S38', '4471'],
		['UTM_N21', '32621'],
		['2,ATLASANTE,90,BAN,WGS84/UTM zone 1S (Wallis-et-Futuna)', '32701'],
		['', null],
		['1,ATLASANTE,96,BAN,EPSG:9999 inconnu', null]
	])('reads « %s » as EPSG %s', (source, epsg) => {
		expect(systemOf(source)).toBe(epsg);
	});

	it('never sends an overseas point through Lambert-93: each row is read in its own system', () => {
		const reunion = toWgs84(systemOf('EPSG:2975')!, 323086.6, 7679599.8)!;
		expect(reunion.latitude).toBeLessThan(-20);
		expect(toWgs84('2154', Number.NaN, 1)).toBeNull();
	});
});

describe('FINESS lines', () => {
	it.each([
		['splits on ;', 'a;b;;c', ['a', 'b', '', 'c']],
		['keeps a separator inside quotes', 'a;"b;c";d', ['a', 'b;c', 'd']],
		['reads doubled quotes', '"LIEU ""MAVOUNA"" 1";x', ['LIEU "MAVOUNA" 1', 'x']],
		['keeps the empty last field of a trailing separator', 'a;b;', ['a', 'b', '']]
	])('%s', (_, line, fields) => {
		expect(splitQuoted(line, ';')).toEqual(fields);
	});

	it('says when a quote is left open (the record goes on on the next line)', () => {
		expect(splitQuoted('a;"b', ';')).toBeNull();
	});

	it.each([
		['01', '451', '01451', '01'],
		['84', '031', '84031', '84'],
		['2A', '004', '2A004', '2A'],
		['9A', '101', '97101', '971'],
		['9B', '207', '97207', '972'],
		['9C', '302', '97302', '973'],
		['9D', '411', '97411', '974'],
		['9E', '502', '97502', '975'],
		['9F', '606', '97606', '976'],
		['9J', '613', '98613', '986']
	])('département %s, commune %s: INSEE %s, territory %s', (departement, commune, insee, territory) => {
		expect(inseeCode(departement, commune)).toBe(insee);
		expect(territoryOf(departement, commune)).toBe(territory);
	});

	it('keeps a CPTS with its quoted name, its street written out, its routing line without CEDEX', () => {
		const [cpts, msp, centre] = FINESS_ROWS.map((r) => readFinessFields(splitQuoted(structureLine(r), ';')!));
		expect(cpts).toMatchObject({ type: 'structure', structure: { kind: 'CPTS', name: 'CPTS DES MONTS DE VAUCLUSE; "LES SOURCES"', street: '12 AVENUE DES PLATANES', postalCode: '84200', city: 'CARPENTRAS', inseeCode: '84031', territory: '84', phone: '0490112233' } });
		expect(msp).toMatchObject({ type: 'structure', structure: { kind: 'MSP', postalCode: '05000', city: 'GAP', street: '3 RUE DU TORRENT' } });
		expect(centre).toMatchObject({ type: 'structure', structure: { kind: 'CDS', inseeCode: '97411', territory: '974' } });
	});

	it('skips other categories, and refuses short lines, invalid numbers and unknown records with a reason', () => {
		expect(readFinessFields(splitQuoted(structureLine(FINESS_ROWS[3]!), ';')!)).toEqual({ type: 'skipped', category: '355' });
		expect(readFinessFields(['structureet', '840009011', 'x'])).toMatchObject({ type: 'refused', reason: expect.stringContaining('ligne incomplète') });
		const wrongKey = structureLine({ ...FINESS_ROWS[0]!, finess: '840009010' });
		expect(readFinessFields(splitQuoted(wrongKey, ';')!)).toMatchObject({ type: 'refused', reason: expect.stringContaining('numéro FINESS invalide') });
		expect(readFinessFields(['autre', '1'])).toMatchObject({ type: 'refused', reason: expect.stringContaining('inconnu') });
	});

	it('reads a geolocalisation line in the system it names', () => {
		const read = readFinessFields(splitQuoted(geolocationLine(FINESS_ROWS[2]!)!, ';')!);
		expect(read).toMatchObject({ type: 'location', finess: FINESS_ROWS[2]!.finess });
		expect(metres((read as { location: { longitude: number; latitude: number } }).location, { longitude: 55.29821, latitude: -20.97571 })).toBeLessThan(5);
	});
});

describe('RPPS lines', () => {
	const header56 = RPPS_HEADER_56.join('|');
	const header52 = RPPS_HEADER_56.slice(0, 52).join('|') + '|';

	it('finds its columns by name in both layouts, and says which one is missing', () => {
		expect(rppsColumns(header56).inseeCode).toBe(36);
		expect(rppsColumns(header52).inseeCode).toBe(36);
		expect(() => rppsColumns(RPPS_HEADER_56.filter((n) => n !== "Nom d'exercice").join('|'))).toThrow("colonne « Nom d'exercice » absente");
	});

	it.each([
		[56, false],
		[52, true]
	] as const)('reads a médecin of the %d-column layout (trailing | %s)', (columns, trailing) => {
		const header = RPPS_HEADER_56.slice(0, columns).join('|') + (trailing ? '|' : '');
		const at = rppsColumns(header);
		const width = header.split('|').length;
		const read = readRppsLine(rppsLine(RPPS_ROWS[0]!, columns) + (trailing ? '|' : ''), at, width);
		expect(read).toEqual({
			type: 'activity',
			activity: expect.objectContaining({ rpps: RPPS_ROWS[0]!.rpps, lastName: 'FABRE', firstName: 'Odile', specialtyCode: 'SM54', mode: 'L', street: '12 Avenue DES PLATANES', postalCode: '84200', inseeCode: '84031', phone: '0490112244' })
		});
	});

	it('takes a " as content, skips other professions, refuses a wrong width or identifier', () => {
		const at = rppsColumns(header56);
		expect(readRppsLine(rppsLine(RPPS_ROWS[2]!, 56), at, 56)).toMatchObject({ type: 'activity', activity: { inseeCode: '97411', lastName: 'NGUYEN' } });
		expect(readRppsLine(rppsLine(RPPS_ROWS[4]!, 56), at, 56)).toEqual({ type: 'skipped' });
		expect(readRppsLine('8|123|x', at, 56)).toMatchObject({ type: 'refused', reason: '3 champs au lieu de 56' });
		const bad = rppsLine({ ...RPPS_ROWS[0]!, rpps: '12AB' }, 56);
		expect(readRppsLine(bad, at, 56)).toMatchObject({ type: 'refused', reason: expect.stringContaining('identifiant RPPS invalide') });
	});
});

describe('encodings', () => {
	const dir = mkdtempSync(join(tmpdir(), 'agenda-sas-encodings-'));

	it('reads UTF-8 (BOM dropped, \\r\\n or \\n) and falls back to Windows-1252 for older extracts', async () => {
		const utf8 = join(dir, 'utf8.csv');
		writeFileSync(utf8, '\uFEFFfiness;etalab;1;2026-05-12\r\nMAISON DE SANTÉ\nfin');
		expect(await detectEncoding(utf8)).toBe('utf-8');
		const lines: string[] = [];
		for await (const line of readLines(utf8, 'utf-8')) lines.push(line);
		expect(lines).toEqual(['finess;etalab;1;2026-05-12', 'MAISON DE SANTÉ', 'fin']);

		const latin = join(dir, 'latin.csv');
		writeFileSync(latin, windows1252('CENTRE DE SANTÉ DE L’ÎLE\n'.replace('’', "'")));
		expect(await detectEncoding(latin)).toBe('windows-1252');
		const read: string[] = [];
		for await (const line of readLines(latin, 'windows-1252')) read.push(line);
		expect(read).toEqual(["CENTRE DE SANTÉ DE L'ÎLE"]);
	});
});
