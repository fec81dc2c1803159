import { json, type RequestEvent, type RequestHandler } from '@sveltejs/kit';
import { z } from '$lib/domain/zod';
import { databaseUnavailable, HttpProblem, invalid, problemResponse } from './problem';
import type { Operation } from '../api/operation';
import { isDatabaseUnavailable, isTransientDatabaseError } from '../db/watch';

/** The largest JSON body an operation reads: 100 mutations of a push take about a tenth of it. */
export const MAX_BODY_BYTES = 512 * 1024;
const TOO_LARGE = 'Le corps de la requête dépasse 512 Ko : envoyez moins de données à la fois.';

async function readBody(event: RequestEvent): Promise<unknown> {
	if (!(event.request.headers.get('content-type') ?? '').includes('application/json')) {
		throw new HttpProblem(415, 'Le corps de la requête doit être du JSON (application/json).');
	}
	if (Number(event.request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) throw new HttpProblem(413, TOO_LARGE);
	let text: string;
	try {
		text = await event.request.text();
	} catch (error) {
		// The server's own limit (adapter-node's BODY_SIZE_LIMIT) cut the stream.
		if ((error as { status?: number }).status === 413) throw new HttpProblem(413, TOO_LARGE);
		throw new HttpProblem(400, 'Le corps de la requête n’a pas pu être lu.');
	}
	if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new HttpProblem(413, TOO_LARGE);
	try {
		return JSON.parse(text);
	} catch {
		throw new HttpProblem(400, 'Le corps de la requête n’est pas du JSON valide.');
	}
}

function parse(schema: z.ZodType, value: unknown, what: string): unknown {
	const result = schema.safeParse(value);
	if (!result.success) throw invalid(result.error, `${what} invalide(s)`);
	return result.data;
}

export interface Input<P, Q, B> {
	event: RequestEvent;
	params: P;
	query: Q;
	body: B;
}

/**
 * A route handler for a registered operation: it parses path, query and body with the
 * operation's schemas (the same ones the OpenAPI document is generated from), and turns any
 * failure into problem details. Routes stay thin: parse, authorise, call a service, answer.
 */
export function endpoint<P, Q, B, R>(
	operation: Operation<P, Q, B, R>,
	handler: (input: Input<P, Q, B>) => Promise<R | Response>
): RequestHandler {
	const attempt: RequestHandler = async (event) => {
		try {
			if (operation.auth && !event.locals.actor) throw new HttpProblem(401, 'Connectez-vous pour continuer.');
			const params = parse(operation.params ?? z.object({}), event.params, 'Paramètre(s)') as P;
			const query = parse(operation.query ?? z.object({}), Object.fromEntries(event.url.searchParams), 'Paramètre(s) de requête') as Q;
			const body = (operation.body ? parse(operation.body, await readBody(event), 'Donnée(s)') : undefined) as B;
			const result = await handler({ event, params, query, body });
			if (result instanceof Response) return result;
			return json(result, { status: operation.status ?? 200 });
		} catch (error) {
			if (error instanceof HttpProblem) return problemResponse(error);
			if (isTransientDatabaseError(error)) throw new DatabaseTrouble(error);
			console.error(`[${operation.operationId}]`, error);
			return problemResponse(new HttpProblem(500, 'Une erreur inattendue est survenue. Réessayez plus tard.'));
		}
	};
	return async (event) => {
		for (let tries = 1; ; tries++) {
			try {
				return await attempt(event);
			} catch (trouble) {
				if (!(trouble instanceof DatabaseTrouble)) throw trouble;
				// A read that met a lost connection (a pooled one the server had ended) runs again
				// while the probe finds the database up; a write is not repeated: its client retries
				// with the same mutation id or idempotency key.
				const status = await event.locals.watch?.report(trouble.cause);
				const read = event.request.method === 'GET' || event.request.method === 'HEAD';
				if (!(read && tries <= READ_RETRIES && status?.state === 'up' && isDatabaseUnavailable(trouble.cause))) return problemResponse(databaseUnavailable());
			}
		}
	};
}

/** How many times a read runs again after a lost connection: the pool may hold a few the server ended. */
const READ_RETRIES = 3;

/** A failure of the database, carried out of one attempt to the endpoint's retry. */
class DatabaseTrouble extends Error {
	constructor(override readonly cause: unknown) {
		super('base de données', { cause });
	}
}
