import { sql } from 'kysely';
import type { DB } from '../db';

/** Any fixed key: the lock that orders every write of a synced row. */
const CHANGE_LOCK = 7_427_201;

/**
 * The change number of a write, taken under a transaction-level advisory lock held until commit.
 * INVARIANT: writes of synced rows commit in change-number order, so a reader that sees number N
 * sees every number below it, and a pull cursor can never step over a change that commits late.
 * Take it just before writing: the lock serialises only the end of write transactions.
 */
export async function nextChange(trx: DB): Promise<number> {
	await sql`select pg_advisory_xact_lock(${CHANGE_LOCK})`.execute(trx);
	const { rows } = await sql<{ seq: number }>`select nextval('change_seq') as seq`.execute(trx);
	return Number(rows[0]!.seq);
}
