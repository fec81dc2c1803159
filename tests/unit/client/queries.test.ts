import 'fake-indexeddb/auto';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { localAgenda, localMembers } from '../../../src/lib/client/queries';
import { LocalStore } from '../../../src/lib/client/sync/store';
import { luhnCheckDigit, newId } from '../../../src/lib/domain/ids';
import type { Practitioner } from '../../../src/lib/domain/schemas';
import { availability, participation, unavailability } from '../../factories';

const CPTS = { id: newId(), kind: 'CPTS' as const };
let store: LocalStore;

afterEach(async () => {
	await store.delete();
});

let n = 0;
function practitioner(lastName: string): Practitioner {
	const body = `191000000${n++}`;
	return { id: newId(), rpps: body + luhnCheckDigit(body), lastName, firstName: 'Test', specialties: ['Médecine générale'], phone: null, registeredAt: null, healthCentreId: null };
}

describe('localMembers: one read per table, grouped by practitioner', () => {
	it('gives each member their own rows, leaves out deleted rows and doctors of other structures', async () => {
		store = new LocalStore(`queries-${newId()}`, { indexedDB, IDBKeyRange });
		const [a, b, outsider] = [practitioner('Arnaud'), practitioner('Blanc'), practitioner('Dehors')];
		const kept = availability({ practitionerId: a.id });
		const removed = availability({ practitionerId: a.id });
		const synced = { version: 1, updatedAt: '2026-11-30T10:00:00.000Z', updatedBy: null, deleted: false };
		const member = (p: Practitioner, structureId: string) => ({ ...participation({ practitionerId: p.id, participates: true, mode: 'cpts', structureId }), ...synced });
		await store.practitioners.bulkPut([a, b, outsider].map((p) => ({ ...p, ...synced })));
		await store.rows('participationSettings').bulkPut([member(a, CPTS.id), member(b, CPTS.id), member(outsider, newId())]);
		await store.rows('availabilities').bulkPut(
			[kept, { ...removed, deleted: true }, availability({ practitionerId: b.id }), availability({ practitionerId: outsider.id })].map((x) => ({ ...synced, ...x }))
		);
		await store.rows('unavailabilities').bulkPut([{ ...unavailability({ practitionerId: b.id }), ...synced }]);

		const members = await localMembers(store, CPTS);
		expect(members.map((m) => m.practitioner.lastName).sort()).toEqual(['Arnaud', 'Blanc']);
		const [first, second] = [members.find((m) => m.practitioner.id === a.id)!, members.find((m) => m.practitioner.id === b.id)!];
		expect(first.availabilities.map((x) => x.id)).toEqual([kept.id]);
		expect(first.unavailabilities).toEqual([]);
		expect(second.availabilities).toHaveLength(1);
		expect(second.unavailabilities).toHaveLength(1);
		// The same rows as reading one practitioner at a time.
		expect(first).toEqual(await localAgenda(store, a.id));
		expect(second).toEqual(await localAgenda(store, b.id));
	});
});
