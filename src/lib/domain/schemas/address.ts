import { z } from '../zod';
import { timeZoneForPostalCode, UNSUPPORTED_TERRITORY } from '../time-zones';
import { idSchema, phoneSchema, textSchema, timeZoneSchema } from './common';

/** A lieu d'exercice of a practitioner. */
export const addressSchema = z.object({
	id: idSchema,
	practitionerId: idSchema,
	street: textSchema({ max: 200, required: 'Adresse obligatoire', label: 'Adresse' }),
	postalCode: z
		.string()
		.trim()
		.regex(/^\d{5}$/, { error: 'Code postal invalide (5 chiffres)', abort: true })
		.refine((code) => timeZoneForPostalCode(code) !== null, { error: UNSUPPORTED_TERRITORY }),
	city: textSchema({ max: 100, required: 'Commune obligatoire', label: 'Commune' }),
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
