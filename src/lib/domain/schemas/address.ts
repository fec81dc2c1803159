import { z } from '../zod';
import { idSchema, phoneSchema, timeZoneSchema } from './common';

/** A lieu d'exercice of a practitioner. */
export const addressSchema = z.object({
	id: idSchema,
	practitionerId: idSchema,
	street: z.string().trim().min(1, { error: 'Adresse obligatoire' }).max(200, { error: '200 caractères au plus' }),
	postalCode: z.string().trim().regex(/^\d{5}$/, { error: 'Code postal invalide (5 chiffres)' }),
	city: z.string().trim().min(1, { error: 'Commune obligatoire' }).max(100, { error: '100 caractères au plus' }),
	inseeCode: z
		.string()
		.trim()
		.regex(/^(\d{5}|2[AB]\d{3})$/, { error: 'Code INSEE invalide (5 caractères)' })
		.nullable(),
	phone: phoneSchema.nullable(),
	timeZone: timeZoneSchema
});

export type Address = z.infer<typeof addressSchema>;

export function formatAddress(a: Pick<Address, 'street' | 'postalCode' | 'city'>): string {
	return `${a.street}, ${a.postalCode} ${a.city}`;
}
