import { SYNCED_SCHEMAS } from '$lib/domain/entities';
import { pullQuerySchema, pushRequestSchema } from '$lib/domain/sync';
import { idSchema } from '$lib/domain/schemas';
import { ENTITY_NAMES } from '$lib/domain/entities';
import { z } from '$lib/domain/zod';
import { operation } from '../operation';

const entity = z.enum(ENTITY_NAMES as [string, ...string[]]);
const anyRow = z.union(Object.values(SYNCED_SCHEMAS) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);

export const syncPush = operation({
	operationId: 'syncPush',
	method: 'post',
	path: '/api/sync/push',
	summary: 'Envoie des modifications faites sur l’appareil (dans leur ordre) ; chacune est appliquée une seule fois',
	tags: ['Synchronisation'],
	auth: true,
	body: pushRequestSchema,
	response: z.object({
		results: z.array(
			z.discriminatedUnion('status', [
				z.object({ mutationId: idSchema, status: z.literal('applied'), entity, row: anyRow }),
				z.object({ mutationId: idSchema, status: z.literal('conflict'), entity, id: idSchema, server: anyRow.nullable() }),
				z.object({ mutationId: idSchema, status: z.literal('rejected'), entity, id: idSchema, reason: z.string(), errors: z.record(z.string(), z.array(z.string())), code: z.enum(['forbidden', 'invalid']).optional() })
			])
		)
	}),
	errors: [413]
});

export const syncPull = operation({
	operationId: 'syncPull',
	method: 'get',
	path: '/api/sync/pull',
	summary: 'Les données modifiées après un curseur, limitées à ce que le compte peut lire',
	tags: ['Synchronisation'],
	auth: true,
	query: pullQuerySchema,
	response: z.object({
		rows: z.array(z.object({ entity, row: anyRow })),
		cursor: z.number().int(),
		hasMore: z.boolean(),
		remaining: z.number().int().min(0).describe('Lignes restant après cette page (progression).'),
		scope: z.array(idSchema),
		structureScope: z.array(z.string()).describe('Les structures tenues par l’appareil : `territory:84` et identifiants de structures.')
	}),
	errors: [422]
});
