import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, expect, it } from 'vitest';
import { pullAll } from '../../../src/lib/client/sync/engine';
import { LocalStore } from '../../../src/lib/client/sync/store';
import type { Transport } from '../../../src/lib/client/sync/transport';
import { newId } from '../../../src/lib/domain/ids';
import { availability } from '../../factories';

let store: LocalStore;
afterEach(() => store.delete());

it('says « synchronisé » (lastSyncAt) only once the last page is in, and writes every page’s rows', async () => {
	store = new LocalStore(`pull-${newId()}`, { indexedDB, IDBKeyRange });
	const pages = [0, 1, 2].map(() => [availability(), availability()]);
	const seen: (string | null)[] = [];
	const transport: Transport = {
		push: async () => [],
		pull: async (cursor) => {
			seen.push((await store.syncMeta()).lastSyncAt);
			const rows = pages[cursor]!.map((a) => ({ entity: 'availabilities' as const, row: { ...a, version: 1, updatedAt: '2026-11-30T10:00:00.000Z', updatedBy: null, deleted: false } }));
			// The server counts what is left: 2 rows a page, though the device pulls 500 at a time.
			return { rows, cursor: cursor + 1, hasMore: cursor < 2, remaining: (2 - cursor) * 600, scope: [], structureScope: [] };
		}
	};
	const progress: string[] = [];
	expect(await pullAll(store, transport, { onPullProgress: (done, total) => progress.push(`${done}/${total}`) })).toBe(6);
	// « Synchronisation… 1/4 » after 1,200 rows left (3 more pages of 500), then « 2/4 » with 600 left.
	expect(progress).toEqual(['1/4', '2/4']);
	// Before pages 2 and 3, the device did not claim to be synced.
	expect(seen).toEqual([null, null, null]);
	expect((await store.syncMeta()).lastSyncAt).not.toBeNull();
	expect(await store.rows('availabilities').count()).toBe(6);
});
