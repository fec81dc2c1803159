import { z } from '../zod';
import { isLocalDate, isLocalTime } from '../civil';
import { TIME_ZONES } from '../time-zones';

export const idSchema = z.uuid({ error: 'Identifiant invalide' });

export const localDateSchema = z
	.string({ error: 'Date obligatoire' })
	.refine(isLocalDate, { error: 'Date invalide (format attendu : AAAA-MM-JJ)' });

export const localTimeSchema = z
	.string({ error: 'Heure obligatoire' })
	.refine(isLocalTime, { error: 'Heure invalide (format attendu : HH:MM)' });

export const instantSchema = z.iso.datetime({ offset: true, error: 'Date et heure invalides' });

export const timeZoneSchema = z.enum(TIME_ZONES, { error: 'Fuseau horaire non pris en charge' });

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

export const nameSchema = z
	.string({ error: 'Champ obligatoire' })
	.trim()
	.min(1, { error: 'Champ obligatoire' })
	.max(100, { error: '100 caractères au plus' });

/** The metadata the server keeps on every synced row (DESIGN §5). */
export const syncMetaSchema = z.object({
	version: z.number().int().min(1),
	updatedAt: instantSchema,
	updatedBy: z.string().nullable(),
	deleted: z.boolean()
});
export type SyncMeta = z.infer<typeof syncMetaSchema>;
