import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestAddresses } from '../../src/lib/server/locations/geocoder';
import { DEMO_PRACTITIONER_ID, demoId } from '../../src/lib/demo';
import { newId } from '../../src/lib/domain/ids';
import { isOpen } from '../../src/lib/domain/regulation-search';
import { newOrientationSchema } from '../../src/lib/domain/schemas';
import { addDays } from '../../src/lib/domain/civil';
import { todayIn } from '../../src/lib/domain/time';
import type { ServerActor } from '../../src/lib/server/auth/actor';
import type { DatabaseHandle } from '../../src/lib/server/db';
import { HttpProblem } from '../../src/lib/server/http/problem';
import { rowFromEntity } from '../../src/lib/server/rows';
import { seedDemoData } from '../../src/lib/server/seed';
import { findCandidates, resolvePlace } from '../../src/lib/server/services/regulation-search.service';
import { receiveAppointment } from '../../src/lib/server/fhir/appointments';
import { pull } from '../../src/lib/server/sync/pull';
import { push } from '../../src/lib/server/sync/push';
import { declare, orient, orientationsOf, setOrientationStatus, TAKEN } from '../../src/lib/server/services/orientation.service';
import { once } from '../../src/lib/server/services/idempotency';
import { availability } from '../factories';
import { actorByEmail, doctorActor } from './helpers/actors';
import { openSecondServer, openTestDatabase } from './helpers/database';

let handle: DatabaseHandle;
let regulator: ServerActor;
let otherRegulator: ServerActor;
let doctor: ServerActor;
let coordinator: ServerActor;
const CLAIRE_ADDRESS = demoId('address:Claire Aubert');
/** Every day 08:00–20:00 in 15-minute slots, and 08:00–20:00 ranges of 3 patients: offers whatever the hour the tests run. */
const SLOTS = newId();
const RANGES = newId();

beforeAll(async () => {
	handle = await openTestDatabase();
	await seedDemoData(handle.db);
	regulator = await actorByEmail(handle.db, 'regulation.vaucluse@agenda-sas.test');
	const otherId = newId();
	await handle.db.insertInto('accounts').values({ id: otherId, role: 'regulator', email: 'autre.regulateur@sas.test', passwordHash: null, firstName: 'Autre', lastName: 'Régulateur', practitionerId: null, pscSubject: null, territory: '84', disabledAt: null, createdBy: null, lastLoginAt: null }).execute();
	otherRegulator = await actorByEmail(handle.db, 'autre.regulateur@sas.test');
	doctor = await doctorActor(handle.db);
	coordinator = await actorByEmail(handle.db, 'cpts.comtat@agenda-sas.test');
	const every = { practitionerId: DEMO_PRACTITIONER_ID, addressId: CLAIRE_ADDRESS, date: '2020-01-06', start: '08:00', end: '20:00', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU' };
	await handle.db.insertInto('availabilities').values(rowFromEntity('availabilities', availability({ ...every, id: SLOTS, kind: 'slot', slotMinutes: 15, consultationTypes: ['office', 'teleconsultation'] })) as never).execute();
	await handle.db.insertInto('availabilities').values(rowFromEntity('availabilities', availability({ ...every, id: RANGES, date: '2020-01-06', start: '20:00', end: '23:00', kind: 'capacity', capacity: 3, consultationTypes: ['office'] })) as never).execute();
});
afterAll(() => handle.close());

const search = async () => findCandidates(handle.db, await resolvePlace(handle.db, { inseeCode: '84031' }, null), { radiusKm: 15, now: Date.now() });
const claire = async () => (await search()).find((c) => c.practitionerId === DEMO_PRACTITIONER_ID)!;
const firstOpen = async (availabilityId: string) => (await claire()).offers.find((o) => o.availabilityId === availabilityId && isOpen(o, Date.now()) && o.start > Date.now())!;
const orientation = (input: Record<string, unknown>) => newOrientationSchema.parse({ practitionerId: DEMO_PRACTITIONER_ID, ...input });

async function outcome(call: Promise<unknown>): Promise<number> {
	try {
		await call;
		return 201;
	} catch (error) {
		if (error instanceof HttpProblem) return error.status;
		throw error;
	}
}

describe('the regulator’s search', () => {
	it('finds the doctors of Carpentras and around, nearest first, with the SAS agenda’s offers and their structure', async () => {
		const place = await resolvePlace(handle.db, { inseeCode: '84031' }, null);
		expect(place).toMatchObject({ label: 'Carpentras (84)', department: '84', precise: false });
		const candidates = await findCandidates(handle.db, place, { radiusKm: 15, now: Date.now() });
		const names = candidates.map((c) => c.name);
		expect(names).toContain('Dr Claire Aubert');
		expect(names).toContain('Dr Élodie Giraud');
		// Cannes and Gap are far away.
		expect(names).not.toContain('Dr Xavier Ferrand');
		const aubert = candidates.find((c) => c.practitionerId === DEMO_PRACTITIONER_ID)!;
		expect(aubert).toMatchObject({ interfaced: false, participates: true, structure: { kind: 'CPTS', name: 'CPTS du Comtat Venaissin' } });
		expect(aubert.distanceKm).toBeLessThan(3);
		expect(aubert.offers.some((o) => o.availabilityId === SLOTS && o.end - o.start === 15 * 60_000)).toBe(true);
		const giraud = candidates.find((c) => c.name === 'Dr Élodie Giraud')!;
		expect(giraud).toMatchObject({ interfaced: true, offers: [] });
		// A specialty narrows it.
		const sport = await findCandidates(handle.db, place, { radiusKm: 15, specialty: 'Médecine du sport', now: Date.now() });
		expect(sport.map((c) => c.name)).toEqual(['Dr Sophie Chabert']);
	});

	it('locates a typed address with the geocoder, and suggests the commune’s addresses as the regulator types', async () => {
		const asked: URLSearchParams[] = [];
		const ban = createServer((request, response) => {
			const params = new URL(request.url ?? '/', 'http://ban').searchParams;
			asked.push(params);
			const feature = (name: string, lon: number, lat: number) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { label: `${name} 84200 Carpentras`, name, score: 0.9, citycode: '84031' } });
			const features = params.get('autocomplete') === '1' ? [feature('14 Avenue Jean Jaurès', 5.05, 44.05), feature('14 Avenue Jean Moulin', 5.04, 44.06)] : [feature('14 Avenue Jean Jaurès', 5.05, 44.05)];
			response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'FeatureCollection', features }));
		});
		await new Promise<void>((resolve) => ban.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(ban.address() as AddressInfo).port}`;
		try {
			const place = await resolvePlace(handle.db, { inseeCode: '84031', street: '14 avenue Jean Jaurès' }, url);
			expect(place).toMatchObject({ precise: true, latitude: 44.05, longitude: 5.05, label: '14 avenue Jean Jaurès, Carpentras (84)' });
			const suggestions = await suggestAddresses(url, '14 avenue jean', '84031');
			expect(suggestions.map((s) => s.street)).toEqual(['14 Avenue Jean Jaurès', '14 Avenue Jean Moulin']);
			expect(asked.at(-1)!.get('citycode')).toBe('84031');
			// No geocoder answer: the commune's centre, and no suggestion.
			expect(await suggestAddresses('http://127.0.0.1:1', 'rue', '84031')).toEqual([]);
			expect((await resolvePlace(handle.db, { inseeCode: '84031', street: 'rue' }, 'http://127.0.0.1:1')).precise).toBe(false);
		} finally {
			ban.close();
		}
	});

	it('leaves out a doctor on declared unavailability now', async () => {
		const id = newId();
		await handle.db.insertInto('unavailabilities').values({ id, practitionerId: DEMO_PRACTITIONER_ID, addressId: null, startsAt: new Date(Date.now() - 3_600_000), endsAt: new Date(Date.now() + 3_600_000), timeZone: 'Europe/Paris' }).execute();
		expect((await search()).some((c) => c.practitionerId === DEMO_PRACTITIONER_ID)).toBe(false);
		await handle.db.deleteFrom('unavailabilities').where('id', '=', id).execute();
		expect((await search()).some((c) => c.practitionerId === DEMO_PRACTITIONER_ID)).toBe(true);
	});
});

describe('an orientation through the editor’s page', () => {
	it('is matched with the appointment the editor sends back, and follows its status', async () => {
		const giraud = demoId('doctor:Élodie Giraud');
		const start = Date.now() + 26 * 3_600_000;
		const made = await orient(handle.db, regulator, newOrientationSchema.parse({ practitionerId: giraud, kind: 'editeur', start: new Date(start).toISOString() }));
		const { rpps } = await handle.db.selectFrom('practitioners').select('rpps').where('id', '=', giraud).executeTakeFirstOrThrow();
		const appointment = (status: string) => ({
			resourceType: 'Appointment',
			extension: [{ url: 'http://interopsante.org/fhir/StructureDefinition/FrAppointmentOperator', valueReference: { identifier: { type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'INTRN' }] }, system: 'urn:oid:1.2.250.1.213.3.6', value: regulator.accountId } } }],
			identifier: [{ system: 'urn:oid:1.2.3.4', value: 'rdv-editeur-1' }],
			status,
			start: new Date(start + 60_000).toISOString(),
			end: new Date(start + 20 * 60_000).toISOString(),
			participant: [{ actor: { identifier: { type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'IDNPS' }] }, system: 'urn:oid:1.2.250.1.71.4.2.1', value: `8${rpps}` } }, status: 'accepted' }]
		});
		const context = { db: handle.db, sender: 'Doctolib', baseUrl: 'https://sas.test/fhir' };
		expect((await receiveAppointment(context, appointment('booked'), null)).status).toBe(201);
		const statusOf = async () => (await handle.db.selectFrom('orientations').select('status').where('id', '=', made.id).executeTakeFirstOrThrow()).status;
		expect(await statusOf()).toBe('confirmed');
		expect((await handle.db.selectFrom('fhirAppointments').select('orientationId').where('identifierValue', '=', 'rdv-editeur-1').executeTakeFirstOrThrow()).orientationId).toBe(made.id);
		expect((await receiveAppointment(context, appointment('fulfilled'), { system: 'urn:oid:1.2.3.4', value: 'rdv-editeur-1' })).status).toBe(200);
		expect(await statusOf()).toBe('honoured');
		// An SAS-agenda doctor is oriented on their slots, not through an editor.
		await expect(orient(handle.db, regulator, newOrientationSchema.parse({ practitionerId: DEMO_PRACTITIONER_ID, kind: 'editeur', start: new Date(start).toISOString() }))).rejects.toMatchObject({ status: 422 });
	});
});

describe('orienting a patient', () => {
	it('20 regulators racing for one slot: exactly one wins, the others hear it was just taken, and it is gone for everyone', async () => {
		const slot = await firstOpen(SLOTS);
		const racers = Array.from({ length: 20 }, (_, i) => orient(handle.db, i % 2 ? regulator : otherRegulator, orientation({ kind: 'creneau', availabilityId: SLOTS, start: new Date(slot.start).toISOString(), consultationType: 'office', patientReference: `dossier ${i}` })));
		const results = await Promise.all(racers.map(outcome));
		expect(results.filter((s) => s === 201)).toHaveLength(1);
		expect(results.filter((s) => s === 409)).toHaveLength(19);
		const after = (await claire()).offers.find((o) => o.availabilityId === SLOTS && o.start === slot.start)!;
		expect(after.taken).toBe(1);
		expect(isOpen(after, Date.now())).toBe(false);
		await expect(orient(handle.db, regulator, orientation({ kind: 'creneau', availabilityId: SLOTS, start: new Date(slot.start).toISOString() }))).rejects.toMatchObject({ status: 409, detail: TAKEN });
	});

	it('a range of 3 patients takes exactly 3 of 10 racing regulators, « 3/3 »', async () => {
		const range = await firstOpen(RANGES);
		const results = await Promise.all(Array.from({ length: 10 }, () => outcome(orient(handle.db, regulator, orientation({ kind: 'plage', availabilityId: RANGES, start: new Date(range.start).toISOString() })))));
		expect(results.filter((s) => s === 201)).toHaveLength(3);
		expect((await claire()).offers.find((o) => o.availabilityId === RANGES && o.start === range.start)).toMatchObject({ taken: 3, capacity: 3 });
	});

	it('refuses what cannot be: a slot that does not exist, the wrong consultation type, a surnuméraire in the past or not on the quarter hour', async () => {
		const slot = await firstOpen(SLOTS);
		expect(await outcome(orient(handle.db, regulator, orientation({ kind: 'creneau', availabilityId: SLOTS, start: new Date(slot.start + 60_000).toISOString() })))).toBe(409);
		expect(await outcome(orient(handle.db, regulator, orientation({ kind: 'creneau', availabilityId: SLOTS, start: new Date(slot.start).toISOString(), consultationType: 'home_visit' })))).toBe(422);
		expect(await outcome(orient(handle.db, regulator, orientation({ kind: 'surnumeraire', date: addDays(todayIn('Europe/Paris'), -1), time: '10:00' })))).toBe(422);
		expect(() => orientation({ kind: 'surnumeraire', date: todayIn('Europe/Paris'), time: '10:10' })).toThrow(/quart d’heure/);
		expect(await outcome(orient(handle.db, doctor, orientation({ kind: 'creneau', availabilityId: SLOTS, start: new Date(slot.start).toISOString() })))).toBe(403);
		// « Hors créneaux », tomorrow at 10:15: the doctor accepts patients en sus.
		expect(await outcome(orient(handle.db, regulator, orientation({ kind: 'surnumeraire', date: addDays(todayIn('Europe/Paris'), 1), time: '10:15', patientReference: 'hors créneaux' })))).toBe(201);
	});

	it('the doctor and their coordinator follow it; the regulator may cancel, which frees the slot', async () => {
		const slot = await firstOpen(SLOTS);
		const made = await orient(handle.db, regulator, orientation({ kind: 'creneau', availabilityId: SLOTS, start: new Date(slot.start).toISOString(), patientReference: 'suivi' }));
		expect((await setOrientationStatus(handle.db, doctor, made.id, 'confirmed')).status).toBe('confirmed');
		await expect(setOrientationStatus(handle.db, otherRegulator, made.id, 'cancelled')).rejects.toMatchObject({ status: 403 });
		const outsider = await actorByEmail(handle.db, 'cpts.azur@agenda-sas.test');
		await expect(setOrientationStatus(handle.db, outsider, made.id, 'honoured')).rejects.toMatchObject({ status: 403 });
		expect((await setOrientationStatus(handle.db, regulator, made.id, 'cancelled')).status).toBe('cancelled');
		// Cancelled stays cancelled: 409 with the state as it stands.
		await expect(setOrientationStatus(handle.db, coordinator, made.id, 'honoured')).rejects.toMatchObject({ status: 409, current: { status: 'cancelled', version: 3 } });
		await expect(setOrientationStatus(handle.db, regulator, made.id, 'honoured')).rejects.toMatchObject({ status: 422 });
		expect((await claire()).offers.find((o) => o.availabilityId === SLOTS && o.start === slot.start)!.taken).toBe(0);
		const listed = await orientationsOf(handle.db, coordinator, DEMO_PRACTITIONER_ID);
		expect(listed.orientations.find((o) => o.id === made.id)).toMatchObject({ status: 'cancelled', patientReference: 'suivi', regulator: 'Paul Renaud (SAS 84)' });
	});

	it('changes a status only from the version the caller read (If-Match), else 409 with the current state', async () => {
		const slot = await firstOpen(SLOTS);
		const made = await orient(handle.db, regulator, orientation({ kind: 'creneau', availabilityId: SLOTS, start: new Date(slot.start).toISOString(), patientReference: 'version' }));
		expect(await setOrientationStatus(handle.db, doctor, made.id, 'confirmed', 1)).toEqual({ id: made.id, status: 'confirmed', version: 2 });
		const stale = await setOrientationStatus(handle.db, regulator, made.id, 'cancelled', 1).catch((e: HttpProblem) => e);
		expect(stale).toMatchObject({ status: 409, current: { status: 'confirmed', version: 2, statusChangedBy: 'Dr Claire Aubert' }, headers: { etag: '"2"' } });
		expect((await setOrientationStatus(handle.db, regulator, made.id, 'cancelled', 2)).status).toBe('cancelled');
	});

	it('orders a cancel and a confirm made at once on two servers: a cancelled orientation is never confirmed after, the slot never holds two patients', async () => {
		const second = await openSecondServer(handle);
		try {
			for (let round = 0; round < 8; round++) {
				const slot = await firstOpen(SLOTS);
				const made = await orient(handle.db, regulator, orientation({ kind: 'creneau', availabilityId: SLOTS, start: new Date(slot.start).toISOString(), patientReference: `course ${round}` }));
				const [cancel, confirm] = await Promise.allSettled([setOrientationStatus(handle.db, regulator, made.id, 'cancelled'), setOrientationStatus(second.db, doctor, made.id, 'confirmed')]);
				// The cancel always stands (a confirmed orientation may still be cancelled); a confirm that came second is told.
				expect(cancel.status).toBe('fulfilled');
				if (confirm.status === 'rejected') expect(confirm.reason).toMatchObject({ status: 409, current: { status: 'cancelled' } });
				const row = await handle.db.selectFrom('orientations').select(['status', 'version']).where('id', '=', made.id).executeTakeFirstOrThrow();
				expect(row).toEqual({ status: 'cancelled', version: confirm.status === 'fulfilled' ? 3 : 2 });
				// The freed slot goes to the next patient, and to one only.
				await orient(handle.db, otherRegulator, orientation({ kind: 'creneau', availabilityId: SLOTS, start: new Date(slot.start).toISOString(), patientReference: `suivant ${round}` }));
				await expect(setOrientationStatus(second.db, doctor, made.id, 'confirmed')).rejects.toMatchObject({ status: 409 });
				const live = await handle.db.selectFrom('orientations').select('id').where('availabilityId', '=', SLOTS).where('startsAt', '=', new Date(slot.start)).where('status', '<>', 'cancelled').execute();
				expect(live).toHaveLength(1);
			}
		} finally {
			await second.close();
		}
	});

	it('binds orientations and reports to the regulator’s territory', async () => {
		const mougins = demoId('doctor:Aurélie Imbert');
		const tomorrow = addDays(todayIn('Europe/Paris'), 1);
		const outside = await orient(handle.db, regulator, orientation({ practitionerId: mougins, kind: 'surnumeraire', date: tomorrow, time: '10:00' })).catch((e: HttpProblem) => e);
		expect(outside).toMatchObject({ status: 403, detail: 'Ce professionnel n’exerce pas dans votre territoire (SAS 84) : c’est au SAS de son département de l’orienter.' });
		await expect(declare(handle.db, regulator, mougins, { kind: 'injoignable', comment: '' })).rejects.toMatchObject({ status: 403 });
	});

	it('refuses « hors créneaux » while the doctor declared an unavailability, and an editor’s slot outside the search window', async () => {
		const tomorrow = addDays(todayIn('Europe/Paris'), 1);
		const away = newId();
		await handle.db.insertInto('unavailabilities').values(rowFromEntity('unavailabilities', { id: away, practitionerId: DEMO_PRACTITIONER_ID, addressId: null, startsAt: `${tomorrow}T09:00:00+01:00`, endsAt: `${tomorrow}T12:00:00+01:00`, timeZone: 'Europe/Paris' }) as never).execute();
		try {
			const during = await orient(handle.db, regulator, orientation({ kind: 'surnumeraire', date: tomorrow, time: '10:00' })).catch((e: HttpProblem) => e);
			expect(during).toMatchObject({ status: 422, errors: { date: [expect.stringContaining('indisponible')] } });
			expect(await outcome(orient(handle.db, regulator, orientation({ kind: 'surnumeraire', date: tomorrow, time: '14:00' })))).toBe(201);
		} finally {
			await handle.db.deleteFrom('unavailabilities').where('id', '=', away).execute();
		}
		const giraud = demoId('doctor:Élodie Giraud');
		for (const start of ['1900-01-01T10:00:00Z', '2199-12-31T10:00:00Z', new Date(Date.now() + 5 * 86_400_000).toISOString()]) {
			expect(await outcome(orient(handle.db, regulator, orientation({ practitionerId: giraud, kind: 'editeur', start })))).toBe(422);
		}
		expect(await outcome(orient(handle.db, regulator, orientation({ practitionerId: giraud, kind: 'editeur', start: new Date(Date.now() + 3_600_000).toISOString() })))).toBe(201);
	});

	it('takes an Idempotency-Key: the same request again, on any server and even at once, gives the first answer and one orientation', async () => {
		const second = await openSecondServer(handle);
		try {
			const body = orientation({ kind: 'surnumeraire', date: addDays(todayIn('Europe/Paris'), 2), time: '16:00', patientReference: 'une seule fois' });
			const key = newId();
			const send = (db: typeof handle.db) => once(db, { accountId: regulator.accountId, operation: 'createOrientation', key, body }, async () => ({ status: 201, body: await orient(db, regulator, body) }));
			const results = await Promise.allSettled([send(handle.db), send(second.db), send(handle.db)]);
			const made = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof send>>> => r.status === 'fulfilled');
			// A copy that arrived while the first ran is told to retry; none makes a second orientation.
			for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 409, headers: { 'retry-after': '1' } });
			expect(new Set(made.map((r) => r.value.body.id)).size).toBe(1);
			const again = await send(second.db);
			expect(again.body.id).toBe(made[0]!.value.body.id);
			const rows = await handle.db.selectFrom('orientations').select('id').where('patientReference', '=', 'une seule fois').execute();
			expect(rows).toHaveLength(1);
			// The same key with another body is refused.
			await expect(once(handle.db, { accountId: regulator.accountId, operation: 'createOrientation', key, body: { ...body, time: '16:15' } }, async () => ({ status: 201, body: {} }))).rejects.toMatchObject({ status: 422 });
		} finally {
			await second.close();
		}
	});

	it('records one report when the same one is sent a hundred times at once', async () => {
		const results = await Promise.all(Array.from({ length: 100 }, () => declare(handle.db, regulator, DEMO_PRACTITIONER_ID, { kind: 'indisponible', comment: 'Ne répond pas au cabinet' })));
		expect(new Set(results.map((r) => r.id)).size).toBe(1);
		const rows = await handle.db.selectFrom('regulatorDeclarations').select('id').where('comment', '=', 'Ne répond pas au cabinet').execute();
		expect(rows).toHaveLength(1);
	});

	it('reaches the doctor’s device through the sync, whose status edits (offline too) come back through it — the status only', async () => {
		const slot = await firstOpen(SLOTS);
		const made = await orient(handle.db, regulator, orientation({ kind: 'creneau', availabilityId: SLOTS, start: new Date(slot.start).toISOString(), patientReference: 'synchro' }));
		const pulled = (await pull(handle.db, doctor, 0, 10_000)).rows.find((r) => r.entity === 'orientations' && r.row.id === made.id)!;
		expect(pulled.row).toMatchObject({ status: 'pending', patientReference: 'synchro', regulatorLabel: 'Paul Renaud (régulation SAS 84)', version: 1 });
		const row = pulled.row as unknown as Record<string, unknown>;
		const mutation = (data: Record<string, unknown>, baseVersion = 1) => ({ mutationId: newId(), entity: 'orientations' as const, id: made.id, op: 'put' as const, baseVersion, data });
		const [confirmed] = await push(handle.db, doctor, [mutation({ ...row, status: 'confirmed', statusChangedBy: 'quelqu’un d’autre' })]);
		expect(confirmed).toMatchObject({ status: 'applied', row: { status: 'confirmed', version: 2, statusChangedBy: 'Dr Claire Aubert' } });
		const [changed] = await push(handle.db, doctor, [mutation({ ...row, status: 'honoured', patientReference: 'autre chose' }, 2)]);
		expect(changed).toMatchObject({ status: 'rejected', errors: { patientReference: ['Seul le statut d’une orientation se modifie ici.'] } });
		const [backwards] = await push(handle.db, coordinator, [mutation({ ...row, status: 'pending' }, 2)]);
		expect(backwards).toMatchObject({ status: 'rejected', errors: { status: ['Passage impossible de « Confirmé » à « En attente ».'] } });
		const [byCoordinator] = await push(handle.db, coordinator, [mutation({ ...row, status: 'honoured' }, 2)]);
		expect(byCoordinator).toMatchObject({ status: 'applied', row: { status: 'honoured', statusChangedBy: 'CPTS du Comtat Venaissin' } });
		const fresh = newId();
		const [created] = await push(handle.db, doctor, [{ mutationId: newId(), entity: 'orientations', id: fresh, op: 'put', baseVersion: 0, data: { ...row, id: fresh } }]);
		expect(created).toMatchObject({ status: 'rejected', code: 'forbidden' });
		const [deleted] = await push(handle.db, doctor, [{ mutationId: newId(), entity: 'orientations', id: made.id, op: 'delete', baseVersion: 3 }]);
		expect(deleted).toMatchObject({ status: 'rejected', code: 'forbidden' });
		const outsider = await actorByEmail(handle.db, 'cpts.azur@agenda-sas.test');
		const [foreign] = await push(handle.db, outsider, [mutation({ ...row, status: 'not_honoured' }, 3)]);
		expect(foreign).toMatchObject({ status: 'rejected', code: 'forbidden' });
		expect((await pull(handle.db, outsider, 0, 10_000)).rows.some((r) => r.entity === 'orientations')).toBe(false);
	});

	it('records a regulator’s declaration, shown to the doctor', async () => {
		await declare(handle.db, regulator, DEMO_PRACTITIONER_ID, { kind: 'injoignable', comment: 'Pas de réponse à 10:05' });
		await expect(declare(handle.db, coordinator, DEMO_PRACTITIONER_ID, { kind: 'injoignable', comment: '' })).rejects.toMatchObject({ status: 403 });
		const { declarations } = await orientationsOf(handle.db, doctor, DEMO_PRACTITIONER_ID);
		expect(declarations[0]).toMatchObject({ kind: 'injoignable', comment: 'Pas de réponse à 10:05', regulator: 'Paul Renaud' });
	});
});
