import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { DB } from '../db';
import { HttpProblem } from '../http/problem';

/** How long a key is remembered: a client retries within minutes, a day is ample. */
const KEPT_MS = 24 * 3_600_000;
export const IDEMPOTENCY_KEY = /^[\w.:-]{8,200}$/;

export type Outcome<T> = { status: number; body: T };

/**
 * A POST sent again with the same Idempotency-Key (a retry after a lost answer, a double click)
 * gets the first answer, and does nothing twice, whatever the server each copy reaches: the key
 * is claimed by an insert before the work, so a copy that arrives meanwhile is told to wait
 * (409, Retry-After) rather than run it a second time. A refusal (4xx) is remembered like a
 * success; a failure of the server or the database is not, so that the retry runs the work.
 * The same key with another body is refused (422), as the sync refuses a mutation id reused.
 */
export async function once<T>(db: DB, scope: { accountId: string; operation: string; key: string | null; body: unknown }, run: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
	if (scope.key === null) return run();
	if (!IDEMPOTENCY_KEY.test(scope.key)) throw new HttpProblem(422, 'En-tête Idempotency-Key invalide : 8 à 200 caractères parmi lettres, chiffres, « . », « : », « - » et « _ ».');
	const requestHash = createHash('sha256').update(JSON.stringify(scope.body ?? null)).digest('hex');
	const where = { accountId: scope.accountId, operation: scope.operation, key: scope.key };
	await db.deleteFrom('idempotencyKeys').where('createdAt', '<', new Date(Date.now() - KEPT_MS)).execute();
	const claimed = await db
		.insertInto('idempotencyKeys')
		.values({ ...where, requestHash, status: 0, response: 'null' })
		.onConflict((oc) => oc.columns(['accountId', 'operation', 'key']).doNothing())
		.executeTakeFirst();
	if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) {
		const known = await db
			.selectFrom('idempotencyKeys')
			// As text: the camel-case plugin would rename the stored answer's keys.
			.select(['requestHash', 'status', sql<string>`response::text`.as('response')])
			.where('accountId', '=', where.accountId)
			.where('operation', '=', where.operation)
			.where('key', '=', where.key)
			.executeTakeFirstOrThrow();
		if (known.requestHash !== requestHash) throw new HttpProblem(422, 'Cette clé Idempotency-Key a déjà servi pour une autre demande : utilisez-en une nouvelle.');
		if (known.status === 0) throw new HttpProblem(409, 'La même demande est en cours de traitement : réessayez dans un instant.', undefined, { 'retry-after': '1' });
		const body = JSON.parse(known.response) as T & { detail?: string; errors?: Record<string, string[]> };
		if (known.status >= 400) throw new HttpProblem(known.status, body.detail, body.errors);
		return { status: known.status, body };
	}
	const keep = (status: number, body: unknown) =>
		db
			.updateTable('idempotencyKeys')
			.set({ status, response: JSON.stringify(body) })
			.where('accountId', '=', where.accountId)
			.where('operation', '=', where.operation)
			.where('key', '=', where.key)
			.execute();
	try {
		const outcome = await run();
		await keep(outcome.status, outcome.body);
		return outcome;
	} catch (error) {
		if (error instanceof HttpProblem && error.status >= 400 && error.status < 500 && error.status !== 429) await keep(error.status, error.toJSON());
		else await db.deleteFrom('idempotencyKeys').where('accountId', '=', where.accountId).where('operation', '=', where.operation).where('key', '=', where.key).execute().catch(() => undefined);
		throw error;
	}
}
