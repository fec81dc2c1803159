import { syncedSchema } from '$lib/domain/entities';
import { STRUCTURE_KINDS } from '$lib/domain/reference';
import { availabilityFields, idSchema, localDateSchema, newStructureSchema, rppsSchema, structurePatchSchema } from '$lib/domain/schemas';
import { departmentSchema } from '$lib/domain/schemas/structure';
import { z } from '$lib/domain/zod';
import { ifMatchHeader, operation } from '../operation';

const weekSchema = z.object({ weekStart: localDateSchema, minutes: z.number(), status: z.enum(['ok', 'short', 'leave', 'software']), clockChange: z.boolean(), label: z.string() });

export const listStructureMembers = operation({
	operationId: 'listStructureMembers',
	method: 'get',
	path: '/api/structures/{id}/members',
	summary: 'Les professionnels inscrits au SAS au sein de la structure, avec le contrôle des 2 heures de cette semaine et de la suivante',
	tags: ['Structures'],
	auth: true,
	params: z.object({ id: idSchema }),
	query: z.object({ from: localDateSchema.optional() }),
	response: z.array(
		z.object({
			id: idSchema,
			name: z.string(),
			rpps: z.string(),
			specialties: z.array(z.string()),
			registeredAt: localDateSchema.nullable(),
			manualAgenda: z.boolean(),
			weeks: z.array(weekSchema)
		})
	),
	errors: [401, 403, 404, 422]
});

const indicatorsQuery = z.object({
	territory: departmentSchema.optional(),
	kind: z.enum(STRUCTURE_KINDS, { error: 'Type de structure inconnu' }).optional(),
	from: localDateSchema.optional()
});

const totalsSchema = z.object({ structures: z.number(), members: z.number(), manual: z.number(), meetingTarget: z.number() });

export const getIndicators = operation({
	operationId: 'getIndicators',
	method: 'get',
	path: '/api/indicators',
	summary: 'Les structures et leur nombre d’effecteurs (« CPTS et nombre d’effecteurs »), par type, avec les totaux',
	tags: ['Structures'],
	auth: true,
	query: indicatorsQuery,
	response: z.object({
		territory: z.string().nullable(),
		weekStart: localDateSchema,
		groups: z.array(
			z.object({
				kind: z.enum(STRUCTURE_KINDS),
				rows: z.array(
					z.object({ structureId: idSchema, kind: z.enum(STRUCTURE_KINDS), name: z.string(), finess: z.string().nullable(), members: z.number(), manual: z.number(), meetingTarget: z.number() })
				),
				totals: totalsSchema
			})
		)
	}),
	errors: [401, 403, 422]
});

export const exportIndicators = operation({
	operationId: 'exportIndicators',
	method: 'get',
	path: '/api/indicators.csv',
	summary: 'Le même tableau pour un type de structure, en CSV (séparateur « ; », UTF-8), avec la ligne des totaux',
	tags: ['Structures'],
	auth: true,
	query: indicatorsQuery.extend({ kind: z.enum(STRUCTURE_KINDS, { error: 'Type de structure inconnu' }).default('CPTS') }),
	produces: 'text/csv',
	errors: [401, 403, 422]
});

const availabilityParams = z.object({ id: idSchema, availabilityId: idSchema });

/** If-Match: the version the change was made on, as the ETag-like `"3"` (also `3` or `W/"3"`). */
const ifMatch = ifMatchHeader;

export const putAvailability = operation({
	operationId: 'putAvailability',
	method: 'put',
	path: '/api/practitioners/{id}/availabilities/{availabilityId}',
	summary:
		'Crée ou remplace une disponibilité (mêmes règles que la synchronisation). En-tête If-Match : la version modifiée (absent : création). 403 quand la politique refuse, 409 en cas de conflit de version, 422 quand une valeur est invalide',
	tags: ['Agenda'],
	auth: true,
	params: availabilityParams,
	headers: [ifMatch(false, 'La version remplacée ; absent : création (409 si la disponibilité existe déjà)')],
	body: availabilityFields.omit({ id: true, practitionerId: true }),
	response: syncedSchema('availabilities'),
	errors: [401, 403, 404, 409, 422]
});

export const deleteAvailability = operation({
	operationId: 'deleteAvailability',
	method: 'delete',
	path: '/api/practitioners/{id}/availabilities/{availabilityId}',
	summary: 'Supprime une disponibilité (If-Match : la version supprimée)',
	tags: ['Agenda'],
	auth: true,
	params: availabilityParams,
	headers: [ifMatch(true, 'La version supprimée (428 sans cet en-tête)')],
	status: 204,
	errors: [401, 403, 404, 409, 428]
});

export const checkCentreRpps = operation({
	operationId: 'checkCentreRpps',
	method: 'get',
	path: '/api/structures/{id}/rpps/{rpps}',
	summary:
		'Pour « Ajouter un médecin » d’un centre de santé : si un médecin porte déjà cet identifiant RPPS sur la plateforme (oui ou non, sans rien dire de lui), et ce que l’annuaire national (RPPS, données publiques) en dit quand il est chargé',
	tags: ['Structures'],
	auth: true,
	params: z.object({ id: idSchema, rpps: rppsSchema }),
	response: z.object({
		registered: z.boolean(),
		directory: z.object({
			loaded: z.boolean(),
			practitioner: z.object({ lastName: z.string(), firstName: z.string(), specialty: z.string().nullable() }).nullable()
		})
	}),
	errors: [401, 403, 404, 422]
});

const structureParams = z.object({ id: idSchema });

export const createStructure = operation({
	operationId: 'createStructure',
	method: 'post',
	path: '/api/structures',
	summary:
		'Crée une structure à la main (gestionnaire de comptes, dans son territoire) : quand le fichier FINESS n’est pas chargé ou tarde, et pour SOS Médecins (SIRET, pas de FINESS). 409 si le FINESS ou le SIRET est déjà celui d’une autre structure',
	tags: ['Structures'],
	auth: true,
	body: newStructureSchema,
	response: syncedSchema('structures'),
	status: 201,
	errors: [401, 403, 409, 422]
});

export const updateStructure = operation({
	operationId: 'updateStructure',
	method: 'patch',
	path: '/api/structures/{id}',
	summary:
		'Modifie la fiche d’une structure (nom, téléphone, e-mail, adresse, communes couvertes : son gestionnaire ou le gestionnaire de comptes) ou son identification et son ouverture (FINESS, SIRET, fermée : le gestionnaire de comptes). If-Match : la version modifiée',
	tags: ['Structures'],
	auth: true,
	params: structureParams,
	headers: [ifMatch(true, 'La version modifiée (428 sans cet en-tête)')],
	body: structurePatchSchema,
	response: syncedSchema('structures'),
	errors: [401, 403, 404, 409, 422, 428]
});

const communeSchema = z.object({ code: z.string(), name: z.string(), department: z.string(), postalCodes: z.array(z.string()) });

export const listCommunes = operation({
	operationId: 'listCommunes',
	method: 'get',
	path: '/api/communes',
	summary: 'Les communes (Code officiel géographique) : par nom, code postal ou code INSEE (`q`, dans un département si `departement`), ou par codes INSEE (`codes`, séparés par des virgules)',
	tags: ['Structures'],
	auth: true,
	query: z.object({
		q: z.string().max(100).optional(),
		departement: departmentSchema.optional(),
		codes: z
			.string()
			.regex(/^((\d{5}|2[AB]\d{3}),)*(\d{5}|2[AB]\d{3})$/, { error: 'Codes INSEE séparés par des virgules' })
			.optional()
	}),
	response: z.array(communeSchema),
	errors: [401, 422]
});

export const listStructureEditorSlots = operation({
	operationId: 'listStructureEditorSlots',
	method: 'get',
	path: '/api/structures/{id}/editor-slots',
	summary: 'Pour chaque membre dont le logiciel est interfacé : le nombre de créneaux publiés par son logiciel dans les 48 h, et si ce logiciel répond',
	tags: ['Structures'],
	auth: true,
	params: z.object({ id: idSchema }),
	response: z.array(
		z.object({
			practitionerId: idSchema,
			editor: z.string(),
			state: z.enum(['ok', 'unavailable']),
			lastReadAt: z.string().nullable(),
			failingSince: z.string().nullable(),
			count: z.number()
		})
	),
	errors: [401, 403, 404]
});
