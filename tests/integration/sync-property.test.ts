import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, singletonId } from '../../src/lib/domain/ids';
import { stripMeta } from '../../src/lib/client/sync/engine';
import { keepMine, keepTheirs } from '../../src/lib/client/sync/resolve';
import { writeChanges, type Change } from '../../src/lib/client/sync/writes';
import type { DatabaseHandle } from '../../src/lib/server/db';
import { seedDemoData } from '../../src/lib/server/seed';
import { DEMO_PRACTITIONER_ID, demoId } from '../../src/lib/server/seed/demo-data';
import { actorByEmail, doctorActor } from './helpers/actors';
import { Device } from './helpers/client';
import { openTestDatabase } from './helpers/database';
import { demoAvailability } from '../factories';
import { pinClock } from './helpers/clock';

// The file's data sits on fixed dates: the day-dependent rules are judged on that day.
pinClock('2026-11-23T08:00:00+01:00');

let handle: DatabaseHandle;
const INFO_ID = singletonId('complementaryInfo', DEMO_PRACTITIONER_ID);

type Step =
	| { kind: 'edit'; device: number; row: number; action: 'put' | 'delete'; hour: number }
	| { kind: 'info'; device: number; text: string }
	| { kind: 'foreign'; device: number }
	| { kind: 'sync'; device: number }
	| { kind: 'syncTogether'; a: number; b: number }
	| { kind: 'resolve'; device: number; mine: boolean }
	| { kind: 'offline' | 'online' | 'loseAnswer' | 'reload'; device: number };

const device = fc.integer({ min: 0, max: 2 });
const step: fc.Arbitrary<Step> = fc.oneof(
	{ weight: 6, arbitrary: fc.record({ kind: fc.constant('edit' as const), device, row: fc.integer({ min: 0, max: 2 }), action: fc.constantFrom('put' as const, 'put' as const, 'delete' as const), hour: fc.integer({ min: 7, max: 20 }) }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('info' as const), device, text: fc.string({ maxLength: 30 }) }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('foreign' as const), device }) },
	{ weight: 4, arbitrary: fc.record({ kind: fc.constant('sync' as const), device }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('syncTogether' as const), a: device, b: device }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('resolve' as const), device, mine: fc.boolean() }) },
	{ weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('offline' as const, 'online' as const, 'loseAnswer' as const, 'reload' as const), device }) }
);

const availability = (id: string, hour: number) =>
	demoAvailability({ id, date: '2026-12-09', start: `${String(hour).padStart(2, '0')}:00`, end: `${String(hour + 1).padStart(2, '0')}:30`, kind: 'walk_in' });

const stats = { runs: 0, steps: 0, longest: 0, edits: 0, conflicts: 0, rejections: 0, lostAnswers: 0, reloads: 0 };

async function scenario(steps: Step[]): Promise<void> {
	stats.runs++;
	stats.steps += steps.length;
	stats.longest = Math.max(stats.longest, steps.length);
	const devices = [
		new Device(handle.db, await doctorActor(handle.db)),
		new Device(handle.db, await doctorActor(handle.db)),
		new Device(handle.db, await actorByEmail(handle.db, 'cpts.comtat@agenda-sas.test'))
	];
	const rows = [newId(), newId(), newId()];
	const edits: { device: number; edit: string }[] = [];
	const counts = async (id: string) => {
		const table = id === INFO_ID ? 'complementaryInfo' : 'availabilities';
		const row = await handle.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirst();
		const audits = await handle.db.selectFrom('auditLog').select('id').where('entityId', '=', id).execute();
		return { version: row?.version ?? 0, audits: audits.length };
	};
	const infoBefore = await counts(INFO_ID);

	async function edit(d: Device, index: number, changes: Change[]) {
		const editId = newId();
		edits.push({ device: index, edit: editId });
		const { discarded } = await writeChanges(d.store, changes, editId);
		if (discarded.length) d.record(discarded, 'discarded');
	}

	for (const s of steps) {
		switch (s.kind) {
			case 'edit': {
				const d = devices[s.device]!;
				const id = rows[s.row]!;
				const local = await d.store.availabilities.get(id);
				if (s.action === 'delete') {
					if (local && !local.deleted) await edit(d, s.device, [{ entity: 'availabilities', op: 'delete', id }]);
				} else {
					await edit(d, s.device, [{ entity: 'availabilities', op: 'put', value: availability(id, s.hour) }]);
				}
				break;
			}
			case 'info':
				await edit(devices[s.device]!, s.device, [{ entity: 'complementaryInfo', op: 'put', value: { id: INFO_ID, practitionerId: DEMO_PRACTITIONER_ID, text: s.text } }]);
				break;
			case 'foreign': {
				// A row the account may not write: another doctor's agenda (refused by the policy).
				const other = availability(newId(), 9);
				await edit(devices[s.device]!, s.device, [{ entity: 'availabilities', op: 'put', value: { ...other, practitionerId: demoId('doctor:Aurélie Imbert'), addressId: demoId('address:Aurélie Imbert') } }]);
				break;
			}
			case 'sync':
				await devices[s.device]!.sync();
				break;
			case 'resolve': {
				// The user settles the conflicts shown on this device, one way or the other.
				const d = devices[s.device]!;
				for (const c of await d.store.conflicts.toArray()) {
					stats.conflicts++;
					if (s.mine) {
						const editId = newId();
						edits.push({ device: s.device, edit: editId });
						await keepMine(d.store, c.key, editId);
					} else await keepTheirs(d.store, c.key);
				}
				break;
			}
			case 'syncTogether':
				await Promise.all([devices[s.a]!.sync(), s.a === s.b ? Promise.resolve(true) : devices[s.b]!.sync()]);
				break;
			case 'offline':
				devices[s.device]!.online = false;
				break;
			case 'online':
				devices[s.device]!.online = true;
				break;
			case 'loseAnswer':
				devices[s.device]!.loseNextAnswer = true;
				stats.lostAnswers++;
				break;
			case 'reload':
				devices[s.device]!.reload();
				stats.reloads++;
				break;
		}
	}

	// The network comes back for good; people settle their conflicts with the server's version.
	for (const d of devices) {
		d.online = true;
		d.loseNextAnswer = false;
	}
	const trace = process.env.SYNC_PROPERTY_TRACE !== undefined;
	for (let round = 0; round < 6; round++) {
		for (const d of devices) {
			expect(await d.sync()).toBe(true);
			for (const c of await d.store.conflicts.toArray()) {
				stats.conflicts++;
				if (trace) console.info('keepTheirs', devices.indexOf(d), rows.indexOf(c.id), c.theirs?.version, JSON.stringify(await d.store.availabilities.get(c.id)));
				await keepTheirs(d.store, c.key);
				if (trace) console.info('→', JSON.stringify(await d.store.availabilities.get(c.id)));
			}
		}
	}
	for (const d of devices) expect(await d.sync()).toBe(true);

	// Nothing lost: every edit ended applied, in conflict, refused, or cancelled before it left.
	for (const { device, edit: id } of edits) {
		expect(devices[device]!.outcomes.get(id), `édition ${id} de l’appareil ${device}`).toBeDefined();
	}
	stats.edits += edits.length;
	for (const d of devices) {
		expect(await d.store.outbox.count()).toBe(0);
		expect(await d.store.conflicts.count()).toBe(0);
		stats.rejections += await d.store.rejections.count();
	}

	// Never applied twice: what a row's version gained is exactly what its audit trail gained.
	for (const id of [...rows, INFO_ID]) {
		const before = id === INFO_ID ? infoBefore : { version: 0, audits: 0 };
		const after = await counts(id);
		expect(after.version - before.version, `versions de ${id}`).toBe(after.audits - before.audits);
	}

	// Every replica holds what the server holds.
	for (const id of rows) {
		const server = await handle.db.selectFrom('availabilities').selectAll().where('id', '=', id).executeTakeFirst();
		for (const d of devices) {
			const local = await d.store.availabilities.get(id);
			if (!server) {
				expect(local).toBeUndefined();
				continue;
			}
			expect(local, `ligne ${id} sur ${d.name}`).toBeDefined();
			expect({ row: rows.indexOf(id), device: devices.indexOf(d), version: local!.version, deleted: local!.deleted, pending: local!.pending, start: local!.start }).toEqual({
				row: rows.indexOf(id),
				device: devices.indexOf(d),
				version: server.version,
				deleted: server.deleted,
				pending: false,
				start: server.startTime
			});
		}
	}
	const info = await handle.db.selectFrom('complementaryInfo').selectAll().where('id', '=', INFO_ID).executeTakeFirst();
	for (const d of devices) {
		const local = await d.store.complementaryInfo.get(INFO_ID);
		expect(local ? { ...stripMeta(local), version: local.version } : null).toEqual(info ? { id: info.id, practitionerId: info.practitionerId, text: info.text, version: info.version } : null);
	}
	for (const d of devices) d.store.close();
}

beforeAll(async () => {
	handle = await openTestDatabase();
	await seedDemoData(handle.db, '2026-11-23');
});
afterAll(async () => {
	console.info(
		`[propriété de la synchronisation] ${stats.runs} scénarios, ${stats.steps} étapes (la plus longue : ${stats.longest}), ` +
			`${stats.edits} éditions, ${stats.conflicts} conflits, ${stats.rejections} refus, ${stats.lostAnswers} réponses perdues, ${stats.reloads} rechargements`
	);
	await handle?.close();
});

describe('the sync engine, property', () => {
	it('loses no edit, applies none twice, and brings every replica to the server’s state', async () => {
		if (process.env.SYNC_PROPERTY_STEPS) return scenario(JSON.parse(process.env.SYNC_PROPERTY_STEPS) as Step[]);
		const seed = Number(process.env.SYNC_PROPERTY_SEED ?? Date.now() % 2 ** 31);
		console.info(`[propriété de la synchronisation] graine ${seed} (SYNC_PROPERTY_SEED=${seed} pour rejouer)`);
		await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 60, size: 'max' }), scenario), {
			numRuns: Number(process.env.SYNC_PROPERTY_RUNS ?? 30),
			seed
		});
	}, 600_000);
});
