import type { EntityName, SyncedRow } from '$lib/domain/entities';
import { MAX_PUSH, type Mutation, type MutationResult, type PulledRow, type PullResponse } from '$lib/domain/sync';
import { ENTITY_TABLES, type LocalRow, type LocalStore, type OutboxEntry } from './store';
import { ServerFailure, type Transport } from './transport';

export type Outcome = 'applied' | 'conflict' | 'rejected';

export interface EngineHooks {
	/** Every local edit ends in exactly one outcome (tests count them). */
	onOutcome?(edits: string[], outcome: Outcome): void;
	/** While several pages come in: `done` of `total` pages (« Synchronisation… 3/7 »). */
	onPullProgress?(done: number, total: number): void;
}

const PULL_PAGE = 500;
const rowKey = (entity: EntityName, id: string) => `${entity}/${id}`;

/** The longest head of the outbox with one mutation per row: order is kept, and a row's next
 * mutation waits for the answer to the previous one. */
function nextBatch(entries: OutboxEntry[]): OutboxEntry[] {
	const batch: OutboxEntry[] = [];
	const rows = new Set<string>();
	for (const entry of entries) {
		const key = rowKey(entry.entity, entry.id);
		if (rows.has(key) || batch.length === MAX_PUSH) break;
		rows.add(key);
		batch.push(entry);
	}
	return batch;
}

function toMutation(e: OutboxEntry): Mutation {
	return e.op === 'put'
		? { mutationId: e.mutationId, entity: e.entity, id: e.id, op: 'put', baseVersion: e.baseVersion, data: e.data! }
		: { mutationId: e.mutationId, entity: e.entity, id: e.id, op: 'delete', baseVersion: e.baseVersion };
}

function plain<E extends EntityName>(row: SyncedRow<E>): LocalRow<E> {
	return { ...row, pending: false, server: undefined } as LocalRow<E>;
}

async function applyResult(store: LocalStore, entry: OutboxEntry, result: MutationResult, hooks: EngineHooks): Promise<void> {
	const table = store.rows(entry.entity);
	const later = (await store.outbox.where('[entity+id]').equals([entry.entity, entry.id]).sortBy('seq')).filter((e) => e.seq! > entry.seq!);
	await store.outbox.delete(entry.seq!);
	const local = await table.get(entry.id);

	if (result.status === 'applied') {
		hooks.onOutcome?.(entry.edits, 'applied');
		if (later.length === 0) await table.put(plain(result.row) as never);
		// Later edits of the row still wait: keep them on screen, under the new server state.
		else if (local) await table.put({ ...local, version: result.row.version, server: result.row } as never);
		return;
	}

	// A conflict or a rejection stops the row here: later edits of it join the same record,
	// which holds the row as it is on the device.
	for (const e of later) await store.outbox.delete(e.seq!);
	const edits = [...entry.edits, ...later.flatMap((e) => e.edits)];
	const lastOp = later.at(-1)?.op ?? entry.op;
	const mine = lastOp === 'delete' || !local ? { op: 'delete' as const } : { op: 'put' as const, data: stripMeta(local) };
	const at = new Date().toISOString();

	if (result.status === 'conflict') {
		hooks.onOutcome?.(edits, 'conflict');
		const key = rowKey(entry.entity, entry.id);
		const previous = await store.conflicts.get(key);
		await store.conflicts.put({ key, entity: entry.entity, id: entry.id, mine, theirs: result.server, edits: [...(previous?.edits ?? []), ...edits], at });
		if (local) await table.put({ ...local, server: result.server } as never);
		return;
	}

	hooks.onOutcome?.(edits, 'rejected');
	await store.rejections.put({ mutationId: entry.mutationId, entity: entry.entity, id: entry.id, op: mine.op, data: mine.data, reason: result.reason, errors: result.errors, edits, at });
	// The refused change leaves the agenda; what the user typed stays in the rejection, to correct.
	const server = local?.server ?? null;
	if (server) await table.put(plain(server) as never);
	else await table.delete(entry.id);
}

export function stripMeta(row: LocalRow): Record<string, unknown> {
	const { version: _v, updatedAt: _u, updatedBy: _b, deleted: _d, pending: _p, server: _s, ...data } = row as LocalRow & Record<string, unknown>;
	return data;
}

/** A batch the server failed on this many times is sent one mutation at a time, to find the one at fault. */
export const ISOLATE_AFTER = 2;
/** A mutation the server failed on alone this many times, while it answers otherwise, is set aside as refused. */
export const SET_ASIDE_AFTER = 3;

/**
 * Sends the outbox, oldest first, until it is empty. Throws (Offline, SignedOut, ServerFailure) to be retried.
 * A mutation the server cannot handle (it fails on it every time, while it answers other calls) is
 * isolated and set aside as refused, with what the user entered kept: the queue never stalls on it.
 */
export async function pushAll(store: LocalStore, transport: Transport, hooks: EngineHooks = {}): Promise<number> {
	let sent = 0;
	for (;;) {
		let batch = nextBatch(await store.outbox.orderBy('seq').toArray());
		if (batch.length === 0) return sent;
		if ((batch[0]!.serverFailures ?? 0) >= ISOLATE_AFTER) batch = batch.slice(0, 1);
		// Counted before sending: if the answer is lost, these entries are never merged into again.
		await store.transaction('rw', store.outbox, async () => {
			for (const e of batch) await store.outbox.update(e.seq!, { attempts: e.attempts + 1 });
		});
		let results: MutationResult[];
		try {
			results = await transport.push(batch.map(toMutation));
		} catch (error) {
			if (!(error instanceof ServerFailure)) throw error;
			await store.transaction('rw', store.outbox, async () => {
				for (const e of batch) await store.outbox.update(e.seq!, { serverFailures: (e.serverFailures ?? 0) + 1 });
			});
			const culprit = batch.length === 1 && (batch[0]!.serverFailures ?? 0) + 1 >= SET_ASIDE_AFTER ? batch[0]! : null;
			if (!culprit || !(await serverAnswers(store, transport))) throw error;
			results = [
				{
					mutationId: culprit.mutationId,
					status: 'rejected',
					entity: culprit.entity,
					id: culprit.id,
					reason: `La plateforme n’a pas pu enregistrer cette modification (erreur ${error.status}). Vérifiez-la, puis renvoyez-la ou abandonnez-la.`,
					errors: {}
				}
			];
		}
		await store.transaction('rw', [...ENTITY_TABLES.map((e) => store.rows(e)), store.outbox, store.conflicts, store.rejections], async () => {
			for (const result of results) {
				const entry = batch.find((e) => e.mutationId === result.mutationId);
				if (entry) await applyResult(store, entry, result, hooks);
			}
		});
		sent += results.length;
	}
}

/** Whether the platform answers at all: when it does, a push that keeps failing is that push's fault. */
async function serverAnswers(store: LocalStore, transport: Transport): Promise<boolean> {
	try {
		await transport.pull((await store.syncMeta()).cursor, 1);
		return true;
	} catch {
		return false;
	}
}

async function dropPractitioners(store: LocalStore, ids: string[]): Promise<void> {
	for (const entity of ENTITY_TABLES) {
		if (entity === 'structures') continue;
		const table = store.rows(entity);
		if (entity === 'practitioners') await table.bulkDelete(ids);
		else await table.where('practitionerId').anyOf(ids).delete();
	}
}

/**
 * Writes a page of the server's rows: per table, one read of the rows already here and one write
 * (bulkGet, bulkPut), instead of a get and a put per row. A row with local changes keeps them, the
 * server's version under them; a conflict always shows the server's latest version, the one
 * either choice builds on.
 */
async function applyPulledRows(store: LocalStore, rows: PullResponse['rows']): Promise<void> {
	const byEntity = new Map<EntityName, PulledRow['row'][]>();
	for (const { entity, row } of rows) {
		const list = byEntity.get(entity);
		if (list) list.push(row);
		else byEntity.set(entity, [row]);
	}
	for (const [entity, list] of byEntity) {
		const table = store.rows(entity);
		const locals = await table.bulkGet(list.map((row) => row.id));
		await table.bulkPut(list.map((row, i) => (locals[i]?.pending ? { ...locals[i], server: row } : plain(row))) as never);
		const keys = list.map((row) => rowKey(entity, row.id));
		const conflicts = await store.conflicts.bulkGet(keys);
		for (let i = 0; i < list.length; i++) if (conflicts[i]) await store.conflicts.update(keys[i]!, { theirs: list[i]! });
	}
}

/**
 * Brings the device up to the server's changes. A row with local changes keeps them (the server
 * state is kept under them: their push decides). When the account may read new practitioners,
 * everything is pulled again; rows of practitioners it may no longer read are dropped.
 */
export async function pullAll(store: LocalStore, transport: Transport, hooks: EngineHooks = {}): Promise<number> {
	let meta = await store.syncMeta();
	let received = 0;
	let pages = 0;
	for (let restarted = false; ; ) {
		const page = await transport.pull(meta.cursor, PULL_PAGE);
		const grew = meta.scope !== null && page.scope.some((id) => !meta.scope!.includes(id));
		// New structures in scope (a place in another département, a new CPTS): their rows are older than the cursor.
		const structuresGrew = meta.structureScope !== undefined && page.structureScope.some((key) => !meta.structureScope!.includes(key));
		if ((grew || structuresGrew) && !restarted && meta.cursor > 0) {
			restarted = true;
			meta = { ...meta, cursor: 0, scope: page.scope, structureScope: page.structureScope };
			continue;
		}
		await store.transaction('rw', [...ENTITY_TABLES.map((e) => store.rows(e)), store.meta, store.conflicts], async () => {
			const gone = (meta.scope ?? []).filter((id) => !page.scope.includes(id));
			if (gone.length) await dropPractitioners(store, gone);
			await applyPulledRows(store, page.rows);
			// « Synchronisé » once the last page is in, not after the first of several.
			meta = { key: 'sync', cursor: page.cursor, lastSyncAt: page.hasMore ? meta.lastSyncAt : new Date().toISOString(), scope: page.scope, structureScope: page.structureScope };
			await store.meta.put(meta);
		});
		received += page.rows.length;
		pages++;
		if (page.hasMore) hooks.onPullProgress?.(pages, pages + Math.max(1, Math.ceil(page.remaining / PULL_PAGE)));
		if (!page.hasMore) return received;
	}
}

/** One round: what the device did goes first, then what others did comes back. */
export async function syncOnce(store: LocalStore, transport: Transport, hooks: EngineHooks = {}): Promise<{ sent: number; received: number }> {
	let sent: number;
	try {
		sent = await pushAll(store, transport, hooks);
	} catch (error) {
		// A push the server fails on does not stop what others did from coming back.
		if (error instanceof ServerFailure) await pullAll(store, transport, hooks).catch(() => undefined);
		throw error;
	}
	const received = await pullAll(store, transport, hooks);
	return { sent, received };
}
