import { z } from '$lib/domain/zod';
import { problemSchema } from '../http/problem';
import type { Operation } from './operation';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType): JsonSchema {
	// Input shapes: what a client sends or reads on the wire, before our transforms.
	const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
	return rest;
}

function parameters(op: Operation): JsonSchema[] {
	const result: JsonSchema[] = (op.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: h.required, description: h.description, schema: h.schema }));
	for (const [where, schema] of [['path', op.params], ['query', op.query]] as const) {
		if (!schema) continue;
		const json = schemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
		for (const [name, property] of Object.entries(json.properties ?? {})) {
			result.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property });
		}
	}
	return result;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
	400: 'Corps de requête illisible (JSON invalide)',
	401: 'Pas de session : connectez-vous',
	403: 'Action non autorisée pour ce compte',
	404: 'Ressource introuvable',
	409: 'Conflit de version',
	410: 'Lien expiré ou déjà utilisé',
	413: 'Requête trop volumineuse',
	415: 'Le corps doit être du JSON',
	422: 'Données invalides, avec un message par champ',
	428: 'En-tête If-Match requis',
	429: 'Trop de tentatives',
	500: 'Erreur interne',
	503: 'Service indisponible'
};

/** OpenAPI 3.1 generated from the registered operations and their zod schemas. */
export function openApiDocument(operations: readonly Operation[], version: string): JsonSchema {
	const paths: Record<string, Record<string, JsonSchema>> = {};
	for (const op of operations) {
		// What every operation may answer besides its own: 401 without a session, 422 when a
		// parameter or the body is invalid, 400 / 413 / 415 for a body that cannot be read.
		const validated = op.params || op.query || op.body;
		const errors = [...new Set([...op.errors, ...(op.auth ? [401] : []), ...(validated ? [422] : []), ...(op.body ? [400, 413, 415] : []), 500])].sort();
		const status = op.status ?? 200;
		const responses: Record<string, JsonSchema> = {
			[String(status)]:
				status === 204
					? { description: 'Succès, sans contenu' }
					: {
							description: 'Succès',
							content: op.produces
								? { [op.produces]: { schema: { type: 'string' } } }
								: { 'application/json': { schema: op.response ? schemaOf(op.response) : {} } }
						}
		};
		for (const status of errors) {
			responses[String(status)] = {
				description: ERROR_DESCRIPTIONS[status] ?? 'Erreur',
				content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }
			};
		}
		(paths[op.path] ??= {})[op.method] = {
			operationId: op.operationId,
			summary: op.summary,
			tags: op.tags,
			security: op.auth ? [{ session: [] }] : [],
			parameters: parameters(op),
			...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(op.body) } } } } : {}),
			responses
		};
	}
	return {
		openapi: '3.1.0',
		info: {
			title: 'Agenda SAS — API de la plateforme',
			version,
			description:
				'API des disponibilités SAS. Les erreurs suivent la RFC 9457 (problem details) avec un message par champ, en français.'
		},
		servers: [{ url: '/' }],
		paths,
		components: {
			schemas: { Problem: schemaOf(problemSchema) },
			securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sas_session' } }
		}
	};
}
