import { z } from '../zod';
import { CONSULTATION_TYPES, SPECIALTIES } from '../reference';
import { RADII_KM } from '../regulation-search';
import { idSchema, instantSchema, localDateSchema, localTimeSchema, textSchema } from './common';

export const ORIENTATION_KINDS = ['creneau', 'plage', 'surnumeraire', 'editeur'] as const;
export const ORIENTATION_STATUSES = ['pending', 'confirmed', 'honoured', 'not_honoured', 'cancelled'] as const;
export type OrientationStatus = (typeof ORIENTATION_STATUSES)[number];

/** The doctor's and the coordinator's words for each status. */
export const ORIENTATION_STATUS_LABELS: Record<OrientationStatus, string> = {
	pending: 'En attente',
	confirmed: 'Confirmé',
	honoured: 'Honoré',
	not_honoured: 'Non honoré',
	cancelled: 'Annulé'
};

export const searchQuerySchema = z.object({
	inseeCode: z.string().regex(/^(\d{5}|2[AB]\d{3})$/, { error: 'Choisissez une commune dans la liste' }),
	street: textSchema({ max: 200, label: 'Adresse' }).optional(),
	specialty: z.enum(SPECIALTIES, { error: 'Spécialité inconnue' }).optional(),
	radiusKm: z.coerce.number().refine((n) => (RADII_KM as readonly number[]).includes(n), { error: `Rayon : ${RADII_KM.join(', ')} km` }).optional()
});

/** « Adresser un patient »: on a slot or range of the SAS agenda, « hors créneaux », or through the editor's page. */
export const newOrientationSchema = z
	.object({
		practitionerId: idSchema,
		kind: z.enum(ORIENTATION_KINDS, { error: 'Type d’orientation inconnu' }),
		availabilityId: idSchema.nullable().default(null),
		/** The slot's or range's start (créneau, plage, éditeur). */
		start: instantSchema.nullable().default(null),
		/** Surnuméraire: the date and a quarter hour. */
		date: localDateSchema.nullable().default(null),
		time: localTimeSchema.nullable().default(null),
		consultationType: z.enum(CONSULTATION_TYPES, { error: 'Type de consultation inconnu' }).nullable().default(null),
		/** A reference the regulator will recognise (file number, initials): never health data. */
		patientReference: textSchema({ max: 40, label: 'Référence' }).default('')
	})
	.superRefine((o, ctx) => {
		if ((o.kind === 'creneau' || o.kind === 'plage') && (!o.availabilityId || !o.start)) ctx.addIssue({ code: 'custom', path: ['start'], message: 'Choisissez un créneau' });
		if (o.kind === 'editeur' && !o.start) ctx.addIssue({ code: 'custom', path: ['start'], message: 'Choisissez un créneau' });
		if (o.kind === 'surnumeraire') {
			if (!o.date) ctx.addIssue({ code: 'custom', path: ['date'], message: 'Indiquez la date' });
			if (!o.time) ctx.addIssue({ code: 'custom', path: ['time'], message: 'Indiquez l’heure' });
			else if (Number(o.time.slice(3, 5)) % 15 !== 0) ctx.addIssue({ code: 'custom', path: ['time'], message: 'Heure par quart d’heure (ex. : 14:15)' });
		}
	});
export type NewOrientation = z.output<typeof newOrientationSchema>;

/**
 * An orientation as it syncs to the doctor's and the coordinator's devices. Made by the regulation
 * (never by a device); a device changes its status only (server rules).
 */
export const orientationFields = z.object({
	id: idSchema,
	regulatorAccountId: idSchema,
	regulatorLabel: z.string().max(200),
	practitionerId: idSchema,
	structureId: idSchema.nullable(),
	addressId: idSchema.nullable(),
	availabilityId: idSchema.nullable(),
	kind: z.enum(ORIENTATION_KINDS, { error: 'Type d’orientation inconnu' }),
	startsAt: instantSchema,
	endsAt: instantSchema.nullable(),
	consultationType: z.enum(CONSULTATION_TYPES, { error: 'Type de consultation inconnu' }).nullable(),
	patientReference: z.string().max(40),
	status: z.enum(ORIENTATION_STATUSES, { error: 'Statut inconnu' }),
	statusChangedBy: z.string().max(200).nullable(),
	createdAt: instantSchema
});
export type Orientation = z.infer<typeof orientationFields>;

export const orientationStatusSchema = z.object({ status: z.enum(ORIENTATION_STATUSES, { error: 'Statut inconnu' }) });

export const DECLARATION_KINDS = ['injoignable', 'indisponible', 'mauvaise_specialite', 'autre'] as const;
export const DECLARATION_LABELS: Record<(typeof DECLARATION_KINDS)[number], string> = {
	injoignable: 'Injoignable',
	indisponible: 'Indisponible',
	mauvaise_specialite: 'Mauvaise spécialité',
	autre: 'Autre'
};

export const newDeclarationSchema = z
	.object({ kind: z.enum(DECLARATION_KINDS, { error: 'Motif inconnu' }), comment: textSchema({ max: 500, multiline: true, label: 'Commentaire' }).default('') })
	.superRefine((d, ctx) => {
		if (d.kind === 'autre' && !d.comment.trim()) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'Précisez le motif' });
	});

/** Who may move an orientation to which status: the doctor's side follows it, the regulator cancels. */
export function statusChangeAllowed(from: OrientationStatus, to: OrientationStatus, by: 'regulator' | 'practitioner'): boolean {
	if (from === to || from === 'cancelled') return false;
	if (by === 'regulator') return to === 'cancelled' && (from === 'pending' || from === 'confirmed');
	if (from === 'honoured' || from === 'not_honoured') return to === 'honoured' || to === 'not_honoured';
	return to !== 'pending';
}
