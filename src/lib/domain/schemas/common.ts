import { z } from '../zod';
import { isLocalDate, isLocalTime } from '../civil';
import { TIME_ZONES } from '../time-zones';

export const idSchema = z.uuid({ error: 'Identifiant invalide' });

/** Years a date of this product may fall in: the database and Temporal agree on them all. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

function yearInRange(value: string): boolean {
	const year = Number(value.slice(0, 4));
	return year >= MIN_YEAR && year <= MAX_YEAR;
}

export const localDateSchema = z
	.string({ error: 'Date obligatoire' })
	.refine(isLocalDate, { error: 'Date invalide (format attendu : AAAA-MM-JJ)', abort: true })
	.refine(yearInRange, { error: `Date hors des années prises en charge (${MIN_YEAR} à ${MAX_YEAR})` })
	.meta({ format: 'date', examples: ['2026-12-07'] });

export const localTimeSchema = z
	.string({ error: 'Heure obligatoire' })
	.refine(isLocalTime, { error: 'Heure invalide (format attendu : HH:MM)' })
	.meta({ format: 'time', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', examples: ['18:30'] });

/**
 * An instant with its offset, as the database stores it: 4-digit year in range, at most
 * milliseconds (the database keeps microseconds; finer digits would round two instants into one),
 * an offset that exists (±14:00 at most).
 */
const INSTANT = /^(\d{4})-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

function isInstantShape(value: string): boolean {
	return INSTANT.test(value) && isLocalDate(value.slice(0, 10)) && Number.isFinite(Date.parse(value));
}

export function isInstant(value: string): boolean {
	return isInstantShape(value) && yearInRange(value);
}

export const instantSchema = z
	.string({ error: 'Date et heure obligatoires' })
	.refine(isInstantShape, { error: 'Date et heure invalides (format attendu : 2026-12-07T18:30:00+01:00)', abort: true })
	.refine(yearInRange, { error: `Date hors des années prises en charge (${MIN_YEAR} à ${MAX_YEAR})` })
	.meta({ format: 'date-time', examples: ['2026-12-07T18:30:00+01:00'] });

export const timeZoneSchema = z.enum(TIME_ZONES, { error: 'Fuseau horaire non pris en charge' });

/**
 * Invisible format characters (bidirectional overrides and isolates, zero-width spaces and
 * joiners, BOM, soft hyphen…): they can make a name read as something else to the next reader,
 * and nobody means to type them. They are removed.
 */
const INVISIBLE = /\p{Cf}/gu;
/** Control characters (NUL included) other than tab and line breaks. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;
/** Half of a UTF-16 pair without the other half: no database or JSON document can store it. */
const LONE_SURROGATE = /\p{Cs}/u;

export function stripInvisible(value: string): string {
	return value.replace(INVISIBLE, '');
}

/**
 * Text typed by a person and shown to others (names, addresses, free text): invisible format
 * characters removed, surrounding spaces trimmed; control characters and broken UTF-16 (a lone
 * surrogate) refused with a message, as the database and the audit log would refuse them.
 * One rule for the device, the REST API and the sync.
 */
export function textSchema({ max, required, multiline = false, label = 'Texte' }: { max: number; required?: string; multiline?: boolean; label?: string }) {
	let schema = z
		.string({ error: required ?? `${label} invalide` })
		.overwrite(stripInvisible)
		.trim()
		.refine((v) => !LONE_SURROGATE.test(v), { error: `${label} invalide : caractère illisible` })
		.refine((v) => !CONTROL.test(v) && (multiline || !LINE_BREAK.test(v)), {
			error: multiline ? `${label} invalide : caractère de contrôle non autorisé` : `${label} invalide : tenez-vous en à une ligne, sans caractère de contrôle`
		});
	if (required) schema = schema.min(1, { error: required });
	return schema.max(max, { error: `${max} caractères au plus` });
}

/** French phone numbers, overseas ones included; stored as 10 digits starting with 0. */
export function normalizePhone(value: string): string {
	const compact = value.replace(/[\s.\-()]/g, '');
	const international = /^\+(33|262|269|508|590|594|596)(\d{9})$/.exec(compact);
	return international ? `0${international[2]}` : compact;
}

export const phoneSchema = z
	.string()
	.trim()
	.transform(normalizePhone)
	.refine((value) => /^0[1-9]\d{8}$/.test(value), { error: 'Numéro de téléphone invalide (ex. : 04 90 12 34 56)' });

export function formatPhone(value: string): string {
	return value.replace(/(\d{2})(?=\d)/g, '$1 ');
}

export const nameSchema = textSchema({ max: 100, required: 'Champ obligatoire', label: 'Nom' });

/** The metadata the server keeps on every synced row (DESIGN §5). */
export const syncMetaSchema = z.object({
	version: z.number().int().min(1),
	updatedAt: instantSchema,
	updatedBy: z.string().nullable(),
	deleted: z.boolean()
});
export type SyncMeta = z.infer<typeof syncMetaSchema>;
