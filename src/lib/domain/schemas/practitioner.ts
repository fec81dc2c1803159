import { z } from '../zod';
import { isValidRpps } from '../ids';
import { SPECIALTIES } from '../reference';
import { idSchema, localDateSchema, nameSchema, phoneSchema } from './common';

export const rppsSchema = z
	.string({ error: 'Identifiant RPPS obligatoire' })
	.trim()
	.regex(/^\d{11}$/, { error: "L’identifiant RPPS comporte 11 chiffres" })
	.refine(isValidRpps, { error: "Cet identifiant RPPS n’est pas valide : vérifiez le dernier chiffre (clé de contrôle)" });

export const practitionerSchema = z.object({
	id: idSchema,
	rpps: rppsSchema,
	lastName: nameSchema,
	firstName: nameSchema,
	specialties: z
		.array(z.enum(SPECIALTIES, { error: 'Spécialité inconnue' }))
		.min(1, { error: 'Choisissez au moins une spécialité' }),
	phone: phoneSchema.nullable(),
	/** "Inscrit le …": the date the doctor joined the SAS. */
	registeredAt: localDateSchema.nullable(),
	/** The health centre that keeps this doctor's agenda (a CDS doctor needs no login). */
	healthCentreId: idSchema.nullable()
});

export type Practitioner = z.infer<typeof practitionerSchema>;

export function displayName(p: Pick<Practitioner, 'firstName' | 'lastName'>): string {
	return `Dr ${p.firstName} ${p.lastName}`;
}
