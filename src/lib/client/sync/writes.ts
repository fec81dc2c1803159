import { ENTITY_SCHEMAS, type EntityName, type SyncedRow } from '$lib/domain/entities';
import { newId } from '$lib/domain/ids';
import { ENTITY_TABLES, type LocalRow, type LocalStore, type OutboxEntry } from './store';

export type Change =
	| { entity: EntityName; op: 'put'; value: { id: string } & Record<string, unknown> }
	| { entity: EntityName; op: 'delete'; id: string };

export class InvalidChange extends Error {
	constructor(
		readonly entity: EntityName,
		readonly errors: Record<string, string>
	) {
		super(`Modification invalide (${entity}) : ${Object.values(errors).join(' ; ')}`);
	}
}

function serverState<E extends EntityName>(row: LocalRow<E> | undefined): SyncedRow<E> | null {
	if (!row) return null;
	if (row.pending) return (row.server ?? null) as SyncedRow<E> | null;
	const { pending: _, server: __, ...plain } = row;
	return plain as SyncedRow<E>;
}

/**
 * Applies changes to the device's rows and appends them to the outbox, in one IndexedDB
 * transaction: INVARIANT the local change and its mutation are committed together or not at all,
 * so nothing the user sees can miss the outbox, and nothing in the outbox is unseen.
 * Unsent mutations of a row are merged; a sent one is never touched (it may have been applied).
 */
export async function writeChanges(store: LocalStore, changes: Change[], editId: string = newId()): Promise<{ discarded: string[] }> {
	const discarded: string[] = [];
	for (const change of changes) {
		if (change.op !== 'put') continue;
		const parsed = ENTITY_SCHEMAS[change.entity].safeParse(change.value);
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) errors[issue.path.join('.') || '_'] ??= issue.message;
			throw new InvalidChange(change.entity, errors);
		}
		change.value = parsed.data as typeof change.value;
	}
	const now = new Date().toISOString();
	await store.transaction('rw', [...ENTITY_TABLES.map((e) => store.rows(e)), store.outbox, store.conflicts], async () => {
		for (const change of changes) {
			const table = store.rows(change.entity);
			const id = change.op === 'put' ? change.value.id : change.id;
			const local = await table.get(id);
			const queued = await store.outbox.where('[entity+id]').equals([change.entity, id]).sortBy('seq');
			const last = queued.at(-1);

			if (last && last.attempts === 0) {
				const unknownToServer = last.baseVersion === 0 && !local?.server && !(await store.conflicts.get(`${change.entity}/${id}`));
				if (change.op === 'delete' && last.op === 'put' && unknownToServer) {
					// Created and deleted here before the server heard of it: nothing to send.
					await store.outbox.delete(last.seq!);
					await table.delete(id);
					discarded.push(...last.edits, editId);
					continue;
				}
				await store.outbox.update(last.seq!, {
					op: change.op,
					data: change.op === 'put' ? change.value : undefined,
					edits: [...last.edits, editId],
					createdAt: now
				});
			} else {
				const entry: OutboxEntry = {
					mutationId: newId(),
					entity: change.entity,
					id,
					op: change.op,
					// After a sent mutation of the same row, the next one expects the version it will make.
					baseVersion: last ? last.baseVersion + 1 : (local?.version ?? 0),
					...(change.op === 'put' ? { data: change.value } : {}),
					createdAt: now,
					attempts: 0,
					edits: [editId]
				};
				await store.outbox.add(entry);
			}

			const server = local ? serverState(local) : null;
			if (change.op === 'put') {
				await table.put({
					...change.value,
					version: local?.version ?? 0,
					updatedAt: now,
					updatedBy: null,
					deleted: false,
					pending: true,
					server
				} as unknown as LocalRow);
			} else if (local) {
				await table.put({ ...local, deleted: true, pending: true, server } as LocalRow);
			}
		}
	});
	return { discarded };
}
