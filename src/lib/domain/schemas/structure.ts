import { z } from '../zod';
import { isValidFiness, isValidSiret } from '../ids';
import { STRUCTURE_KINDS } from '../reference';
import { idSchema, phoneSchema, textSchema } from './common';

export const finessSchema = z
	.string()
	.trim()
	.toUpperCase()
	.regex(/^(\d{2}|2[AB])\d{7}$/, { error: 'Le numéro FINESS comporte 9 caractères (ex. : 840012345)' })
	.refine(isValidFiness, { error: "Ce numéro FINESS n’est pas valide : vérifiez la clé de contrôle" });

export const departmentSchema = z.string().regex(/^(\d{2}|2[AB]|97[1-8]|98[4-8])$/, { error: 'Département invalide' });

export const siretSchema = z
	.string()
	.transform((v) => v.replace(/[\s.]/g, ''))
	.pipe(z.string().regex(/^\d{14}$/, { error: 'Le SIRET comporte 14 chiffres' }).refine(isValidSiret, { error: "Ce SIRET n’est pas valide : vérifiez les chiffres (clé de contrôle)" }));
const streetSchema = textSchema({ max: 200, label: 'Adresse' });
const structureEmailSchema = z.string().trim().toLowerCase().pipe(z.email({ error: 'Adresse e-mail invalide (ex. : contact@cpts.fr)' }).max(254));

export const structureFields = z.object({
	id: idSchema,
	kind: z.enum(STRUCTURE_KINDS, { error: 'Type de structure inconnu' }),
	name: textSchema({ max: 150, required: 'Nom obligatoire', label: 'Nom' }),
	finess: finessSchema.nullable(),
	rorId: textSchema({ max: 50, label: 'Identifiant ROR' }).nullable(),
	phone: phoneSchema.nullable(),
	city: textSchema({ max: 100, label: 'Commune' }).nullable(),
	postalCode: z.string().regex(/^\d{5}$/, { error: 'Code postal invalide (5 chiffres)' }).nullable(),
	/** The department whose account managers administer the structure. */
	territory: departmentSchema,
	/** INSEE codes of the communes the structure covers. */
	zone: z.array(z.string().regex(/^(\d{5}|2[AB]\d{3})$/, { error: 'Code INSEE invalide' })),
	/** Health centres only: the centre participates and declares ≥ 2 h a week for each GP (seed 003 Q9). */
	participates: z.boolean(),
	honourDeclaration: z.boolean(),
	/** SOS Médecins has no FINESS category: its SIRET identifies it. */
	siret: siretSchema.nullable().default(null),
	street: streetSchema.nullable().default(null),
	email: structureEmailSchema.nullable().default(null),
	inseeCode: z.string().regex(/^(\d{5}|2[AB]\d{3})$/, { error: 'Code INSEE invalide' }).nullable().default(null),
	/** WGS84, from FINESS or the address geocoded. */
	latitude: z.number().min(-90).max(90).nullable().default(null),
	longitude: z.number().min(-180).max(180).nullable().default(null),
	/** No longer in FINESS (or closed by an account manager): kept with its members and history, offered to nobody. */
	closed: z.boolean().default(false)
});

export type Structure = z.infer<typeof structureFields>;

/** The honour declaration a health centre gives when it takes part (seed 003 Q9). */
export const CENTRE_HONOUR_DECLARATION =
	'Je déclare sur l’honneur mettre en visibilité à minima 2 heures de disponibilités par semaine pour chaque médecin généraliste de mon centre de santé sur mon agenda de la plateforme numérique SAS';

export const structureSchema = structureFields.superRefine((s, ctx) => {
	if (s.kind === 'CDS' && s.participates && !s.honourDeclaration) {
		ctx.addIssue({ code: 'custom', path: ['honourDeclaration'], message: 'Cochez la déclaration sur l’honneur pour que le centre participe au SAS' });
	}
});

/** What a structure's manager keeps on its card, the one regulators will see. */
export const structureCardSchema = structureFields.pick({ name: true, phone: true, email: true, street: true, postalCode: true, city: true, zone: true });
export type StructureCard = z.infer<typeof structureCardSchema>;

/**
 * A FINESS number for a CPTS, an MSP or a centre; a SIRET for SOS Médecins, which FINESS does not
 * list. The missing one, by field (none when the structure is identified).
 */
export function missingIdentification(s: { kind?: string; finess?: string | null; siret?: string | null }): Record<string, string[]> {
	if (s.kind === 'SOS' && !s.siret) return { siret: ['Le SIRET de l’association est obligatoire (SOS Médecins n’a pas de numéro FINESS)'] };
	if (s.kind && s.kind !== 'SOS' && !s.finess) return { finess: ['Le numéro FINESS de l’établissement est obligatoire'] };
	return {};
}

function identifiedByKind(s: { kind?: string; finess?: string | null; siret?: string | null }, ctx: z.RefinementCtx): void {
	for (const [field, messages] of Object.entries(missingIdentification(s))) for (const message of messages) ctx.addIssue({ code: 'custom', path: [field], message });
}

/** A structure an account manager creates by hand, in their territory. */
export const newStructureSchema = structureFields
	.pick({ kind: true, finess: true, siret: true, territory: true })
	.extend(structureCardSchema.shape)
	.superRefine(identifiedByKind);
export type NewStructure = z.infer<typeof newStructureSchema>;

/**
 * A change of a structure: its card, and (account managers only) what identifies it and whether it
 * is open. Only the fields sent change (no defaults here: a field left out is not a field emptied).
 */
export const structurePatchSchema = z.object({
	name: structureFields.shape.name.optional(),
	phone: phoneSchema.nullable().optional(),
	email: structureEmailSchema.nullable().optional(),
	street: streetSchema.nullable().optional(),
	postalCode: structureFields.shape.postalCode.optional(),
	city: structureFields.shape.city.optional(),
	zone: structureFields.shape.zone.optional(),
	finess: finessSchema.nullable().optional(),
	siret: siretSchema.nullable().optional(),
	closed: z.boolean().optional()
});
export type StructurePatch = z.infer<typeof structurePatchSchema>;
