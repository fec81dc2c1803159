import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, singletonId } from '../../src/lib/domain/ids';
import { authorizePractitioner } from '../../src/lib/domain/policy';
import type { Availability } from '../../src/lib/domain/schemas';
import type { Mutation } from '../../src/lib/domain/sync';
import { practitionerResource } from '../../src/lib/server/access';
import { loadActor, type ServerActor } from '../../src/lib/server/auth/actor';
import type { DatabaseHandle } from '../../src/lib/server/db';
import { seedDemoData } from '../../src/lib/server/seed';
import { DEMO_PRACTITIONER_ID, demoId } from '../../src/lib/server/seed/demo-data';
import { pull } from '../../src/lib/server/sync/pull';
import { applyMutation, push } from '../../src/lib/server/sync/push';
import { readablePractitioners } from '../../src/lib/server/sync/scope';
import { nextChange } from '../../src/lib/server/sync/stamp';
import { rowFromEntity } from '../../src/lib/server/rows';
import { actorByEmail, doctorActor } from './helpers/actors';
import { openTestDatabase } from './helpers/database';
import { Device } from './helpers/client';
import { demoAvailability } from '../factories';
import { pinClock } from './helpers/clock';

// The file's data sits on fixed dates: the day-dependent rules are judged on that day.
pinClock('2026-11-23T08:00:00+01:00');

let handle: DatabaseHandle;
let doctor: ServerActor;
let cpts: ServerActor;

const availability = (overrides: Partial<Availability> = {}) => demoAvailability({ date: '2026-12-07', rrule: 'FREQ=WEEKLY;BYDAY=MO', ...overrides });

const put = (data: { id: string } & Record<string, unknown>, baseVersion = 0, entity: Mutation['entity'] = 'availabilities'): Mutation => ({
	mutationId: newId(),
	entity,
	id: data.id,
	op: 'put',
	baseVersion,
	data
});

beforeAll(async () => {
	handle = await openTestDatabase();
	await seedDemoData(handle.db, '2026-11-23');
	doctor = await doctorActor(handle.db);
	cpts = await actorByEmail(handle.db, 'cpts.comtat@agenda-sas.test');
});
afterAll(async () => {
	await handle?.close();
});

describe('push', () => {
	it('applies a new row at version 1, once, however many times it is sent', async () => {
		const mutation = put(availability());
		const first = await applyMutation(handle.db, doctor, mutation);
		expect(first).toMatchObject({ status: 'applied', row: { id: mutation.id, version: 1, deleted: false, updatedBy: 'Dr Claire Aubert' } });
		const again = await applyMutation(handle.db, doctor, mutation);
		expect(again).toEqual(first);
		const row = await handle.db.selectFrom('availabilities').select('version').where('id', '=', mutation.id).executeTakeFirstOrThrow();
		expect(row.version).toBe(1);
		const audits = await handle.db.selectFrom('auditLog').select('action').where('entityId', '=', mutation.id).execute();
		expect(audits).toEqual([{ action: 'create' }]);
	});

	it('reports a conflict, with the server’s row, when the change was made on an older version', async () => {
		const row = availability();
		await applyMutation(handle.db, doctor, put(row));
		await applyMutation(handle.db, cpts, put({ ...row, start: '18:00' }, 1));
		const stale = await applyMutation(handle.db, doctor, put({ ...row, end: '20:00' }, 1));
		expect(stale).toMatchObject({ status: 'conflict', server: { start: '18:00', version: 2, updatedBy: 'CPTS du Comtat Venaissin' } });
		// Two devices that create the same row meet the same way.
		expect(await applyMutation(handle.db, doctor, put(row, 0))).toMatchObject({ status: 'conflict' });
	});

	it('rejects invalid values with a French message per field, and records nothing else', async () => {
		const row = availability({ start: '19:30', end: '18:30', consultationTypes: [] });
		const result = await applyMutation(handle.db, doctor, put(row));
		expect(result).toMatchObject({
			status: 'rejected',
			errors: { end: ['L’heure de fin doit être après l’heure de début'], consultationTypes: ['Choisissez au moins un type de consultation'] }
		});
		expect(await handle.db.selectFrom('availabilities').select('id').where('id', '=', row.id).executeTakeFirst()).toBeUndefined();
	});

	it('rejects what the policy refuses, with its reason', async () => {
		const interfaced = demoId('doctor:Élodie Giraud');
		const address = demoId('address:Élodie Giraud');
		expect(await applyMutation(handle.db, cpts, put(availability({ practitionerId: interfaced, addressId: address })))).toMatchObject({
			status: 'rejected',
			reason: 'Ce professionnel utilise un logiciel de prise de rendez-vous interfacé : ses créneaux ne se modifient que dans ce logiciel.'
		});
		const azur = demoId('doctor:Aurélie Imbert');
		expect(await applyMutation(handle.db, cpts, put(availability({ practitionerId: azur, addressId: demoId('address:Aurélie Imbert') })))).toMatchObject({
			status: 'rejected',
			reason: 'Ce professionnel ne participe pas au SAS via une de vos structures.'
		});
		const settings = await handle.db.selectFrom('participationSettings').selectAll().where('practitionerId', '=', DEMO_PRACTITIONER_ID).executeTakeFirstOrThrow();
		expect(await applyMutation(handle.db, cpts, put({ ...settings, participates: false } as never, settings.version, 'participationSettings'))).toMatchObject({
			status: 'rejected',
			reason: 'Seul le professionnel modifie ses paramètres de participation au SAS.'
		});
	});

	it('rejects references the server knows are wrong: another doctor’s address, a structure of the wrong kind', async () => {
		expect(await applyMutation(handle.db, doctor, put(availability({ addressId: demoId('address:Julien Bonnet') })))).toMatchObject({
			status: 'rejected',
			errors: { addressId: ['Lieu d’exercice inconnu : choisissez un de vos lieux d’exercice.'] }
		});
		const settings = await handle.db.selectFrom('participationSettings').selectAll().where('practitionerId', '=', DEMO_PRACTITIONER_ID).executeTakeFirstOrThrow();
		const msp = { ...settings, mode: 'msp', structureId: demoId('structure:cpts-comtat'), cptsAddressIds: [] };
		expect(await applyMutation(handle.db, doctor, put(msp as never, settings.version, 'participationSettings'))).toMatchObject({
			status: 'rejected',
			errors: { structureId: ['Cette structure n’est pas une MSP : elle ne correspond pas à « via ma MSP ».'] }
		});
	});

	it('labels a manager’s write with the structure, and deletes as a tombstone', async () => {
		const row = availability();
		const created = await applyMutation(handle.db, cpts, put(row));
		expect(created).toMatchObject({ status: 'applied', row: { updatedBy: 'CPTS du Comtat Venaissin' } });
		const deleted = await applyMutation(handle.db, doctor, { mutationId: newId(), entity: 'availabilities', id: row.id, op: 'delete', baseVersion: 1 });
		expect(deleted).toMatchObject({ status: 'applied', row: { deleted: true, version: 2, start: '18:30' } });
		const audit = await handle.db.selectFrom('auditLog').select(['action', 'actorLabel', 'role']).where('entityId', '=', row.id).orderBy('id').execute();
		expect(audit).toEqual([
			{ action: 'create', actorLabel: 'CPTS du Comtat Venaissin', role: 'structureManager' },
			{ action: 'delete', actorLabel: 'Dr Claire Aubert', role: 'practitioner' }
		]);
	});

	it('does not answer another account with someone’s recorded mutation', async () => {
		const mutation = put(availability());
		await applyMutation(handle.db, doctor, mutation);
		expect(await applyMutation(handle.db, cpts, mutation)).toMatchObject({ status: 'rejected', reason: 'Cet identifiant de modification est déjà utilisé.' });
	});

	it('applies a batch in order: a detached occurrence after its series', async () => {
		const series = availability();
		const detached = availability({ rrule: null, seriesId: series.id, originalDate: '2026-12-14', date: '2026-12-14', start: '17:30', end: '18:30' });
		const results = await push(handle.db, doctor, [put(series), put(detached)]);
		expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
		const orphan = availability({ rrule: null, seriesId: newId(), originalDate: '2026-12-14' });
		expect(await applyMutation(handle.db, doctor, put(orphan))).toMatchObject({ status: 'rejected', errors: { seriesId: ['La récurrence de cette occurrence n’existe plus.'] } });
	});
});

describe('pull', () => {
	it('gives a doctor their own rows and the structures of their département, nobody else’s', async () => {
		const page = await pull(handle.db, doctor, 0, 1000);
		expect(page.scope).toEqual([DEMO_PRACTITIONER_ID]);
		const owners = new Set(page.rows.filter((r) => r.entity !== 'structures').map((r) => ('practitionerId' in r.row ? r.row.practitionerId : r.row.id)));
		expect([...owners]).toEqual([DEMO_PRACTITIONER_ID]);
		// The three of Vaucluse (her CPTS among them), not the four elsewhere.
		expect(page.rows.filter((r) => r.entity === 'structures').map((r) => (r.row as { territory: string }).territory)).toEqual(['84', '84', '84']);
		expect(page.rows.some((r) => r.entity === 'availabilities' && r.row.deleted)).toBe(true);
	});

	it('pages in change order without missing or repeating a row, and ends on the latest change', async () => {
		const all = await pull(handle.db, cpts, 0, 1000);
		expect(all.hasMore).toBe(false);
		const seen: string[] = [];
		let cursor = 0;
		for (let pages = 0; pages < 100; pages++) {
			const page = await pull(handle.db, cpts, cursor, 7);
			seen.push(...page.rows.map((r) => `${r.entity}/${r.row.id}/${r.row.version}`));
			// What the server says is left is what comes after: the device's « 3/7 » is true.
			expect(page.remaining).toBe(all.rows.length - seen.length);
			expect(page.cursor).toBeGreaterThanOrEqual(cursor);
			cursor = page.cursor;
			if (!page.hasMore) break;
		}
		expect(seen).toEqual(all.rows.map((r) => `${r.entity}/${r.row.id}/${r.row.version}`));
		expect(cursor).toBe(all.cursor);
		// Nothing changed since: the next pull is empty.
		expect((await pull(handle.db, cpts, cursor, 100)).rows).toEqual([]);
		// One change later, exactly that change comes.
		const row = availability();
		await applyMutation(handle.db, doctor, put(row));
		expect((await pull(handle.db, cpts, cursor, 100)).rows.map((r) => r.row.id)).toEqual([row.id]);
	});

	it('reads exactly the practitioners the policy lets each demo account read', async () => {
		const accounts = await handle.db.selectFrom('accounts').select('id').execute();
		const practitioners = await handle.db.selectFrom('practitioners').select('id').execute();
		for (const { id } of accounts) {
			const actor = (await loadActor(handle.db, id))!;
			const scope = new Set(await readablePractitioners(handle.db, actor));
			for (const p of practitioners) {
				const allowed = authorizePractitioner(actor, 'practitioner.read', await practitionerResource(handle.db, p.id)).allowed;
				expect(scope.has(p.id), `${actor.email ?? actor.practitionerId} → ${p.id}`).toBe(allowed);
			}
		}
	});
});

describe('concurrency', () => {
	it('misses no change while writers commit concurrently', async () => {
		let cursor = (await pull(handle.db, cpts, 0, 1000)).cursor;
		const writes = Array.from({ length: 40 }, () => put(availability()));
		const seen = new Set<string>();
		let done = false;
		const writing = Promise.all(writes.map((m) => applyMutation(handle.db, m.id.endsWith('0') ? cpts : doctor, m))).then((results) => {
			done = true;
			return results;
		});
		while (!done) {
			const page = await pull(handle.db, cpts, cursor, 1000);
			for (const r of page.rows) seen.add(r.row.id);
			cursor = page.cursor;
			await new Promise((resolve) => setTimeout(resolve, 1));
		}
		expect((await writing).every((r) => r.status === 'applied')).toBe(true);
		for (const r of (await pull(handle.db, cpts, cursor, 1000)).rows) seen.add(r.row.id);
		expect(writes.filter((m) => !seen.has(m.id))).toEqual([]);
	});

	it('applies a mutation sent twice at once exactly once, and answers both the same', async () => {
		const mutation = put(availability());
		const [a, b] = await Promise.all([applyMutation(handle.db, doctor, mutation), applyMutation(handle.db, doctor, mutation)]);
		expect(a).toEqual(b);
		expect(a.status).toBe('applied');
		const audits = await handle.db.selectFrom('auditLog').select('id').where('entityId', '=', mutation.id).execute();
		expect(audits).toHaveLength(1);
	});

	it('answers a conflict, not an error, when another device creates the same row at the same moment', async () => {
		const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
		const BONNET = demoId('doctor:Julien Bonnet');
		// Complementary information has one id per practitioner: the doctor's phone and the
		// coordinator's desk can both create it before either has pulled the other's.
		const id = singletonId('complementaryInfo', BONNET);
		await handle.db.deleteFrom('complementaryInfo').where('id', '=', id).execute();
		const theirs = { id, practitionerId: BONNET, text: 'Parking derrière la mairie.' };
		// The other write has inserted the row and holds its change number, not yet committed.
		const first = handle.db.transaction().execute(async (trx) => {
			const seq = await nextChange(trx);
			await trx.insertInto('complementaryInfo').values({ ...rowFromEntity('complementaryInfo', theirs), seq, updatedBy: 'test' } as never).execute();
			await sleep(300);
		});
		await sleep(50);
		const mine = put({ id, practitionerId: BONNET, text: 'Sonner deux fois.' }, 0, 'complementaryInfo');
		const [, answer] = await Promise.all([first, applyMutation(handle.db, cpts, mine)]);
		expect(answer).toMatchObject({ status: 'conflict', id, server: { text: 'Parking derrière la mairie.', version: 1 } });
		// Answered from the record when sent again, and the row is the first writer's.
		expect(await applyMutation(handle.db, cpts, mine)).toEqual(answer);
		const row = await handle.db.selectFrom('complementaryInfo').select(['text', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
		expect(row).toEqual({ text: 'Parking derrière la mairie.', version: 1 });
	});

	it('answers a mutation repeated inside one batch like a resend: applied once, the same answer twice', async () => {
		const mutation = put(availability());
		const other = put(availability());
		const results = await push(handle.db, doctor, [mutation, other, mutation]);
		expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
		expect(results[2]).toEqual(results[0]);
		const audits = await handle.db.selectFrom('auditLog').select('id').where('entityId', '=', mutation.id).execute();
		expect(audits).toHaveLength(1);
	});

	it('two batches creating the same row at once: one applies it, the other gets a conflict, and the rest of both applies', async () => {
		// The demo doctor's phone and her CPTS's desk both create her complementary information (one id per practitioner).
		const id = singletonId('complementaryInfo', DEMO_PRACTITIONER_ID);
		await handle.db.deleteFrom('complementaryInfo').where('id', '=', id).execute();
		const fromPhone = [put({ id, practitionerId: DEMO_PRACTITIONER_ID, text: 'Interphone au nom du cabinet.' }, 0, 'complementaryInfo'), put(availability())];
		const fromDesk = [put({ id, practitionerId: DEMO_PRACTITIONER_ID, text: 'Accès par la cour.' }, 0, 'complementaryInfo'), put(availability())];
		const [phone, desk] = await Promise.all([push(handle.db, doctor, fromPhone), push(handle.db, cpts, fromDesk)]);
		expect([phone[0]!.status, desk[0]!.status].sort()).toEqual(['applied', 'conflict']);
		expect([phone[1]!.status, desk[1]!.status]).toEqual(['applied', 'applied']);
		const row = await handle.db.selectFrom('complementaryInfo').select(['text', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.version).toBe(1);
	});

	it('never lets a pull step over a change that commits late', async () => {
		const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
		const slow = availability();
		const fast = availability();
		const cursor = (await pull(handle.db, cpts, 0, 1000)).cursor;
		// A write that takes its change number, then lingers before committing.
		const lingering = handle.db.transaction().execute(async (trx) => {
			const seq = await nextChange(trx);
			await sleep(400);
			await trx.insertInto('availabilities').values({ ...rowFromEntity('availabilities', slow), seq, updatedBy: 'test' } as never).execute();
		});
		await sleep(50);
		const quick = applyMutation(handle.db, doctor, put(fast));
		await sleep(100);
		const during = await pull(handle.db, cpts, cursor, 1000);
		await Promise.all([lingering, quick]);
		const after = await pull(handle.db, cpts, during.cursor, 1000);
		const seen = new Set([...during.rows, ...after.rows].map((r) => r.row.id));
		expect([seen.has(slow.id), seen.has(fast.id)]).toEqual([true, true]);
	});
});

describe('the structures a device holds', () => {
	it('are those of the doctor’s départements and their CPTS, and a place in another département brings its own', async () => {
		const db = await openTestDatabase();
		try {
			await seedDemoData(db.db);
			const doctor = await doctorActor(db.db);
			const names = async () => {
				const page = await pull(db.db, doctor, 0, 1000);
				return { keys: page.structureScope, names: page.rows.filter((r) => r.entity === 'structures').map((r) => (r.row as { name: string }).name).sort() };
			};
			const before = await names();
			expect(before.keys).toContain('territory:84');
			expect(before.keys).toContain(demoId('structure:cpts-comtat'));
			expect(before.names).toEqual(['CPTS du Comtat Venaissin', 'MSP du Ventoux', 'SOS Médecins Avignon']);
			// A second place, in the Alpes-Maritimes: the structures of 06 come with it.
			const id = newId();
			const added = await applyMutation(db.db, doctor, { mutationId: newId(), entity: 'addresses', id, op: 'put', baseVersion: 0, data: { id, practitionerId: DEMO_PRACTITIONER_ID, street: '1 place du Commandant Lamy', postalCode: '06250', city: 'Mougins', inseeCode: null, phone: null, timeZone: 'Europe/Paris' } });
			expect(added.status).toBe('applied');
			const after = await names();
			expect(after.keys).toContain('territory:06');
			expect(after.names).toContain('CPTS du Pays d’Azur');
		} finally {
			await db.close();
		}
	});

	it('pulls again from the start when the scope grows, so that older structures come', async () => {
		const db = await openTestDatabase();
		try {
			await seedDemoData(db.db);
			const doctor = await doctorActor(db.db);
			const device = new Device(db.db, doctor);
			await device.sync();
			expect(await device.store.structures.get(demoId('structure:cpts-azur'))).toBeUndefined();
			const id = newId();
			await applyMutation(db.db, doctor, { mutationId: newId(), entity: 'addresses', id, op: 'put', baseVersion: 0, data: { id, practitionerId: DEMO_PRACTITIONER_ID, street: '1 place du Commandant Lamy', postalCode: '06250', city: 'Mougins', inseeCode: null, phone: null, timeZone: 'Europe/Paris' } });
			await device.sync();
			expect(await device.store.structures.get(demoId('structure:cpts-azur'))).toMatchObject({ territory: '06' });
			await device.store.delete();
		} finally {
			await db.close();
		}
	});
});
