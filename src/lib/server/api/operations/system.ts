import { z } from '$lib/domain/zod';
import { operation } from '../operation';

export const healthSchema = z.object({
	status: z.enum(['ok', 'error']),
	database: z.object({
		kind: z.enum(['pglite', 'postgres']),
		/** As this server sees it; while it is down the operation answers 503 and says since when. */
		state: z.enum(['up']),
		/** Since when it answers (this server's start, or its return after an outage). */
		since: z.string(),
		ok: z.boolean(),
		migrations: z.number().int(),
		latestMigration: z.string().nullable()
	}),
	version: z.string(),
	/** Demo mode: the demo accounts of the README sign in. */
	demo: z.boolean(),
	/** How doctors sign in: Pro Santé Connect, its bundled sandbox (demo, tests), or not at all (not configured). */
	psc: z.enum(['configured', 'sandbox', 'absent'])
});

export const getHealth = operation({
	operationId: 'getHealth',
	method: 'get',
	path: '/api/health',
	summary: 'État du service et de sa base de données : 200 quand elle répond, 503 (avec Retry-After) et depuis quand sinon',
	tags: ['Système'],
	auth: false,
	response: healthSchema,
	errors: [503]
});

export const getOpenApi = operation({
	operationId: 'getOpenApi',
	method: 'get',
	path: '/api/openapi.json',
	summary: 'Ce document OpenAPI 3.1',
	tags: ['Système'],
	auth: false,
	response: z.record(z.string(), z.unknown()),
	errors: []
});
