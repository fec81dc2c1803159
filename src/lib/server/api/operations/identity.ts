import { ROLES, acceptInvitationSchema, departmentSchema, idSchema, loginSchema, newAccountSchema, passwordResetRequestSchema } from '$lib/domain/schemas';
import { syncedSchema } from '$lib/domain/entities';
import { STRUCTURE_KINDS } from '$lib/domain/reference';
import { z } from '$lib/domain/zod';
import { operation } from '../operation';

export const sessionSchema = z.object({
	accountId: idSchema,
	role: z.enum(ROLES),
	firstName: z.string(),
	lastName: z.string(),
	email: z.string().nullable(),
	practitionerId: idSchema.nullable(),
	territory: z.string().nullable(),
	/** A regulator who heads the territory's regulation (reads its dashboards). */
	regulationHead: z.boolean(),
	structures: z.array(z.object({ id: idSchema, kind: z.enum(STRUCTURE_KINDS), name: z.string(), territory: z.string() })),
	/** Names this session without opening it: a sign-out made offline ends it later (endSessionByHandle). */
	sessionHandle: z.string()
});

export const getSession = operation({
	operationId: 'getSession',
	method: 'get',
	path: '/api/session',
	summary: 'Le compte connecté',
	tags: ['Identité'],
	auth: true,
	response: sessionSchema,
	errors: []
});

export const createPasswordSession = operation({
	operationId: 'createPasswordSession',
	method: 'post',
	path: '/api/session',
	summary: 'Connexion par adresse e-mail et mot de passe (gestionnaires, régulateurs)',
	tags: ['Identité'],
	auth: false,
	body: loginSchema,
	response: sessionSchema,
	errors: [401, 403, 429]
});

export const deleteSession = operation({
	operationId: 'deleteSession',
	method: 'delete',
	path: '/api/session',
	summary: 'Déconnexion de cet appareil',
	tags: ['Identité'],
	auth: true,
	status: 204,
	errors: []
});

export const endSessionByHandle = operation({
	operationId: 'endSessionByHandle',
	method: 'delete',
	path: '/api/sessions/{handle}',
	summary:
		'Met fin à la session que nomme `sessionHandle` : ce qu’un appareil envoie dès le retour du réseau quand on s’y est déconnecté hors ligne (quiconque s’est connecté depuis garde sa propre session). 204 que la session existe encore ou non',
	tags: ['Identité'],
	auth: false,
	params: z.object({ handle: z.string().regex(/^[0-9a-f]{64}$/, { error: 'Session inconnue' }) }),
	status: 204,
	errors: [422]
});

export const deleteAllSessions = operation({
	operationId: 'deleteAllSessions',
	method: 'delete',
	path: '/api/sessions',
	summary: 'Déconnexion de tous les appareils',
	tags: ['Identité'],
	auth: true,
	status: 204,
	errors: []
});

const accountSchema = z.object({
	id: idSchema,
	email: z.string(),
	firstName: z.string(),
	lastName: z.string(),
	role: z.enum(['structureManager', 'accountManager', 'regulator']),
	roleLabel: z.string(),
	territory: z.string().nullable(),
	structures: z.array(z.object({ id: idSchema, name: z.string(), kind: z.string() })),
	status: z.enum(['invited', 'expired', 'active', 'disabled']),
	lastLoginAt: z.string().nullable(),
	self: z.boolean(),
	/** A regulator's account as the booking software knows it (flux INT_R02): editors that have its latest state, editors still waiting. */
	editors: z.object({ sent: z.number(), pending: z.number(), failing: z.number(), lastError: z.string().nullable() }).nullable()
});

export const listAccounts = operation({
	operationId: 'listAccounts',
	method: 'get',
	path: '/api/accounts',
	summary: 'Les comptes du territoire du gestionnaire de comptes',
	tags: ['Comptes'],
	auth: true,
	response: z.array(accountSchema),
	errors: [403]
});

const invitationLinkSchema = z.object({ id: idSchema, invitationUrl: z.string(), invitationExpiresAt: z.string() });

export const createAccount = operation({
	operationId: 'createAccount',
	method: 'post',
	path: '/api/accounts',
	summary: 'Crée un compte (gestionnaire de structure, gestionnaire de comptes, régulateur) et envoie son invitation',
	tags: ['Comptes'],
	auth: true,
	body: newAccountSchema,
	response: invitationLinkSchema,
	status: 201,
	errors: [403, 409]
});

const accountParams = z.object({ id: idSchema });

export const reissueInvitation = operation({
	operationId: 'reissueInvitation',
	method: 'post',
	path: '/api/accounts/{id}/invitation',
	summary: 'Renvoie l’invitation d’un compte jamais activé (les précédentes ne valent plus) ; 409 pour un compte actif, dont seul le titulaire choisit le mot de passe (voir resetAccountPassword)',
	tags: ['Comptes'],
	auth: true,
	params: accountParams,
	response: invitationLinkSchema,
	status: 201,
	errors: [403, 404, 409]
});

export const resetAccountPassword = operation({
	operationId: 'resetAccountPassword',
	method: 'post',
	path: '/api/accounts/{id}/password-reset',
	summary: 'Envoie au titulaire d’un compte actif, à sa seule adresse, un lien pour choisir un nouveau mot de passe (1 heure, usage unique) ; le lien n’est jamais dans la réponse',
	tags: ['Comptes'],
	auth: true,
	params: accountParams,
	response: z.object({ id: idSchema, sentTo: z.string(), expiresAt: z.string() }),
	status: 202,
	errors: [403, 404, 409]
});

export const requestPasswordReset = operation({
	operationId: 'requestPasswordReset',
	method: 'post',
	path: '/api/password-resets',
	summary: '« Mot de passe oublié ? » : la même réponse que l’adresse ait un compte ou non ; un lien (1 heure, usage unique) part vers l’adresse quand elle est celle d’un compte actif. Limité par adresse et par adresse réseau (429)',
	tags: ['Identité'],
	auth: false,
	body: passwordResetRequestSchema,
	response: z.object({ detail: z.string() }),
	status: 202,
	errors: [429]
});

export const disableAccount = operation({
	operationId: 'disableAccount',
	method: 'post',
	path: '/api/accounts/{id}/disable',
	summary: 'Désactive un compte et le déconnecte partout',
	tags: ['Comptes'],
	auth: true,
	params: accountParams,
	status: 204,
	errors: [403, 404]
});

export const enableAccount = operation({
	operationId: 'enableAccount',
	method: 'post',
	path: '/api/accounts/{id}/enable',
	summary: 'Réactive un compte',
	tags: ['Comptes'],
	auth: true,
	params: accountParams,
	status: 204,
	errors: [403, 404]
});

const invitationParams = z.object({ token: z.string().regex(/^[\w-]{20,100}$/, { error: 'Lien d’invitation invalide' }) });

export const getInvitation = operation({
	operationId: 'getInvitation',
	method: 'get',
	path: '/api/invitations/{token}',
	summary: 'Un lien encore valable pour choisir son mot de passe : l’invitation d’un compte jamais activé, ou une réinitialisation (`purpose`)',
	tags: ['Comptes'],
	auth: false,
	params: invitationParams,
	response: z.object({ email: z.string(), firstName: z.string(), expiresAt: z.string(), purpose: z.enum(['invitation', 'reset']) }),
	errors: [403, 404, 410]
});

export const acceptInvitation = operation({
	operationId: 'acceptInvitation',
	method: 'post',
	path: '/api/invitations/{token}/accept',
	summary: 'Choisit le mot de passe par ce lien (invitation ou réinitialisation, usage unique), ferme toutes les sessions du compte et en ouvre une',
	tags: ['Comptes'],
	auth: false,
	params: invitationParams,
	body: acceptInvitationSchema,
	response: sessionSchema,
	errors: [403, 404, 410]
});

export const listStructures = operation({
	operationId: 'listStructures',
	method: 'get',
	path: '/api/structures',
	summary: 'Les structures (CPTS, MSP, centres de santé, SOS Médecins), pour les choisir',
	tags: ['Structures'],
	auth: true,
	query: z.object({ territory: departmentSchema.optional() }),
	response: z.array(syncedSchema('structures')),
	errors: [422]
});

export const getAuditTrail = operation({
	operationId: 'getAuditTrail',
	method: 'get',
	path: '/api/practitioners/{id}/audit',
	summary: "L’historique des modifications qui concernent un effecteur",
	tags: ['Agenda'],
	auth: true,
	params: z.object({ id: idSchema }),
	response: z.array(
		z.object({
			id: z.number(),
			at: z.string(),
			actorLabel: z.string(),
			role: z.string(),
			entity: z.string(),
			entityId: z.string(),
			action: z.enum(['create', 'update', 'delete']),
			before: z.unknown(),
			after: z.unknown()
		})
	),
	errors: [403, 404]
});

export const recordClaimSchema = z.object({
	id: idSchema,
	structureId: idSchema,
	structureName: z.string(),
	recordCreatedAt: z.string().nullable()
});

export const getRecordClaim = operation({
	operationId: 'getRecordClaim',
	method: 'get',
	path: '/api/record-claim',
	summary: 'Le rattachement à un centre de santé qui attend la réponse du médecin connecté (sa fiche a été créée par ce centre), ou null',
	tags: ['Identité'],
	auth: true,
	response: z.object({ claim: recordClaimSchema.nullable() }),
	errors: []
});

export const decideRecordClaim = operation({
	operationId: 'decideRecordClaim',
	method: 'post',
	path: '/api/record-claim',
	summary:
		'Le médecin accepte que le centre de santé qui a créé sa fiche garde son agenda, ou refuse : le centre perd alors son accès et ce qu’il avait saisi est retiré',
	tags: ['Identité'],
	auth: true,
	body: z.object({ decision: z.enum(['accepted', 'refused'], { error: 'Répondez par « accepted » ou « refused »' }) }),
	status: 204,
	errors: [404]
});
