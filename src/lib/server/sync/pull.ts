import { sql } from 'kysely';
import { ENTITY_NAMES, type EntityName, type SyncedRow } from '$lib/domain/entities';
import type { PullResponse } from '$lib/domain/sync';
import type { ServerActor } from '../auth/actor';
import { byName, type DB } from '../db';
import { syncedFromRow } from '../rows';
import { readablePractitioners, readableStructures, structureScopeKeys } from './scope';

/**
 * The rows changed after `cursor` that the account may read (structures: those of its départements
 * and those it deals with, see scope.ts), tombstones included, in change order, `limit` at most.
 * One snapshot for every table (repeatable read), so the returned cursor — the highest change
 * number this snapshot sees — misses nothing: changes commit in number order (see stamp.ts).
 * `remaining` counts the readable rows after the page.
 */
export async function pull(db: DB, actor: ServerActor, cursor: number, limit: number): Promise<PullResponse> {
	return db
		.transaction()
		.setIsolationLevel('repeatable read')
		.execute(async (trx) => {
			const scope = await readablePractitioners(trx, actor);
			const structures = await readableStructures(trx, actor);
			const entities = ENTITY_NAMES.filter((entity) => (entity === 'structures' ? structures.territories.length + structures.ids.length > 0 : scope.length > 0));
			/** The rows of a table that this account's device holds, changed after `after`. */
			const readable = (entity: EntityName, after: number) => {
				let query = byName(trx).selectFrom(entity).where('seq', '>', after);
				if (entity === 'practitioners') query = query.where('id', 'in', scope);
				else if (entity === 'structures') {
					const held = [
						...(structures.territories.length ? [sql`territory in (${sql.join(structures.territories)})`] : []),
						...(structures.ids.length ? [sql`id in (${sql.join(structures.ids)})`] : [])
					];
					query = query.where(sql<boolean>`(${sql.join(held, sql` or `)})`);
				} else query = query.where('practitionerId', 'in', scope);
				return query;
			};
			const found: { entity: EntityName; seq: number; row: SyncedRow<EntityName> }[] = [];
			for (const entity of entities) {
				const rows = await readable(entity, cursor).selectAll().orderBy('seq').limit(limit + 1).execute();
				for (const row of rows) found.push({ entity, seq: Number(row.seq), row: syncedFromRow(entity, row as never) as SyncedRow<EntityName> });
			}
			found.sort((a, b) => a.seq - b.seq);
			const page = found.slice(0, limit);
			const hasMore = found.length > limit;
			let next = cursor;
			let remaining = 0;
			if (hasMore) {
				next = page.at(-1)!.seq;
				// What is left after this page, in this snapshot: the device shows « 3/7 » while it pulls.
				const { rows } = await sql<{ n: number }>`select sum(n)::int as n from (${sql.join(
					entities.map((entity) => readable(entity, next).select(sql<number>`count(*)`.as('n'))),
					sql` union all `
				)}) as tables`.execute(trx);
				remaining = Number(rows[0]?.n ?? 0);
			} else {
				const { rows } = await sql<{ seq: number | null }>`select max(last_value) as seq from (${sql.join(
					ENTITY_NAMES.map((e) => sql`select max(seq) as last_value from ${sql.table(e)}`),
					sql` union all `
				)}) as tables`.execute(trx);
				next = Math.max(cursor, Number(rows[0]?.seq ?? 0));
			}
			return { rows: page.map(({ entity, row }) => ({ entity, row })), cursor: next, hasMore, remaining, scope, structureScope: structureScopeKeys(structures) };
		});
}
