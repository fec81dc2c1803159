import { CONSULTATION_TYPES, STRUCTURE_KINDS } from '$lib/domain/reference';
import { DECLARATION_KINDS, idSchema, newDeclarationSchema, newOrientationSchema, ORIENTATION_KINDS, ORIENTATION_STATUSES, orientationStatusSchema, searchQuerySchema } from '$lib/domain/schemas';
import { z } from '$lib/domain/zod';
import { idempotencyKeyHeader, ifMatchHeader, operation } from '../operation';

const offerSchema = z.object({
	source: z.enum(['sas', 'editor']),
	start: z.number(),
	end: z.number(),
	kind: z.enum(['slot', 'capacity', 'walk_in']),
	capacity: z.number().nullable(),
	taken: z.number(),
	consultationTypes: z.array(z.enum(CONSULTATION_TYPES)),
	availabilityId: idSchema.nullable(),
	addressId: idSchema.nullable(),
	bookingUrl: z.string().nullable()
});

export const candidateSchema = z.object({
	practitionerId: idSchema,
	name: z.string(),
	specialties: z.array(z.string()),
	address: z.object({ id: idSchema, street: z.string(), postalCode: z.string(), city: z.string(), phone: z.string().nullable() }),
	distanceKm: z.number().nullable(),
	participates: z.boolean(),
	forfaitReorientation: z.boolean(),
	complementaryInfo: z.string().nullable(),
	structure: z.object({ id: idSchema, kind: z.enum(STRUCTURE_KINDS), name: z.string(), phone: z.string().nullable() }).nullable(),
	interfaced: z.boolean(),
	offers: z.array(offerSchema)
});

export const searchOffer = operation({
	operationId: 'searchOffer',
	method: 'get',
	path: '/api/regulation/search',
	summary:
		'La recherche du régulateur : les professionnels dont un lieu est dans le rayon de la commune (ou de l’adresse) choisie, avec leurs créneaux et plages de l’agenda SAS de maintenant à la fin du surlendemain (les créneaux des logiciels interfacés se demandent ensuite, par page)',
	tags: ['Régulation'],
	auth: true,
	query: searchQuerySchema,
	response: z.object({
		place: z.object({ label: z.string(), latitude: z.number(), longitude: z.number(), department: z.string(), precise: z.boolean() }),
		radiusKm: z.number(),
		until: z.number(),
		now: z.number(),
		candidates: z.array(candidateSchema)
	}),
	errors: [401, 403, 422]
});

export const searchEditorOffers = operation({
	operationId: 'searchEditorOffers',
	method: 'get',
	path: '/api/regulation/editor-slots',
	summary: 'Les créneaux publiés par les logiciels de ces professionnels (25 au plus), liens vers la page de réservation de l’éditeur (origin=sas)',
	tags: ['Régulation'],
	auth: true,
	query: z.object({ ids: z.string().transform((s) => s.split(',').filter(Boolean)).pipe(z.array(idSchema).min(1).max(25, { error: '25 professionnels au plus' })) }),
	response: z.array(z.object({ practitionerId: idSchema, editor: z.string(), state: z.enum(['ok', 'unavailable']), failingSince: z.string().nullable(), offers: z.array(offerSchema) })),
	errors: [401, 403, 422]
});

const orientationSchema = z.object({ id: idSchema, kind: z.enum(ORIENTATION_KINDS), start: z.string(), end: z.string().nullable(), status: z.enum(ORIENTATION_STATUSES) });

export const createOrientation = operation({
	operationId: 'createOrientation',
	method: 'post',
	path: '/api/orientations',
	summary:
		'« Adresser un patient » : sur un créneau ou une plage de l’agenda SAS, hors créneaux (surnuméraire, date et quart d’heure) ou via la page de l’éditeur, pour un médecin du territoire du régulateur ; 409 « Ce créneau vient d’être pris » quand un autre régulateur l’a pris avant. Avec Idempotency-Key, la même demande renvoyée (réponse perdue, double clic) reçoit la première réponse et ne crée rien de plus',
	tags: ['Régulation'],
	auth: true,
	headers: [idempotencyKeyHeader],
	body: newOrientationSchema,
	response: orientationSchema,
	status: 201,
	errors: [401, 403, 404, 409, 422]
});

export const updateOrientation = operation({
	operationId: 'updateOrientation',
	method: 'patch',
	path: '/api/orientations/{id}',
	summary:
		'Le médecin ou son coordinateur confirme ou marque une orientation (Confirmé, Honoré, Non honoré, Annulé) ; le régulateur qui l’a faite peut l’annuler. Une orientation annulée le reste. 409 avec l’état actuel (`current`) quand elle a changé entre-temps (If-Match) ou que son état actuel ne permet pas ce passage ; 422 pour un statut que ce rôle ne donne jamais',
	tags: ['Régulation'],
	auth: true,
	params: z.object({ id: idSchema }),
	headers: [ifMatchHeader(false, 'La version lue de l’orientation (ETag de la réponse précédente) ; absent : le passage est vérifié sur l’état actuel')],
	body: orientationStatusSchema,
	response: z.object({ id: idSchema, status: z.enum(ORIENTATION_STATUSES), version: z.number().int() }),
	errors: [401, 403, 404, 409, 422]
});

export const listMyOrientations = operation({
	operationId: 'listMyOrientations',
	method: 'get',
	path: '/api/regulation/orientations',
	summary: 'Les orientations du régulateur connecté, des 7 derniers jours',
	tags: ['Régulation'],
	auth: true,
	response: z.array(z.object({ id: idSchema, kind: z.enum(ORIENTATION_KINDS), start: z.string(), status: z.enum(ORIENTATION_STATUSES), patientReference: z.string(), practitioner: z.string() })),
	errors: [401, 403]
});

export const listPractitionerOrientations = operation({
	operationId: 'listPractitionerOrientations',
	method: 'get',
	path: '/api/practitioners/{id}/orientations',
	summary: '« Patients adressés par la régulation » (30 derniers jours) et les déclarations des régulateurs sur ce professionnel',
	tags: ['Régulation'],
	auth: true,
	params: z.object({ id: idSchema }),
	response: z.object({
		orientations: z.array(orientationSchema.extend({ availabilityId: idSchema.nullable(), consultationType: z.enum(CONSULTATION_TYPES).nullable(), patientReference: z.string(), createdAt: z.string(), regulator: z.string() })),
		declarations: z.array(z.object({ id: idSchema, kind: z.enum(DECLARATION_KINDS), comment: z.string(), createdAt: z.string(), regulator: z.string() }))
	}),
	errors: [401, 403, 404]
});

export const createDeclaration = operation({
	operationId: 'createDeclaration',
	method: 'post',
	path: '/api/practitioners/{id}/declarations',
	summary: 'Un régulateur déclare un professionnel « Injoignable », « Indisponible », « Mauvaise spécialité » ou « Autre » (avec un commentaire)',
	tags: ['Régulation'],
	auth: true,
	params: z.object({ id: idSchema }),
	body: newDeclarationSchema,
	response: z.object({ id: idSchema }),
	status: 201,
	errors: [401, 403, 404, 422]
});

export const suggestSearchAddresses = operation({
	operationId: 'suggestSearchAddresses',
	method: 'get',
	path: '/api/regulation/addresses',
	summary: 'Les adresses de la commune qui commencent par ce qui est tapé (autocomplétion de la Base Adresse Nationale) ; aucune quand le géocodeur n’est pas configuré',
	tags: ['Régulation'],
	auth: true,
	query: z.object({ q: z.string().trim().min(3, { error: '3 caractères au moins' }).max(200), inseeCode: z.string().regex(/^(\d{5}|2[AB]\d{3})$/, { error: 'Choisissez une commune dans la liste' }) }),
	response: z.array(z.object({ label: z.string(), street: z.string(), latitude: z.number(), longitude: z.number() })),
	errors: [401, 403, 422]
});
