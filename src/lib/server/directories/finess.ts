import { isValidFiness, isValidSiret } from '$lib/domain/ids';
import type { StructureKind } from '$lib/domain/reference';
import { systemOf, toWgs84, type LonLat } from './projections';
import { phoneDigits } from './text';

/**
 * The FINESS establishment extract (etalab cs1100507 / cs1100502), read line by line: no header, a
 * first metadata line `finess;etalab;N;DATE`, `structureet` records then, in cs1100507,
 * `geolocalisation` records. Columns and codes: ../shared/reference/directories.md §1.
 */

/** The categories (categetab, TRE_R66) the SAS works with. */
export const FINESS_CATEGORIES: Record<string, StructureKind> = { '604': 'CPTS', '603': 'MSP', '124': 'CDS' };

export interface FinessStructure {
	finess: string;
	finessEj: string | null;
	kind: StructureKind;
	name: string;
	street: string | null;
	postalCode: string | null;
	city: string | null;
	inseeCode: string | null;
	/** The département code the territory uses: 01…95, 2A, 2B, 971…976, 986. */
	territory: string;
	phone: string | null;
	siret: string | null;
}

export type FinessLine =
	| { type: 'metadata'; extractedOn: string | null }
	| { type: 'structure'; structure: FinessStructure }
	| { type: 'skipped'; category: string }
	| { type: 'location'; finess: string; location: LonLat | null }
	| { type: 'refused'; reason: string };

/** FINESS `departement` of the overseas: the first digits of their INSEE codes (§1.6). */
const OVERSEAS: Record<string, string> = { '9A': '97', '9B': '97', '9C': '97', '9D': '97', '9E': '97', '9F': '97', '9J': '98' };

/** The INSEE code of a commune from FINESS's département and 3-character commune code. */
export function inseeCode(departement: string, commune: string): string | null {
	if (!/^\d{3}$/.test(commune)) return null;
	const overseas = OVERSEAS[departement];
	if (overseas) return overseas + commune;
	return /^(\d{2}|2[AB])$/.test(departement) ? departement + commune : null;
}

/** The territory (département) of a FINESS row: 9A–9F are 971–976 by the commune's first digit, 9J is 986. */
export function territoryOf(departement: string, commune: string): string | null {
	const insee = inseeCode(departement, commune);
	if (!insee) return null;
	return insee.startsWith('97') || insee.startsWith('98') ? insee.slice(0, 3) : departement;
}

const clean = (value: string | undefined) => {
	const text = value?.replace(/\s+/g, ' ').trim();
	return text ? text : null;
};

/** « 84200 CARPENTRAS CEDEX » → postal code and commune name. */
function routing(line: string | null): { postalCode: string | null; city: string | null } {
	const match = line ? /^(\d{5})\s+(.*?)(?:\s+CEDEX(?:\s+\d+)?)?$/i.exec(line) : null;
	return match ? { postalCode: match[1]!, city: clean(match[2]) } : { postalCode: null, city: line };
}

/** Street types (TRE-R35) as written on an address; other codes are kept as they are. */
const STREET_TYPES: Record<string, string> = {
	R: 'RUE', AV: 'AVENUE', BD: 'BOULEVARD', RTE: 'ROUTE', CHE: 'CHEMIN', PL: 'PLACE', ALL: 'ALLEE', IMP: 'IMPASSE', QU: 'QUAI',
	FG: 'FAUBOURG', CRS: 'COURS', SQ: 'SQUARE', PASS: 'PASSAGE', LOT: 'LOTISSEMENT', RES: 'RESIDENCE', CTRE: 'CENTRE', ESP: 'ESPLANADE', PRO: 'PROMENADE'
};
const REPETITION: Record<string, string> = { B: 'BIS', T: 'TER', Q: 'QUATER', C: 'QUINQUIES' };

/** One line, split into its fields (see text.ts); `kept` decides on the category. */
export function readFinessFields(fields: string[]): FinessLine {
	const type = fields[0];
	if (type === 'finess') return { type: 'metadata', extractedOn: /^\d{4}-\d{2}-\d{2}$/.test(fields[3] ?? '') ? fields[3]! : null };
	if (type === 'geolocalisation') {
		if (fields.length < 5) return { type: 'refused', reason: `ligne de géolocalisation incomplète (${fields.length} champs au lieu de 6)` };
		const finess = fields[1]!.trim();
		const system = systemOf(fields[4] ?? '');
		const x = Number(fields[2]!.replace(',', '.'));
		const y = Number(fields[3]!.replace(',', '.'));
		return { type: 'location', finess, location: system && fields[2] && fields[3] ? toWgs84(system, x, y) : null };
	}
	if (type !== 'structureet') return { type: 'refused', reason: `type d’enregistrement inconnu « ${(type ?? '').slice(0, 30)} »` };
	if (fields.length < 31) return { type: 'refused', reason: `ligne incomplète (${fields.length} champs au lieu de 32)` };
	const category = fields[18]!.trim();
	const kind = FINESS_CATEGORIES[category];
	if (!kind) return { type: 'skipped', category };
	const finess = fields[1]!.trim().toUpperCase();
	if (!isValidFiness(finess)) return { type: 'refused', reason: `numéro FINESS invalide « ${finess.slice(0, 12)} »` };
	const departement = fields[13]!.trim().toUpperCase();
	const commune = fields[12]!.trim();
	const territory = territoryOf(departement, commune);
	if (!territory) return { type: 'refused', reason: `département « ${departement} » ou commune « ${commune} » inconnus` };
	const name = clean(fields[4]) ?? clean(fields[3]);
	if (!name) return { type: 'refused', reason: 'raison sociale vide' };
	const streetType = clean(fields[8]);
	const repetition = clean(fields[10]);
	const street = [clean(fields[7]), repetition && (REPETITION[repetition] ?? repetition), streetType && (STREET_TYPES[streetType] ?? streetType), clean(fields[9])].filter(Boolean).join(' ');
	const place = routing(clean(fields[15]));
	const siret = fields[22]!.trim();
	const ej = fields[2]!.trim();
	return {
		type: 'structure',
		structure: {
			finess,
			finessEj: isValidFiness(ej) ? ej : null,
			kind,
			name: name.slice(0, 150),
			street: (street || clean(fields[11]))?.slice(0, 200) ?? null,
			postalCode: place.postalCode,
			city: place.city?.slice(0, 100) ?? null,
			inseeCode: inseeCode(departement, commune),
			territory,
			phone: phoneDigits(fields[16]),
			siret: isValidSiret(siret) ? siret : null
		}
	};
}
