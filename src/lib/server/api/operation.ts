import type { z } from '$lib/domain/zod';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One API operation: how it is called, what it takes and returns. Routes and OpenAPI share it. */
export interface Operation<P = unknown, Q = unknown, B = unknown, R = unknown> {
	operationId: string;
	method: Method;
	/** OpenAPI path, e.g. /api/practitioners/{id}/agenda */
	path: string;
	summary: string;
	tags: string[];
	/** false for the few operations open without a session (health, OpenAPI, login). */
	auth: boolean;
	params?: z.ZodType<P>;
	query?: z.ZodType<Q>;
	body?: z.ZodType<B>;
	/** Request headers the operation reads (If-Match…). */
	headers?: { name: string; required: boolean; description: string; schema: Record<string, unknown> }[];
	response?: z.ZodType<R>;
	/** Content type of a non-JSON response (iCalendar, CSV). */
	produces?: string;
	status?: number;
	errors: number[];
}

export function operation<P, Q, B, R>(op: Operation<P, Q, B, R>): Operation<P, Q, B, R> {
	return op;
}

/** The If-Match request header of an operation that changes a versioned resource. */
export function ifMatchHeader(required: boolean, description: string): NonNullable<Operation['headers']>[number] {
	return { name: 'If-Match', required, description, schema: { type: 'string', pattern: '^(W/)?"?[1-9][0-9]*"?$', examples: ['"3"'] } };
}

/** The Idempotency-Key request header of a POST that must not run twice. */
export const idempotencyKeyHeader: NonNullable<Operation['headers']>[number] = {
	name: 'Idempotency-Key',
	required: false,
	description: 'Une clé propre à cette demande (un UUID par exemple) : la même clé renvoyée reçoit la même réponse, sans refaire l’opération ; la même clé avec un autre contenu est refusée (422)',
	schema: { type: 'string', pattern: '^[\\w.:-]{8,200}$', examples: ['0190a0a0-0000-7000-8000-000000000001'] }
};
