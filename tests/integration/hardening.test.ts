import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { newId, singletonId, luhnCheckDigit } from '../../src/lib/domain/ids';
import type { Mutation, MutationResult } from '../../src/lib/domain/sync';
import { syncOnce } from '../../src/lib/client/sync/engine';
import { LocalStore } from '../../src/lib/client/sync/store';
import { ServerFailure, type Transport } from '../../src/lib/client/sync/transport';
import { writeChanges } from '../../src/lib/client/sync/writes';
import { loadActor, type ServerActor } from '../../src/lib/server/auth/actor';
import { loadConfig } from '../../src/lib/server/config';
import { signInWithPsc } from '../../src/lib/server/auth/psc-login.service';
import type { DatabaseHandle } from '../../src/lib/server/db';
import { seedDemoData } from '../../src/lib/server/seed';
import { DEMO_PRACTITIONER_ID, demoId } from '../../src/lib/server/seed/demo-data';
import { decideClaim, openClaimOf } from '../../src/lib/server/services/record-claim.service';
import { auditTrail } from '../../src/lib/server/audit';
import { pull } from '../../src/lib/server/sync/pull';
import { applyMutation, push } from '../../src/lib/server/sync/push';
import { readablePractitioners } from '../../src/lib/server/sync/scope';
import { todayIn } from '../../src/lib/domain/time';
import { actorByEmail, doctorActor } from './helpers/actors';
import { openTestDatabase } from './helpers/database';
import { demoAvailability } from '../factories';

let handle: DatabaseHandle;
let doctor: ServerActor;
let secretary: ServerActor;
const CENTRE = demoId('structure:cds-chartreux');
const OTHER_DOCTOR = demoId('doctor:Julien Bonnet');

const put = (entity: Mutation['entity'], data: { id: string } & Record<string, unknown>, baseVersion = 0): Mutation => ({
	mutationId: newId(),
	entity,
	id: data.id,
	op: 'put',
	baseVersion,
	data
});

/** A date two weeks ahead, a Monday: valid whatever the day the tests run. */
const mondayAhead = () => {
	const today = new Date(`${todayIn('Europe/Paris')}T12:00:00Z`);
	today.setUTCDate(today.getUTCDate() + 14 - ((today.getUTCDay() + 6) % 7));
	return today.toISOString().slice(0, 10);
};

async function versionOf(entity: 'participationSettings' | 'complementaryInfo', id: string): Promise<number> {
	const row = await handle.db.selectFrom(entity).select('version').where('id', '=', id).executeTakeFirst();
	return row?.version ?? 0;
}

function newRpps(seed: number): string {
	const body = `1977${String(seed).padStart(6, '0')}`;
	return body + luhnCheckDigit(body);
}

beforeAll(async () => {
	handle = await openTestDatabase();
	await seedDemoData(handle.db);
	doctor = await doctorActor(handle.db);
	secretary = await actorByEmail(handle.db, 'secretariat.chartreux@agenda-sas.test');
});
afterAll(async () => {
	await handle?.close();
});

describe('authorization is decided on the stored row, never on what the request proposes', () => {
	it('a health-centre secretary who names her centre in another doctor’s record is refused, and reads nothing of it', async () => {
		const stored = await handle.db.selectFrom('practitioners').selectAll().where('id', '=', OTHER_DOCTOR).executeTakeFirstOrThrow();
		const result = await applyMutation(
			handle.db,
			secretary,
			put('practitioners', { id: OTHER_DOCTOR, rpps: stored.rpps, lastName: 'X', firstName: 'Y', specialties: ['Médecine générale'], phone: null, registeredAt: null, healthCentreId: CENTRE }, 999)
		);
		expect(result).toMatchObject({ status: 'rejected', code: 'forbidden' });
		const answer = JSON.stringify(result);
		expect(answer).not.toContain(stored.rpps);
		expect(answer).not.toContain(stored.lastName);
		if (stored.phone) expect(answer).not.toContain(stored.phone);
		const after = await handle.db.selectFrom('practitioners').select(['lastName', 'version', 'healthCentreId']).where('id', '=', OTHER_DOCTOR).executeTakeFirstOrThrow();
		expect(after).toEqual({ lastName: stored.lastName, version: stored.version, healthCentreId: null });
	});

	it('the same goes for a row of another practitioner moved under one’s own: refused before any version check', async () => {
		const theirs = await handle.db.selectFrom('availabilities').selectAll().where('practitionerId', '=', OTHER_DOCTOR).where('deleted', '=', false).executeTakeFirstOrThrow();
		const mine = demoAvailability({ id: theirs.id, date: mondayAhead(), rrule: null });
		const result = await applyMutation(handle.db, doctor, put('availabilities', mine, 999));
		expect(result).toMatchObject({ status: 'rejected', code: 'forbidden' });
		expect(JSON.stringify(result)).not.toContain(OTHER_DOCTOR);
	});

	it('a centre still creates its own doctors', async () => {
		const id = newId();
		const result = await applyMutation(
			handle.db,
			secretary,
			put('practitioners', { id, rpps: newRpps(1), lastName: 'Nouveau', firstName: 'Médecin', specialties: ['Médecine générale'], phone: null, registeredAt: null, healthCentreId: CENTRE })
		);
		expect(result).toMatchObject({ status: 'applied' });
	});
});

describe('a record a health centre created does not silently become a doctor’s identity', () => {
	async function centreDoctor(seed: number) {
		const id = newId();
		const rpps = newRpps(seed);
		const addressId = newId();
		const results = await push(handle.db, secretary, [
			put('practitioners', { id, rpps, lastName: 'Lemaire', firstName: 'Inès', specialties: ['Médecine générale'], phone: null, registeredAt: null, healthCentreId: CENTRE }),
			put('addresses', { id: addressId, practitionerId: id, street: '12 boulevard Françoise Duparc', postalCode: '13004', city: 'Marseille', inseeCode: null, phone: null, timeZone: 'Europe/Paris' }),
			put('availabilities', { ...demoAvailability({ practitionerId: id, addressId, date: mondayAhead(), rrule: null }) })
		]);
		expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
		return { id, rpps };
	}

	async function firstSignIn(rpps: string) {
		await signInWithPsc(handle.db, loadConfig({}), { rpps, idnps: `8${rpps}`, firstName: 'Inès', lastName: 'Lemaire', specialties: ['Médecine générale'] } as never, null);
		const account = await handle.db.selectFrom('accounts').select('id').where('pscSubject', '=', `8${rpps}`).executeTakeFirstOrThrow();
		return (await loadActor(handle.db, account.id))!;
	}

	it('asks the doctor, naming the centre; a refusal takes the centre’s access and what it entered, and is audited', async () => {
		const { id } = await centreDoctor(2);
		const me = await firstSignIn((await handle.db.selectFrom('practitioners').select('rpps').where('id', '=', id).executeTakeFirstOrThrow()).rpps);
		expect(me.practitionerId).toBe(id);
		expect(await openClaimOf(handle.db, me)).toMatchObject({ structureId: CENTRE, structureName: 'Centre de santé des Chartreux' });
		// Until the doctor answers, the centre keeps the record it created.
		expect(await readablePractitioners(handle.db, secretary)).toContain(id);

		await decideClaim(handle.db, me, 'refused');
		expect(await openClaimOf(handle.db, me)).toBeNull();
		expect(await readablePractitioners(handle.db, secretary)).not.toContain(id);
		const centreRows = await handle.db.selectFrom('availabilities').select('deleted').where('practitionerId', '=', id).execute();
		expect(centreRows.every((r) => r.deleted)).toBe(true);
		const rows = await pull(handle.db, await loadActor(handle.db, secretary.accountId).then((a) => a!), 0, 1000);
		expect(rows.scope).not.toContain(id);
		const audit = await handle.db.selectFrom('auditLog').select(['entity', 'after']).where('practitionerId', '=', id).where('entity', '=', 'recordClaim').orderBy('id').execute();
		expect(audit.map((a) => a.after)).toEqual([
			{ structureId: CENTRE, decision: null },
			{ structureId: CENTRE, structureName: 'Centre de santé des Chartreux', decision: 'refused' }
		]);
		// The secretary's later writes on that doctor are refused.
		const later = await applyMutation(handle.db, secretary, put('availabilities', demoAvailability({ practitionerId: id, addressId: newId(), date: mondayAhead(), rrule: null })));
		expect(later).toMatchObject({ status: 'rejected', code: 'forbidden' });
	});

	it('an acceptance keeps the centre in charge, and the claim is not asked again', async () => {
		const { id, rpps } = await centreDoctor(3);
		const me = await firstSignIn(rpps);
		await decideClaim(handle.db, me, 'accepted');
		expect(await openClaimOf(handle.db, me)).toBeNull();
		expect(await readablePractitioners(handle.db, secretary)).toContain(id);
		await firstSignIn(rpps);
		expect(await openClaimOf(handle.db, me)).toBeNull();
		await expect(decideClaim(handle.db, me, 'refused')).rejects.toMatchObject({ status: 404 });
	});
});

describe('nothing blocks the queue', () => {
	const info = (text: string) => put('complementaryInfo', { id: singletonId('complementaryInfo', DEMO_PRACTITIONER_ID), practitionerId: DEMO_PRACTITIONER_ID, text }, 999);

	it.each([
		['a NUL character', { text: 'a\u0000b' }],
		['a lone surrogate', { text: 'a\ud800b' }]
	])('refuses %s in free text with a message, and never fails the push', async (_, data) => {
		const [result] = await push(handle.db, doctor, [info(data.text)]);
		expect(result).toMatchObject({ status: 'rejected', errors: { text: [expect.stringMatching(/^Texte invalide/)] } });
	});

	it.each([
		['year 0000', { date: '0000-01-03' }],
		['an unknown structure in the settings', null]
	])('refuses %s with a message', async (_, overrides) => {
		const mutation = overrides
			? put('availabilities', demoAvailability({ ...overrides, rrule: null }))
			: put('participationSettings', { id: singletonId('participationSettings', DEMO_PRACTITIONER_ID), practitionerId: DEMO_PRACTITIONER_ID, participates: false, mode: null, structureId: newId(), cptsAddressIds: [], usesSoftware: null, software: [], refusesEditorSlots: false, honourDeclaration: false, forfaitReorientation: false, declaredAt: null }, await versionOf('participationSettings', singletonId('participationSettings', DEMO_PRACTITIONER_ID)));
		const result = await applyMutation(handle.db, doctor, mutation);
		expect(result.status).toBe('rejected');
	});

	it('a value the database refuses while the checks let it through refuses that mutation alone, once and for all', async () => {
		// A constraint the rules do not know about stands for any such gap.
		await sql`alter table complementary_info add constraint test_no_zzz check (text not like '%zzz%')`.execute(handle.db);
		try {
			const refused = { ...info('zzz'), baseVersion: await versionOf('complementaryInfo', singletonId('complementaryInfo', DEMO_PRACTITIONER_ID)) };
			const fine = put('availabilities', demoAvailability({ date: mondayAhead(), rrule: null }));
			const results = await push(handle.db, doctor, [refused, fine]);
			expect(results.map((r) => r.status)).toEqual(['rejected', 'applied']);
			expect(results[0]).toMatchObject({ reason: 'Cette modification contient une valeur que la plateforme ne peut pas enregistrer.' });
			// Sent again, it gets the same answer from the record.
			expect(await applyMutation(handle.db, doctor, refused)).toEqual(results[0]);
		} finally {
			await sql`alter table complementary_info drop constraint test_no_zzz`.execute(handle.db);
		}
	});

	it('a mutation id used again with other content is refused, not answered as the first one', async () => {
		const first = put('availabilities', demoAvailability({ date: mondayAhead(), rrule: null }));
		expect(await applyMutation(handle.db, doctor, first)).toMatchObject({ status: 'applied' });
		expect(await applyMutation(handle.db, doctor, { ...first })).toMatchObject({ status: 'applied' });
		const other = { ...first, data: { ...(first as Extract<Mutation, { op: 'put' }>).data, start: '10:00', end: '11:00' } } as Mutation;
		expect(await applyMutation(handle.db, doctor, other)).toMatchObject({ status: 'rejected', reason: 'Cet identifiant de modification a déjà servi pour une autre modification.' });
		const row = await handle.db.selectFrom('availabilities').select('startTime').where('id', '=', first.id).executeTakeFirstOrThrow();
		expect(row.startTime).toBe('18:30');
	});
});

describe('a place that changes time zone takes its availabilities along', () => {
	it('moves them in the same change, same wall-clock times, and later edits made before the move are still accepted', async () => {
		const addressId = newId();
		const address = { id: addressId, practitionerId: DEMO_PRACTITIONER_ID, street: '3 rue du Port', postalCode: '97400', city: 'Saint-Denis', inseeCode: '97411', phone: null, timeZone: 'Europe/Paris' };
		const slot = demoAvailability({ addressId, date: mondayAhead(), rrule: null });
		const created = await push(handle.db, doctor, [put('addresses', address), put('availabilities', slot)]);
		expect(created.map((r) => r.status)).toEqual(['applied', 'applied']);

		const moved = await applyMutation(handle.db, doctor, put('addresses', { ...address, timeZone: 'Indian/Reunion' }, 1));
		expect(moved).toMatchObject({ status: 'applied' });
		const row = await handle.db.selectFrom('availabilities').select(['timeZone', 'startTime', 'version']).where('id', '=', slot.id).executeTakeFirstOrThrow();
		expect(row).toEqual({ timeZone: 'Indian/Reunion', startTime: '18:30', version: 2 });

		// A device that had not heard of the move edits with the old zone: kept in the new one.
		const edited = await applyMutation(handle.db, doctor, put('availabilities', { ...slot, end: '20:00' }, 2));
		expect(edited).toMatchObject({ status: 'applied', row: { timeZone: 'Indian/Reunion', end: '20:00' } });
	});
});

describe('the device never loops on a change the server fails on', () => {
	it('isolates the culprit, sets it aside as refused with what was typed, sends the rest and keeps pulling', async () => {
		const store = new LocalStore(`hardening-${newId()}`, { indexedDB, IDBKeyRange });
		let pushes = 0;
		const transport: Transport = {
			async push(mutations) {
				pushes++;
				// This server fails on any batch carrying the poisoned text.
				if (mutations.some((m) => m.op === 'put' && JSON.stringify(m.data).includes('poison'))) throw new ServerFailure('Le serveur a répondu 500');
				return structuredClone(await push(handle.db, doctor, structuredClone(mutations))) as MutationResult[];
			},
			pull: async (cursor, limit) => structuredClone(await pull(handle.db, doctor, cursor, limit))
		};
		await syncOnce(store, transport);
		const good = demoAvailability({ date: mondayAhead(), rrule: null, start: '08:00', end: '09:00' });
		await writeChanges(store, [{ entity: 'complementaryInfo', op: 'put', value: { id: singletonId('complementaryInfo', DEMO_PRACTITIONER_ID), practitionerId: DEMO_PRACTITIONER_ID, text: 'poison' } }]);
		await writeChanges(store, [{ entity: 'availabilities', op: 'put', value: good }]);

		let rounds = 0;
		for (; rounds < 10 && (await store.outbox.count()) > 0; rounds++) {
			await syncOnce(store, transport).catch((error) => {
				if (!(error instanceof ServerFailure)) throw error;
			});
		}
		expect(await store.outbox.count()).toBe(0);
		expect(rounds).toBeLessThanOrEqual(5);
		const [rejection] = await store.rejections.toArray();
		expect(rejection).toMatchObject({ entity: 'complementaryInfo', data: { text: 'poison' }, reason: expect.stringContaining('erreur 500') });
		expect(await handle.db.selectFrom('availabilities').select('id').where('id', '=', good.id).executeTakeFirst()).toBeDefined();
		expect((await store.availabilities.get(good.id))?.pending).toBe(false);
		expect(pushes).toBeGreaterThan(2);
		store.close();
	});
});

describe('the demo shows every feature at first start', () => {
	it('the demo doctor’s history holds her own entries and her CPTS’s change of her Monday slot', async () => {
		const trail = await auditTrail(handle.db, DEMO_PRACTITIONER_ID);
		expect(trail.map((e) => e.actorLabel)).toEqual(expect.arrayContaining(['CPTS du Comtat Venaissin', 'Dr Claire Aubert']));
		const byCpts = trail.find((e) => e.actorLabel === 'CPTS du Comtat Venaissin')!;
		expect(byCpts).toMatchObject({ entity: 'availabilities', action: 'update', before: { start: '18:00' }, after: { start: '18:30' } });
		const row = await handle.db.selectFrom('availabilities').select('updatedBy').where('id', '=', byCpts.entityId).executeTakeFirstOrThrow();
		expect(row.updatedBy).toBe('CPTS du Comtat Venaissin');
	});
});
