import { isValidSiret } from '$lib/domain/ids';
import { phoneDigits } from './text';

/**
 * The RPPS extract « PS_LibreAcces_Personne_activite »: `|`-separated, a header line, no quoting
 * (a `"` is content), 52 or 56 columns read by their header name, one row per activity (person ×
 * site × role). Only the médecins (profession 10) are kept. See ../shared/reference/directories.md §2.
 */

export const PHYSICIAN = '10';

/** The columns read, by their header name in the extract. */
const COLUMNS = {
	idType: 'Type d\'identifiant PP',
	id: 'Identifiant PP',
	lastName: 'Nom d\'exercice',
	firstName: 'Prénom d\'exercice',
	profession: 'Code profession',
	specialtyCode: 'Code savoir-faire',
	specialty: 'Libellé savoir-faire',
	modeCode: 'Code mode exercice',
	siret: 'Numéro SIRET site',
	finess: 'Numéro FINESS site',
	siteName: 'Raison sociale site',
	number: 'Numéro Voie (coord. structure)',
	repetition: 'Indice répétition voie (coord. structure)',
	streetType: 'Libellé type de voie (coord. structure)',
	street: 'Libellé Voie (coord. structure)',
	postalCode: 'Code postal (coord. structure)',
	inseeCode: 'Code commune (coord. structure)',
	city: 'Libellé commune (coord. structure)',
	phone: 'Téléphone (coord. structure)'
} as const;

type Column = keyof typeof COLUMNS;
export type RppsColumns = Record<Column, number>;

/** Where each column read is in this file's header; throws, in French, when one is missing. */
export function rppsColumns(header: string): RppsColumns {
	const names = header.replace(/^\uFEFF/, '').split('|').map((name) => name.trim());
	const at = {} as RppsColumns;
	const missing: string[] = [];
	for (const [key, name] of Object.entries(COLUMNS) as [Column, string][]) {
		const index = names.indexOf(name);
		if (index === -1) missing.push(name);
		at[key] = index;
	}
	if (missing.length) throw new Error(`En-tête du fichier RPPS incomplet : colonne${missing.length > 1 ? 's' : ''} ${missing.map((m) => `« ${m} »`).join(', ')} absente${missing.length > 1 ? 's' : ''}.`);
	return at;
}

/** One activity of a médecin at a site, as the directory keeps it. */
export interface RppsActivity {
	rpps: string;
	lastName: string;
	firstName: string;
	specialtyCode: string | null;
	specialty: string | null;
	/** L libéral, S salarié, B bénévole (TRE_R23). */
	mode: string | null;
	siret: string | null;
	finess: string | null;
	siteName: string | null;
	street: string | null;
	postalCode: string | null;
	inseeCode: string | null;
	city: string | null;
	phone: string | null;
}

export type RppsLine = { type: 'activity'; activity: RppsActivity } | { type: 'skipped' } | { type: 'refused'; reason: string };

const clean = (value: string | undefined) => {
	const text = value?.trim();
	return text ? text : null;
};

/** One data line (header excluded). */
export function readRppsLine(line: string, at: RppsColumns, width: number): RppsLine {
	const fields = line.split('|');
	// A trailing `|` gives one empty field more than the header has names.
	if (fields.length < width - 1 || fields.length > width + 1) return { type: 'refused', reason: `${fields.length} champs au lieu de ${width}` };
	if (fields[at.profession] !== PHYSICIAN) return { type: 'skipped' };
	// Type 8: the identifier is an RPPS number (0 would be ADELI, which no médecin has any more).
	const rpps = fields[at.id]!.trim();
	if (fields[at.idType] !== '8' || !/^\d{11}$/.test(rpps)) return { type: 'refused', reason: `identifiant RPPS invalide « ${rpps.slice(0, 15)} »` };
	const lastName = clean(fields[at.lastName]);
	const firstName = clean(fields[at.firstName]);
	if (!lastName) return { type: 'refused', reason: 'nom d’exercice vide' };
	const street = [fields[at.number], fields[at.repetition], fields[at.streetType], fields[at.street]].map(clean).filter(Boolean).join(' ');
	const insee = clean(fields[at.inseeCode]);
	return {
		type: 'activity',
		activity: {
			rpps,
			lastName,
			firstName: firstName ?? '',
			specialtyCode: clean(fields[at.specialtyCode]),
			specialty: clean(fields[at.specialty]),
			mode: clean(fields[at.modeCode]),
			siret: isValidSiret(fields[at.siret] ?? '') ? fields[at.siret]! : null,
			finess: /^[0-9][0-9AB][0-9]{7}$/.test(fields[at.finess] ?? '') ? fields[at.finess]! : null,
			siteName: clean(fields[at.siteName]),
			street: street || null,
			postalCode: /^\d{5}$/.test(fields[at.postalCode] ?? '') ? fields[at.postalCode]! : null,
			inseeCode: insee && /^(\d{5}|2[AB]\d{3})$/.test(insee) ? insee : null,
			city: clean(fields[at.city]),
			phone: phoneDigits(fields[at.phone])
		}
	};
}
