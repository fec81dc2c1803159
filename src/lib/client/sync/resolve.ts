import { newId } from '$lib/domain/ids';
import { writeChanges } from './writes';
import type { LocalStore } from './store';
import { ENTITY_TABLES } from './store';

/** "Garder ma version": the device's version is sent again, on top of the server's (a new edit). */
export async function keepMine(store: LocalStore, key: string, editId: string = newId()): Promise<void> {
	const conflict = await store.conflicts.get(key);
	if (!conflict) return;
	const table = store.rows(conflict.entity);
	await store.transaction('rw', [...ENTITY_TABLES.map((e) => store.rows(e)), store.outbox, store.conflicts], async () => {
		await store.conflicts.delete(key);
		const local = await table.get(conflict.id);
		if (conflict.theirs === null && conflict.mine.op === 'delete') {
			if (local) await table.delete(conflict.id);
			return;
		}
		// The next mutation is based on the server's newest version, so it applies over it.
		const base = newest(conflict.theirs, local?.server) ?? undefined;
		if (local || base) {
			await table.put({ ...(local ?? base), version: base?.version ?? 0, server: base ?? null, pending: true } as never);
		}
		// Edits made here since the conflict, not sent yet, now build on the server's version too.
		for (const entry of await store.outbox.where('[entity+id]').equals([conflict.entity, conflict.id]).toArray()) {
			if (entry.attempts === 0) await store.outbox.update(entry.seq!, { baseVersion: base?.version ?? 0 });
		}
		await writeChanges(
			store,
			[conflict.mine.op === 'put' ? { entity: conflict.entity, op: 'put', value: conflict.mine.data as { id: string } } : { entity: conflict.entity, op: 'delete', id: conflict.id }],
			editId
		);
	});
}

/** The newest server state the device knows of a row: the conflict's, or one pulled since. */
function newest<T extends { version: number }>(...candidates: (T | null | undefined)[]): T | null {
	return candidates.reduce<T | null>((best, c) => (c && (!best || c.version > best.version) ? c : best), null);
}

/** "Garder la version du serveur": the device takes the server's row and forgets its own. */
export async function keepTheirs(store: LocalStore, key: string): Promise<void> {
	const conflict = await store.conflicts.get(key);
	if (!conflict) return;
	const table = store.rows(conflict.entity);
	await store.transaction('rw', [table, store.outbox, store.conflicts], async () => {
		await store.conflicts.delete(key);
		const waiting = await store.outbox.where('[entity+id]').equals([conflict.entity, conflict.id]).count();
		if (waiting > 0) return; // edited again since: those edits go on their way
		const local = await table.get(conflict.id);
		const theirs = newest(conflict.theirs, local?.pending ? local.server : local);
		if (theirs) await table.put({ ...theirs, pending: false, server: undefined } as never);
		else await table.delete(conflict.id);
	});
}

/** Drops a refused change (the agenda already shows the server's state). */
export async function discardRejection(store: LocalStore, mutationId: string): Promise<void> {
	await store.rejections.delete(mutationId);
}

/** Sends a refused change again as it was, after the cause was fixed elsewhere (a new edit). */
export async function retryRejection(store: LocalStore, mutationId: string, editId: string = newId()): Promise<void> {
	const rejection = await store.rejections.get(mutationId);
	if (!rejection) return;
	await store.transaction('rw', [...ENTITY_TABLES.map((e) => store.rows(e)), store.outbox, store.rejections], async () => {
		await store.rejections.delete(mutationId);
		await writeChanges(
			store,
			[rejection.op === 'put' ? { entity: rejection.entity, op: 'put', value: rejection.data as { id: string } } : { entity: rejection.entity, op: 'delete', id: rejection.id }],
			editId
		);
	});
}
