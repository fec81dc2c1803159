import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/domain/ids';
import type { Availability } from '../../src/lib/domain/schemas';
import { keepMine, keepTheirs } from '../../src/lib/client/sync/resolve';
import { writeChanges } from '../../src/lib/client/sync/writes';
import type { DatabaseHandle } from '../../src/lib/server/db';
import { seedDemoData } from '../../src/lib/server/seed';
import { demoId } from '../../src/lib/server/seed/demo-data';
import { actorByEmail, doctorActor } from './helpers/actors';
import { signInWithPsc } from '../../src/lib/server/auth/psc-login.service';
import { loadActor } from '../../src/lib/server/auth/actor';
import { readSession } from '../../src/lib/server/auth/sessions';
import { loadConfig } from '../../src/lib/server/config';

const config = loadConfig({ DEMO_DATA: 'true' });
import { Device } from './helpers/client';
import { openTestDatabase } from './helpers/database';
import { demoAvailability } from '../factories';
import { pinClock } from './helpers/clock';

// The file's data sits on fixed dates: the day-dependent rules are judged on that day.
pinClock('2026-11-23T08:00:00+01:00');

let handle: DatabaseHandle;

const availability = (overrides: Partial<Availability> = {}) => demoAvailability({ date: '2026-12-08', start: '12:00', end: '13:00', kind: 'walk_in', ...overrides });

async function write(device: Device, a: Availability) {
	const editId = newId();
	const { discarded } = await writeChanges(device.store, [{ entity: 'availabilities', op: 'put', value: a }], editId);
	if (discarded.length) device.record(discarded, 'discarded');
	return editId;
}

async function serverRow(id: string) {
	return handle.db.selectFrom('availabilities').selectAll().where('id', '=', id).executeTakeFirst();
}

beforeAll(async () => {
	handle = await openTestDatabase();
	await seedDemoData(handle.db, '2026-11-23');
});
afterAll(async () => {
	await handle?.close();
});

describe('the sync engine against the server', () => {
	it('keeps an offline edit through a reload and sends it once the network is back', async () => {
		const phone = new Device(handle.db, await doctorActor(handle.db));
		await phone.sync();
		phone.online = false;
		const a = availability();
		const edit = await write(phone, a);
		expect(await phone.sync()).toBe(false);
		phone.reload();
		expect(await phone.store.outbox.count()).toBe(1);
		expect(await phone.store.availabilities.get(a.id)).toMatchObject({ pending: true, start: '12:00' });
		phone.online = true;
		expect(await phone.sync()).toBe(true);
		expect(phone.outcomes.get(edit)).toBe('applied');
		expect(await phone.store.outbox.count()).toBe(0);
		expect(await phone.store.availabilities.get(a.id)).toMatchObject({ pending: false, version: 1, updatedBy: 'Dr Claire Aubert' });
		expect(await serverRow(a.id)).toMatchObject({ version: 1 });
	});

	it('never applies twice a push whose answer was lost, nor merges a later edit into it', async () => {
		const phone = new Device(handle.db, await doctorActor(handle.db));
		await phone.sync();
		const a = availability();
		await write(phone, a);
		phone.loseNextAnswer = true;
		expect(await phone.sync()).toBe(false);
		expect(await serverRow(a.id)).toMatchObject({ version: 1 }); // the server did apply it
		await write(phone, { ...a, start: '11:30' }); // edited again, before the answer ever came
		const entries = await phone.store.outbox.orderBy('seq').toArray();
		expect(entries.map((e) => [e.baseVersion, e.attempts])).toEqual([
			[0, 1],
			[1, 0]
		]);
		expect(await phone.sync()).toBe(true);
		expect(await serverRow(a.id)).toMatchObject({ version: 2, startTime: '11:30' });
		const audits = await handle.db.selectFrom('auditLog').select('action').where('entityId', '=', a.id).execute();
		expect(audits.map((x) => x.action)).toEqual(['create', 'update']);
		expect([...phone.outcomes.values()]).toEqual(['applied', 'applied']);
	});

	it('merges unsent edits of a row into one mutation, and sends nothing for a row created and deleted offline', async () => {
		const phone = new Device(handle.db, await doctorActor(handle.db));
		await phone.sync();
		phone.online = false;
		const a = availability();
		await write(phone, a);
		await write(phone, { ...a, end: '14:00' });
		await write(phone, { ...a, end: '15:00' });
		expect(await phone.store.outbox.count()).toBe(1);
		const b = availability();
		await write(phone, b);
		const { discarded } = await writeChanges(phone.store, [{ entity: 'availabilities', op: 'delete', id: b.id }], newId());
		phone.record(discarded, 'discarded');
		expect(discarded).toHaveLength(2);
		phone.online = true;
		await phone.sync();
		expect(await serverRow(a.id)).toMatchObject({ version: 1, endTime: '15:00' });
		expect(await serverRow(b.id)).toBeUndefined();
		expect([...phone.outcomes.values()].sort()).toEqual(['applied', 'applied', 'applied', 'discarded', 'discarded']);
	});

	it('turns two offline edits of one occurrence into one applied change and one conflict, and each choice works', async () => {
		const doctor = new Device(handle.db, await doctorActor(handle.db));
		const manager = new Device(handle.db, await actorByEmail(handle.db, 'cpts.comtat@agenda-sas.test'));
		const a = availability();
		await write(doctor, a);
		await doctor.sync();
		await manager.sync();
		expect(await manager.store.availabilities.get(a.id)).toMatchObject({ version: 1 });

		doctor.online = manager.online = false;
		await write(doctor, { ...a, start: '11:00' });
		await write(manager, { ...a, end: '14:00' });
		doctor.online = manager.online = true;
		await doctor.sync();
		await manager.sync();
		const [conflict] = await manager.store.conflicts.toArray();
		expect(conflict).toMatchObject({ mine: { op: 'put', data: { end: '14:00', start: '12:00' } }, theirs: { start: '11:00', end: '13:00', version: 2, updatedBy: 'Dr Claire Aubert' } });
		expect(await manager.store.availabilities.get(a.id)).toMatchObject({ end: '14:00', pending: true });

		await keepMine(manager.store, conflict!.key);
		await manager.sync();
		expect(await serverRow(a.id)).toMatchObject({ version: 3, startTime: '12:00', endTime: '14:00', updatedBy: 'CPTS du Comtat Venaissin' });
		await doctor.sync();
		expect(await doctor.store.availabilities.get(a.id)).toMatchObject({ version: 3, end: '14:00', pending: false });

		// The other choice: a new conflict, and the manager keeps the server's version.
		doctor.online = manager.online = false;
		await write(doctor, { ...a, start: '10:00', end: '14:00' });
		await write(manager, { ...a, start: '09:00', end: '14:00' });
		doctor.online = manager.online = true;
		await doctor.sync();
		await manager.sync();
		const [second] = await manager.store.conflicts.toArray();
		await keepTheirs(manager.store, second!.key);
		expect(await manager.store.availabilities.get(a.id)).toMatchObject({ start: '10:00', version: 4, pending: false });
		await manager.sync();
		expect(await manager.store.outbox.count()).toBe(0);
		expect(await serverRow(a.id)).toMatchObject({ version: 4, startTime: '10:00' });
	});

	it('shows a refused change with its reason, keeps what was typed, and takes the agenda back to the server’s state', async () => {
		const manager = new Device(handle.db, await actorByEmail(handle.db, 'cpts.comtat@agenda-sas.test'));
		await manager.sync();
		const interfaced = availability({ practitionerId: demoId('doctor:Élodie Giraud'), addressId: demoId('address:Élodie Giraud'), start: '08:00' });
		const edit = await write(manager, interfaced);
		await manager.sync();
		expect(manager.outcomes.get(edit)).toBe('rejected');
		const [rejection] = await manager.store.rejections.toArray();
		expect(rejection).toMatchObject({
			reason: 'Ce professionnel utilise un logiciel de prise de rendez-vous interfacé : ses créneaux ne se modifient que dans ce logiciel.',
			data: { start: '08:00' }
		});
		expect(await manager.store.availabilities.get(interfaced.id)).toBeUndefined();
	});

	it('drops the rows of a doctor who leaves the structure, and fetches all of one who joins', async () => {
		const castel = await handle.db.selectFrom('practitioners').selectAll().where('id', '=', demoId('doctor:Manon Castel')).executeTakeFirstOrThrow();
		const { token } = await signInWithPsc(handle.db, config, { idnps: `8${castel.rpps}`, rpps: castel.rpps, firstName: castel.firstName, lastName: castel.lastName, specialties: ['Médecine générale'] }, null);
		const doctorActorValue = (await loadActor(handle.db, (await readSession(handle.db, token, config.session))!.accountId))!;
		const doctor = new Device(handle.db, doctorActorValue);
		const manager = new Device(handle.db, await actorByEmail(handle.db, 'cpts.comtat@agenda-sas.test'));
		await doctor.sync().catch(() => undefined);
		await manager.sync();
		expect(await manager.store.practitioners.get(demoId('doctor:Manon Castel'))).toBeUndefined();

		// She chooses "via ma CPTS" with the Comtat CPTS: her existing agenda appears on the manager's device.
		const settings = (await doctor.store.participationSettings.where('practitionerId').equals(demoId('doctor:Manon Castel')).first())!;
		const { version: _v, updatedAt: _u, updatedBy: _b, deleted: _d, pending: _p, server: _s, ...value } = settings;
		await writeChanges(doctor.store, [{ entity: 'participationSettings', op: 'put', value: { ...value, mode: 'cpts', structureId: demoId('structure:cpts-comtat'), cptsAddressIds: [demoId('address:Manon Castel')] } }]);
		await doctor.sync();
		await manager.sync();
		const hers = await manager.store.availabilities.where('practitionerId').equals(demoId('doctor:Manon Castel')).count();
		expect(hers).toBeGreaterThan(0);

		// And back to "à titre individuel": they leave the manager's device.
		const now = (await doctor.store.participationSettings.get(settings.id))!;
		const { version: _v2, updatedAt: _u2, updatedBy: _b2, deleted: _d2, pending: _p2, server: _s2, ...again } = now;
		await writeChanges(doctor.store, [{ entity: 'participationSettings', op: 'put', value: { ...again, mode: 'individual', structureId: null, cptsAddressIds: [] } }]);
		await doctor.sync();
		await manager.sync();
		expect(await manager.store.availabilities.where('practitionerId').equals(demoId('doctor:Manon Castel')).count()).toBe(0);
		expect(await manager.store.practitioners.get(demoId('doctor:Manon Castel'))).toBeUndefined();
	});
});
