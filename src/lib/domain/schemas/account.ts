import { z } from '../zod';
import { idSchema, nameSchema } from './common';
import { departmentSchema } from './structure';

import { ROLES, type Role } from '../roles';

export { ROLES, ROLE_LABELS, type Role } from '../roles';

/** Roles an account manager may create: doctors sign in with Pro Santé Connect by themselves. */
export const INVITABLE_ROLES = ['structureManager', 'accountManager', 'regulator'] as const;

export const PASSWORD_MIN_LENGTH = 12;

export const emailSchema = z
	.string({ error: 'Adresse e-mail obligatoire' })
	.trim()
	.toLowerCase()
	.pipe(z.email({ error: 'Adresse e-mail invalide (ex. : prenom.nom@exemple.fr)' }).max(254))
	.meta({ format: 'email', maxLength: 254 });

export const passwordSchema = z
	.string({ error: 'Mot de passe obligatoire' })
	.min(PASSWORD_MIN_LENGTH, { error: `Le mot de passe doit comporter au moins ${PASSWORD_MIN_LENGTH} caractères` })
	.max(128, { error: 'Le mot de passe ne peut dépasser 128 caractères' });

export const loginSchema = z.object({
	email: emailSchema,
	password: z.string({ error: 'Mot de passe obligatoire' }).min(1, { error: 'Mot de passe obligatoire' }).max(128)
});

export const newAccountSchema = z
	.object({
		email: emailSchema,
		firstName: nameSchema,
		lastName: nameSchema,
		role: z.enum(INVITABLE_ROLES, { error: 'Choisissez un rôle' }),
		structureIds: z.array(idSchema).max(20, { error: '20 structures au plus' }),
		territory: departmentSchema,
		/** A regulator who heads the territory's regulation: reads its dashboards. */
		regulationHead: z.boolean().optional()
	})
	.superRefine((a, ctx) => {
		if (a.role === 'structureManager' && a.structureIds.length === 0) {
			ctx.addIssue({ code: 'custom', path: ['structureIds'], message: 'Choisissez au moins une structure' });
		}
		if (a.regulationHead && a.role !== 'regulator') {
			ctx.addIssue({ code: 'custom', path: ['regulationHead'], message: 'Seul un régulateur peut être responsable de la régulation' });
		}
		if (a.role !== 'structureManager' && a.structureIds.length > 0) {
			ctx.addIssue({ code: 'custom', path: ['structureIds'], message: 'Seul un gestionnaire de structure est rattaché à des structures' });
		}
	});
export type NewAccount = z.infer<typeof newAccountSchema>;

export const acceptInvitationSchema = z
	.object({ password: passwordSchema, confirmation: z.string() })
	.refine((v) => v.password === v.confirmation, { path: ['confirmation'], message: 'Les deux mots de passe ne sont pas identiques' });

/** « Mot de passe oublié ? »: the address of the account. */
export const passwordResetRequestSchema = loginSchema.pick({ email: true });
