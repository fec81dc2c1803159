import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../src/lib/server/api/openapi';
import { OPERATIONS } from '../../../src/lib/server/api/registry';

const ROUTES = 'src/routes/api';

function serverFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return serverFiles(path);
		return name === '+server.ts' ? [path] : [];
	});
}

/** Every handler the API really has: method, OpenAPI path, and the operation it is built from. */
function routeHandlers() {
	return serverFiles(ROUTES)
		.filter((file) => !file.includes('[...'))
		.flatMap((file) => {
			const folder = relative('src/routes', file).split(sep).slice(0, -1).join('/');
			const path = '/' + folder.replace(/\[(\w+)\]/g, '{$1}');
			const source = readFileSync(file, 'utf8');
			return [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = endpoint\((\w+)/g)].map(([, method, operation]) => ({
				method: method!.toLowerCase(),
				path,
				operation: operation!,
				file
			}));
		});
}

describe('the OpenAPI document', () => {
	it('lists every API handler, with the operation that handler is built from, and nothing else', () => {
		const handlers = routeHandlers();
		const handlerKeys = handlers.map((h) => `${h.method} ${h.path}`).sort();
		expect(handlerKeys).toEqual(OPERATIONS.map((op) => `${op.method} ${op.path}`).sort());
		for (const handler of handlers) {
			const op = OPERATIONS.find((o) => o.method === handler.method && o.path === handler.path);
			expect(op?.operationId, handler.file).toBe(handler.operation);
		}
	});

	it('has no handler that bypasses the operation registry', () => {
		for (const file of serverFiles(ROUTES).filter((f) => !f.includes('[...'))) {
			const source = readFileSync(file, 'utf8');
			const exported = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE|fallback)\b/g)].length;
			const registered = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = endpoint\(/g)].length;
			expect(registered, file).toBe(exported);
		}
	});

	it('is an OpenAPI 3.1 document whose operations are unique, described and answer problem details on error', () => {
		const document = openApiDocument(OPERATIONS, 'test') as {
			openapi: string;
			paths: Record<string, Record<string, { operationId: string; parameters: { name: string; in: string }[]; responses: Record<string, { content: Record<string, { schema: unknown }> }> }>>;
			components: { schemas: Record<string, unknown> };
		};
		expect(document.openapi).toBe('3.1.0');
		const ids = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.length).toBe(OPERATIONS.length);
		for (const [path, methods] of Object.entries(document.paths)) {
			const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
			for (const op of Object.values(methods)) {
				expect(op.parameters.filter((p) => p.in === 'path').map((p) => p.name).sort()).toEqual(pathParams.sort());
				expect(Object.keys(op.responses).some((status) => status.startsWith('2'))).toBe(true);
				for (const [status, response] of Object.entries(op.responses)) {
					if (Number(status) >= 400) {
						expect(response.content['application/problem+json']?.schema).toEqual({ $ref: '#/components/schemas/Problem' });
					}
				}
			}
		}
		expect(document.components.schemas.Problem).toMatchObject({ type: 'object' });
		expect(() => JSON.stringify(document)).not.toThrow();
	});

	it('describes request parameters from the same schemas that validate them', () => {
		const document = openApiDocument(OPERATIONS, 'test') as { paths: Record<string, Record<string, { parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[] }>> };
		const weekly = document.paths['/api/practitioners/{id}/weekly-check']!.get!;
		expect(weekly.parameters.find((p) => p.name === 'weeks')).toMatchObject({ in: 'query', required: false, schema: { maximum: 53, minimum: 1 } });
		expect(weekly.parameters.find((p) => p.name === 'id')).toMatchObject({ in: 'path', required: true, schema: { format: 'uuid' } });
	});
});

describe('the contract the document states', () => {
	type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[] };
	type Op = { parameters: { name: string; in: string; required: boolean; schema: Schema }[]; requestBody?: { content: { 'application/json': { schema: Schema } } }; responses: Record<string, { content?: unknown }> };
	const document = openApiDocument(OPERATIONS, 'test') as { paths: Record<string, Record<string, Op>> };
	const op = (path: string, method: string) => document.paths[path]![method]!;
	const body = (path: string, method: string) => op(path, method).requestBody!.content['application/json'].schema;
	/** A property, through `nullable` unions. */
	const field = (schema: Schema, name: string): Schema => {
		const property = schema.properties![name]!;
		return property.anyOf?.find((s) => s.type !== 'null') ?? property;
	};

	it('documents 422 wherever a parameter or a body is validated, and 400, 413 and 415 wherever a body is read', () => {
		for (const [path, methods] of Object.entries(document.paths)) {
			for (const [method, operation] of Object.entries(methods)) {
				const registered = OPERATIONS.find((o) => o.path === path && o.method === method)!;
				const statuses = Object.keys(operation.responses);
				if (registered.params || registered.query || registered.body) expect(statuses, `${method} ${path}`).toContain('422');
				if (registered.body) expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['400', '413', '415']));
			}
		}
	});

	it('declares If-Match on the availability PUT (optional) and DELETE (required, 428 without it)', () => {
		const path = '/api/practitioners/{id}/availabilities/{availabilityId}';
		expect(op(path, 'put').parameters.find((p) => p.name === 'If-Match')).toMatchObject({ in: 'header', required: false });
		expect(op(path, 'delete').parameters.find((p) => p.name === 'If-Match')).toMatchObject({ in: 'header', required: true });
		expect(Object.keys(op(path, 'delete').responses)).toContain('428');
	});

	it('answers 204 without a body', () => {
		for (const methods of Object.values(document.paths)) {
			for (const operation of Object.values(methods)) if (operation.responses['204']) expect(operation.responses['204'].content).toBeUndefined();
		}
	});

	it('states formats and patterns: dates, times, instants, e-mails, RPPS, FINESS, RRULE', () => {
		const availability = body('/api/practitioners/{id}/availabilities/{availabilityId}', 'put');
		expect(field(availability, 'date')).toMatchObject({ format: 'date' });
		expect(field(availability, 'start')).toMatchObject({ format: 'time', pattern: expect.any(String) });
		expect(field(availability, 'rrule')).toMatchObject({ pattern: expect.stringContaining('=') });
		const pulled = op('/api/sync/pull', 'get');
		expect(pulled.parameters.find((p) => p.name === 'cursor')).toMatchObject({ required: false, schema: { default: 0 } });
		const rowSchemas = JSON.stringify(document.paths['/api/sync/pull']!.get!.responses['200']);
		expect(rowSchemas).toContain('"format":"date-time"');
		expect(rowSchemas).toContain('"pattern":"^\\\\d{11}$"');
		expect(rowSchemas).toContain('2[AB]');
		expect(field(body('/api/session', 'post'), 'email')).toMatchObject({ format: 'email' });
	});
});
