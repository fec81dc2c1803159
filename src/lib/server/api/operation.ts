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
