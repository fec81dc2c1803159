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
			return { rows, cursor: cursor + 1, hasMore: cursor < 2, scope: [] };
		}
	};
	expect(await pullAll(store, transport)).toBe(6);
	// Before pages 2 and 3, the device did not claim to be synced.
	expect(seen).toEqual([null, null, null]);
	expect((await store.syncMeta()).lastSyncAt).not.toBeNull();
	expect(await store.rows('availabilities').count()).toBe(6);
});
