import { syncedSchema } from '$lib/domain/entities';
import { idSchema, localDateSchema } from '$lib/domain/schemas';
import { z } from '$lib/domain/zod';
import { operation } from '../operation';

const practitionerParams = z.object({ id: idSchema });

export const agendaSchema = z.object({
	practitioner: syncedSchema('practitioners'),
	timeZone: z.string(),
	addresses: z.array(syncedSchema('addresses')),
	participation: syncedSchema('participationSettings').nullable(),
	availabilities: z.array(syncedSchema('availabilities')),
	unavailabilities: z.array(syncedSchema('unavailabilities')),
	complementaryInfo: syncedSchema('complementaryInfo').nullable()
});

export const getAgenda = operation({
	operationId: 'getAgenda',
	method: 'get',
	path: '/api/practitioners/{id}/agenda',
	summary: "L’agenda SAS d’un effecteur : lieux d’exercice, disponibilités, indisponibilités, informations",
	tags: ['Agenda'],
	auth: true,
	params: practitionerParams,
	response: agendaSchema,
	errors: [401, 403, 404]
});

export const weeklyCheckSchema = z.object({
	timeZone: z.string(),
	weeks: z.array(
		z.object({
			weekStart: localDateSchema,
			minutes: z.number(),
			status: z.enum(['ok', 'short', 'leave', 'software']),
			clockChange: z.boolean(),
			label: z.string()
		})
	)
});

export const getWeeklyCheck = operation({
	operationId: 'getWeeklyCheck',
	method: 'get',
	path: '/api/practitioners/{id}/weekly-check',
	summary: 'Le contrôle des 2 heures hebdomadaires, semaine par semaine',
	tags: ['Agenda'],
	auth: true,
	params: practitionerParams,
	query: z.object({
		from: localDateSchema.optional(),
		weeks: z.coerce.number().int().min(1, { error: 'Au moins 1 semaine' }).max(53, { error: '53 semaines au plus' }).default(9)
	}),
	response: weeklyCheckSchema,
	errors: [401, 403, 404, 422]
});

const feedStateSchema = z.object({ active: z.boolean(), createdAt: z.string().nullable() });

export const getCalendarFeed = operation({
	operationId: 'getCalendarFeed',
	method: 'get',
	path: '/api/practitioners/{id}/calendar-feed',
	summary: 'Si un lien d’abonnement iCalendar est actif',
	tags: ['Agenda'],
	auth: true,
	params: practitionerParams,
	response: feedStateSchema,
	errors: [403, 404]
});

export const createCalendarFeed = operation({
	operationId: 'createCalendarFeed',
	method: 'post',
	path: '/api/practitioners/{id}/calendar-feed',
	summary: 'Crée un lien d’abonnement iCalendar privé (le précédent cesse de fonctionner)',
	tags: ['Agenda'],
	auth: true,
	params: practitionerParams,
	response: feedStateSchema.extend({ url: z.string() }),
	status: 201,
	errors: [403, 404]
});

export const revokeCalendarFeed = operation({
	operationId: 'revokeCalendarFeed',
	method: 'delete',
	path: '/api/practitioners/{id}/calendar-feed',
	summary: 'Révoque le lien d’abonnement iCalendar',
	tags: ['Agenda'],
	auth: true,
	params: practitionerParams,
	status: 204,
	errors: [403, 404]
});

export const getIcalFeed = operation({
	operationId: 'getIcalFeed',
	method: 'get',
	path: '/api/ical/{token}',
	summary: 'Les disponibilités SAS au format iCalendar (RFC 5545), pour un agenda personnel ; le lien privé fait office d’accès',
	tags: ['Agenda'],
	auth: false,
	params: z.object({ token: z.string().regex(/^[\w-]{20,100}(\.ics)?$/, { error: 'Lien d’abonnement invalide' }) }),
	produces: 'text/calendar',
	errors: [404]
});

export const getDirectoryEntry = operation({
	operationId: 'getDirectoryEntry',
	method: 'get',
	path: '/api/practitioners/{id}/directory',
	summary:
		'Ce que l’annuaire national (RPPS, données publiques) dit de ce médecin : sa spécialité et ses lieux d’exercice, proposés à l’ajout ; `loaded` faux tant que l’annuaire n’est pas chargé',
	tags: ['Agenda'],
	auth: true,
	params: practitionerParams,
	response: z.object({
		loaded: z.boolean(),
		specialty: z.string().nullable(),
		sites: z.array(z.object({ name: z.string().nullable(), street: z.string().nullable(), postalCode: z.string().nullable(), city: z.string().nullable(), inseeCode: z.string().nullable(), phone: z.string().nullable() }))
	}),
	errors: [401, 403, 404]
});

export const editorSlotsSchema = z.object({
	practitionerId: idSchema,
	editor: z.string(),
	state: z.enum(['ok', 'unavailable']),
	lastReadAt: z.string().nullable(),
	failingSince: z.string().nullable(),
	until: z.string(),
	slots: z.array(
		z.object({
			slotId: z.string(),
			start: z.string(),
			end: z.string(),
			place: z.object({ line: z.string().nullable(), postalCode: z.string().nullable(), city: z.string().nullable() }).nullable(),
			slotTypes: z.array(z.enum(['PUBLIC', 'PRO', 'SNP', 'CPTS'])),
			consultationTypes: z.array(z.enum(['AMB', 'HH', 'VR'])),
			appointmentTypes: z.array(z.enum(['ROUTINE', 'WALKIN'])),
			motives: z.array(z.string()),
			cpts: z.array(z.object({ finess: z.string().nullable(), name: z.string().nullable() })),
			bookingUrl: z.string().nullable()
		})
	)
});

export const getEditorSlots = operation({
	operationId: 'getEditorSlots',
	method: 'get',
	path: '/api/practitioners/{id}/editor-slots',
	summary:
		'Les créneaux que publie le logiciel de prise de rendez-vous du médecin (interface FHIR du guide SAS), de maintenant à la fin du surlendemain ; `interfaced` faux pour un médecin sans logiciel interfacé ou qui refuse l’affichage de ces créneaux',
	tags: ['Agenda'],
	auth: true,
	params: practitionerParams,
	response: z.object({ interfaced: z.boolean(), editorSlots: editorSlotsSchema.nullable() }),
	errors: [401, 403, 404]
});
