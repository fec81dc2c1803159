import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle, DB } from '../../src/lib/server/db';
import { newId } from '../../src/lib/domain/ids';
import { handleFhir } from '../../src/lib/server/fhir/server';
import { rowFromEntity } from '../../src/lib/server/rows';
import { availability, participation } from '../factories';
import { bundleIssues, igExample } from '../support/ig-profiles';
import * as kit from '../support/sas-kit';
import { openTestDatabase } from './helpers/database';

let handle: DatabaseHandle;
const BASE = 'https://sas.test/fhir';
const ORIGIN = 'https://sas.test';

/** Five doctors shaped as the kit asks: one place; two places; two found together; one through a CPTS. */
const RPPS = { one: '10000000017', two: '10000000025', three: '10000000033', four: '10000000041', cpts: '10000000058', software: '10000000066', example: '10100050075' };
const ids: Record<string, string> = {};
const CPTS_ID = newId();
const CENTRE_ID = newId();

async function insertDoctor(db: DB, key: keyof typeof RPPS, options: { places?: number; mode?: 'individual' | 'cpts'; usesSoftware?: boolean; phone?: string; consultation?: ('office' | 'teleconsultation' | 'home_visit')[]; healthCentre?: boolean } = {}) {
	const id = newId();
	ids[key] = id;
	await db.insertInto('practitioners').values({ id, rpps: RPPS[key], lastName: `Nom${key}`, firstName: `Prénom${key}`, specialties: ['Médecine générale'], phone: null, registeredAt: null, healthCentreId: options.healthCentre ? CENTRE_ID : null }).execute();
	const addressIds: string[] = [];
	for (let i = 0; i < (options.places ?? 1); i++) {
		const addressId = newId();
		addressIds.push(addressId);
		await db.insertInto('addresses').values({ id: addressId, practitionerId: id, street: `${i + 1} rue de la République`, postalCode: '84000', city: 'Avignon', inseeCode: '84007', phone: options.phone ?? '0490123456', timeZone: 'Europe/Paris' }).execute();
		// Every day of the week, 8:00–20:00 in 30-minute slots, since 2020: there are slots whatever the day the tests run.
		const every = availability({ practitionerId: id, addressId, date: '2020-01-06', start: '08:00', end: '20:00', slotMinutes: 30, rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU', consultationTypes: options.consultation ?? ['office', 'teleconsultation'] });
		await db.insertInto('availabilities').values(rowFromEntity('availabilities', every) as never).execute();
	}
	const mode = options.mode ?? 'individual';
	const settings = participation({ practitionerId: id, participates: true, mode, structureId: mode === 'cpts' ? CPTS_ID : null, cptsAddressIds: mode === 'cpts' ? addressIds : [], usesSoftware: options.usesSoftware ?? false, software: options.usesSoftware ? ['Doctolib'] : [], honourDeclaration: true });
	await db.insertInto('participationSettings').values(rowFromEntity('participationSettings', settings) as never).execute();
}

beforeAll(async () => {
	handle = await openTestDatabase();
	const structure = { rorId: null, city: 'Avignon', postalCode: '84000', territory: '84', zone: [], participates: true, honourDeclaration: true, siret: null, street: '1 place de l’Horloge', email: null, inseeCode: '84007', latitude: null, longitude: null, closed: false };
	await handle.db.insertInto('structures').values({ id: CPTS_ID, kind: 'CPTS', name: 'CPTS du Grand Avignon', finess: '840012345', phone: '0490000000', ...structure }).execute();
	await handle.db.insertInto('structures').values({ id: CENTRE_ID, kind: 'CDS', name: 'Centre de santé des Halles', finess: '840099999', phone: '0490111111', ...structure }).execute();
	await insertDoctor(handle.db, 'one');
	await insertDoctor(handle.db, 'two', { places: 2, phone: '0262123456' });
	await insertDoctor(handle.db, 'three', { consultation: ['home_visit'] });
	await insertDoctor(handle.db, 'four', { healthCentre: true });
	await insertDoctor(handle.db, 'cpts', { mode: 'cpts' });
	await insertDoctor(handle.db, 'software', { usesSoftware: true });
	await insertDoctor(handle.db, 'example');
});
afterAll(() => handle.close());

const context = (sender = 'Doctolib') => ({ db: handle.db, origin: ORIGIN, baseUrl: BASE, sender });

async function search(rpps: string[], cptsMode = false) {
	const now = Date.now();
	const { url, windowEnd } = kit.kitSearchUrl(BASE, rpps, now, cptsMode);
	const response = await handleFhir(new Request(url, { headers: { accept: 'application/json+fhir' } }), 'Slot', context());
	return { response, bundle: await response.json(), request: { url, rpps, windowEnd, now } };
}

describe('our /fhir answers the ANS test kit’s aggregation checks', () => {
	it('4.2–4.3: one practitioner, one place — cardinalities, RPPS, dates, references, location, self link, comment, status, appointment types, profiles', async () => {
		const { response, bundle, request } = await search([RPPS.one]);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
		expect(kit.setup(bundle)).toEqual([]);
		expect(kit.singlePractitionerSingleLocation(bundle, request)).toEqual([]);
		expect(kit.validity(bundle)).toEqual([]);
		expect(bundle.meta.profile).toEqual(['http://sas.fr/fhir/StructureDefinition/BundleAgregateur']);
		const slot = bundle.entry[0].resource;
		expect(slot.comment).toBe(`${ORIGIN}/regulation?praticien=${ids.one}`);
		expect(slot.meta.security).toEqual([{ system: 'https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau', code: 'SNP' }]);
		expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(30 * 60_000);
	});

	it('4.4: one practitioner with two places has two PractitionerRoles and two Schedules', async () => {
		const { bundle } = await search([RPPS.two]);
		expect(kit.multiPlace(bundle)).toEqual([]);
		expect(kit.validity(bundle)).toEqual([]);
	});

	it('4.5: two practitioners asked together (the guide’s space after the comma too)', async () => {
		const { bundle } = await search([RPPS.three, RPPS.four]);
		expect(kit.multiplePractitioners(bundle)).toEqual([]);
		const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
		const spaced = await handleFhir(new Request(`${BASE}/Slot?start=ge${iso(Date.now())}&start=le${iso(Date.now() + 2 * 86_400_000)}&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|8${RPPS.three}, ${RPPS.four}&status=free`), 'Slot', context());
		const practitioners = (await spaced.json()).entry.filter((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Practitioner');
		expect(practitioners.map((e: { resource: { identifier: { value: string }[] } }) => e.resource.identifier[0]!.value).sort()).toEqual([`8${RPPS.three}`, `8${RPPS.four}`]);
	});

	it('4.6: names, phone in international form (overseas too), the health centre’s FINESS as IDNST', async () => {
		expect(kit.optionalPractitionerFields((await search([RPPS.four])).bundle)).toEqual([]);
		const centre = (await search([RPPS.four])).bundle.entry.find((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'PractitionerRole').resource;
		expect(centre.organization.identifier.value).toBe('1840099999');
		const overseas = (await search([RPPS.two])).bundle.entry.find((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'PractitionerRole').resource;
		expect(overseas.telecom[0].value).toBe('+262262123456');
		expect(kit.optionalPractitionerFields((await search([RPPS.two])).bundle)).toEqual([]);
	});

	it('4.7: the slot and consultation types returned are those the agenda declares', async () => {
		expect(kit.declaredTypes((await search([RPPS.one])).bundle, { slotTypes: ['SNP'], consultationTypes: ['AMB', 'VR'] })).toEqual([]);
		expect(kit.declaredTypes((await search([RPPS.three])).bundle, { slotTypes: ['SNP'], consultationTypes: ['HH'] })).toEqual([]);
		// The check can fail: declaring what is not there is caught.
		expect(kit.declaredTypes((await search([RPPS.three])).bundle, { slotTypes: ['PUBLIC'], consultationTypes: ['HH'] })).toHaveLength(1);
	});

	it('4.3 CPTS and 4.9: a slot offered through a CPTS carries 604 → HealthcareService → Organization with its FINESS, name and phone', async () => {
		const { bundle, request } = await search([RPPS.cpts], true);
		expect(kit.setup(bundle)).toEqual([]);
		expect(kit.cpts(bundle)).toEqual([]);
		expect(kit.references(bundle)).toEqual([]);
		expect(kit.dates(bundle, request)).toEqual([]);
		expect(kit.validity(bundle)).toEqual([]);
		const organization = bundle.entry.find((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Organization').resource;
		expect(organization).toMatchObject({ name: 'CPTS du Grand Avignon', identifier: [{ value: '1840012345' }], telecom: [{ value: '+33490000000' }] });
		expect(bundle.meta.profile).toEqual(['https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-bundle-aggregator']);
		// Without the CPTS includes, the slot still names its CPTS, and nothing else is added.
		const plain = (await search([RPPS.cpts])).bundle;
		expect(plain.entry.some((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Organization')).toBe(false);
	});

	it('the checks fail on a wrong bundle (they are not vacuous)', async () => {
		const { bundle, request } = await search([RPPS.one]);
		const broken = structuredClone(bundle);
		const slot = broken.entry[0].resource;
		delete slot.comment;
		slot.start = slot.start.replace('.000', '');
		delete slot.schedule;
		broken.link[0].url += '&extra=1';
		const failures = kit.singlePractitionerSingleLocation(broken, request);
		expect(failures.some((f) => f.startsWith('slot_has_url'))).toBe(true);
		expect(failures.some((f) => f.startsWith('validate_dates'))).toBe(true);
		expect(failures.some((f) => f.startsWith('bundle_url_equal_url'))).toBe(true);
		expect(bundleIssues(broken).some((i) => i.includes('Slot.schedule'))).toBe(true);
	});
});

describe('what our Slot search leaves out, and how it refuses', () => {
	it('answers 200 with total 0 and a self link when there is no slot, or for a doctor whose slots come from their software', async () => {
		for (const rpps of [['99999999999'], [RPPS.software]]) {
			const { response, bundle } = await search(rpps);
			expect(response.status).toBe(200);
			expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 0, link: [{ relation: 'self' }] });
			expect(bundle.entry).toBeUndefined();
		}
	});

	it('never returns a slot hidden by an unavailability', async () => {
		const now = Date.now();
		const id = newId();
		await handle.db.insertInto('unavailabilities').values({ id, practitionerId: ids.three!, addressId: null, startsAt: new Date(now - 86_400_000), endsAt: new Date(now + 10 * 86_400_000), timeZone: 'Europe/Paris' }).execute();
		expect((await search([RPPS.three])).bundle.total).toBe(0);
		await handle.db.deleteFrom('unavailabilities').where('id', '=', id).execute();
		expect((await search([RPPS.three])).bundle.total).toBeGreaterThan(0);
	});

	it('refuses unreadable windows, more than 25 practitioners and foreign systems with a 400 OperationOutcome in French', async () => {
		const ask = async (query: string) => {
			const response = await handleFhir(new Request(`${BASE}/Slot?${query}`), 'Slot', context());
			return { status: response.status, body: await response.json() };
		};
		const many = Array.from({ length: 26 }, (_, i) => `8${String(10_000_000_000 + i)}`).join(',');
		const cases = [
			'schedule.actor:Practitioner.identifier=810000000017&status=free',
			'start=ge2026-13-45T10:00:00&start=le2026-12-01T10:00:00&schedule.actor:Practitioner.identifier=810000000017',
			`start=ge2026-12-01T10:00:00&start=le2026-12-02T10:00:00&schedule.actor:Practitioner.identifier=${many}`,
			'start=ge2026-12-01T10:00:00&start=le2026-12-02T10:00:00&schedule.actor:Practitioner.identifier=http://autre|810000000017',
			'start=ge2026-12-01T10:00:00&start=le2027-12-02T10:00:00&schedule.actor:Practitioner.identifier=810000000017'
		];
		for (const query of cases) {
			const { status, body } = await ask(query);
			expect(status).toBe(400);
			expect(body.resourceType).toBe('OperationOutcome');
			expect(body.issue[0].diagnostics).toMatch(/[a-zé]/);
		}
		expect((await ask('start=ge2026-12-01T10:00:00&start=le2026-12-02T10:00:00&schedule.actor:Practitioner.identifier=810000000017&status=busy')).body.total).toBe(0);
	});

	it('publishes a CapabilityStatement', async () => {
		const response = await handleFhir(new Request(`${BASE}/metadata`), 'metadata', context());
		const body = await response.json();
		expect(body).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance' });
		expect(body.rest[0].resource.map((r: { type: string }) => r.type)).toEqual(['Slot', 'Appointment']);
	});
});

describe('appointments editors send back (INT_R03)', () => {
	const post = (body: unknown, sender = 'Doctolib') => handleFhir(new Request(`${BASE}/Appointment`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) }), 'Appointment', context(sender));
	const put = (identifier: string, body: unknown, parameter = 'identifier', sender = 'Doctolib') =>
		handleFhir(new Request(`${BASE}/Appointment?${parameter}=${encodeURIComponent(identifier)}`, { method: 'PUT', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) }), 'Appointment', context(sender));

	it('takes the IG’s examples: POST → 201 + Location, then PUT cancelled → 200; the doctor’s audit shows both', async () => {
		const booked = igExample('Appointment-1.json');
		const created = await post(booked);
		expect(created.status).toBe(201);
		const location = created.headers.get('location')!;
		expect(location).toMatch(new RegExp(`^${BASE}/Appointment/[0-9a-f-]{36}/_history/1$`));
		const cancelled = igExample('Appointment-2.json');
		const updated = await put('urn:oid:1.1.111.1.11.1.1.1|b6e39355-8a61-4556-b340-36f7b95fec6a', cancelled, 'Identifier');
		expect(updated.status).toBe(200);
		expect(updated.headers.get('location')).toBe(location.replace('/_history/1', '/_history/2'));
		const row = await handle.db.selectFrom('fhirAppointments').selectAll().executeTakeFirstOrThrow();
		expect(row).toMatchObject({ status: 'cancelled', practitionerId: ids.example, rpps: RPPS.example, sender: 'Doctolib', version: 2, regulatorValue: '3456780581/11242343' });
		const audit = await handle.db.selectFrom('auditLog').select(['action', 'entity', 'actorLabel']).where('entityId', '=', row.id).orderBy('id').execute();
		expect(audit).toEqual([
			{ action: 'create', entity: 'fhirAppointment', actorLabel: 'Doctolib (logiciel de prise de rendez-vous)' },
			{ action: 'update', entity: 'fhirAppointment', actorLabel: 'Doctolib (logiciel de prise de rendez-vous)' }
		]);
		const read = await handleFhir(new Request(`${BASE}/Appointment/${row.id}`), `Appointment/${row.id}`, context());
		expect((await read.json()).status).toBe('cancelled');
		expect((await handleFhir(new Request(`${BASE}/Appointment/${row.id}`), `Appointment/${row.id}`, context('Maiia'))).status).toBe(404);
	});

	it('PUT creates what it does not know (201), then walks through fulfilled and noshow; a second POST is a 409', async () => {
		const appointment = { ...igExample('Appointment-1.json'), identifier: [{ system: 'urn:oid:1.2.3', value: 'rdv-42' }] };
		expect((await put('urn:oid:1.2.3|rdv-42', appointment)).status).toBe(201);
		expect((await post(appointment)).status).toBe(409);
		for (const status of ['fulfilled', 'noshow', 'booked']) expect((await put('urn:oid:1.2.3|rdv-42', { ...appointment, status })).status).toBe(200);
		// Another editor cannot rewrite it.
		expect((await put('urn:oid:1.2.3|rdv-42', appointment, 'identifier', 'Maiia')).status).toBe(403);
	});

	it('answers 400 or 422 with an OperationOutcome in French naming the element', async () => {
		const base = igExample('Appointment-1.json') as Record<string, unknown>;
		const cases: [unknown, number, string][] = [
			[{ ...base, identifier: undefined }, 400, 'Appointment.identifier'],
			[{ ...base, extension: [] }, 400, 'Appointment.extension(FrAppointmentOperator)'],
			[{ ...base, status: 'proposed' }, 400, 'Appointment.status'],
			[{ ...base, start: 'demain' }, 400, 'Appointment.start'],
			[{ ...base, participant: [{ actor: { identifier: { system: 'urn:oid:1.2.250.1.71.4.2.1', value: '810100050075' } }, status: 'accepted' }] }, 400, 'Appointment.participant[0].actor.identifier'],
			[{ ...base, end: '2022-09-04T13:00:00+01:00' }, 422, 'Appointment.end'],
			[{ ...base, identifier: [{ system: 'urn:x', value: 'y' }], participant: [{ actor: { identifier: { type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'IDNPS' }] }, system: 'urn:oid:1.2.250.1.71.4.2.1', value: '899999999999' } }, status: 'accepted' }] }, 422, 'Appointment.participant.actor.identifier.value'],
			[{ resourceType: 'Patient' }, 400, 'Appointment']
		];
		for (const [body, status, expression] of cases) {
			const response = await post(body);
			const outcome = await response.json();
			expect({ status: response.status, expression: outcome.issue?.[0]?.expression?.[0] }).toEqual({ status, expression });
			expect(outcome.resourceType).toBe('OperationOutcome');
		}
		const garbage = await handleFhir(new Request(`${BASE}/Appointment`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: '{"resourceType":' }), 'Appointment', context());
		expect(garbage.status).toBe(400);
		expect((await put('sans-barre', base)).status).toBe(400);
		expect(await handle.db.selectFrom('fhirAppointments').select('id').where('identifierSystem', '=', 'urn:x').execute()).toEqual([]);
	});

	it('links the appointment to the regulator account its INTRN identifier names', async () => {
		const regulator = newId();
		await handle.db.insertInto('accounts').values({ id: regulator, role: 'regulator', email: 'osnp@sas.test', passwordHash: null, firstName: 'Régulateur', lastName: 'Test', practitionerId: null, pscSubject: null, territory: '84', disabledAt: null, createdBy: null, lastLoginAt: null }).execute();
		const appointment = {
			...igExample('Appointment-1.json'),
			identifier: [{ system: 'urn:oid:1.2.3', value: 'rdv-intrn' }],
			extension: [{ url: 'http://interopsante.org/fhir/StructureDefinition/FrAppointmentOperator', valueReference: { identifier: { type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'INTRN' }] }, system: 'urn:oid:1.2.250.1.213.3.6', value: regulator } } }]
		};
		expect((await post(appointment)).status).toBe(201);
		const row = await handle.db.selectFrom('fhirAppointments').select(['regulatorAccountId']).where('identifierValue', '=', 'rdv-intrn').executeTakeFirstOrThrow();
		expect(row.regulatorAccountId).toBe(regulator);
	});
});

describe('the IG’s own examples', () => {
	it('validate against the package’s profiles, so that the validator is trusted on ours', () => {
		for (const name of ['Bundle-ExampleBundlePSIndiv.json', 'Bundle-ExampleBundleCPTS1.json', 'Bundle-ExampleBundleCPTS2.json']) expect(bundleIssues(igExample(name)), name).toEqual([]);
		expect(JSON.parse(readFileSync(new URL('../fixtures/fhir/Bundle-ExampleBundlePSIndiv.json', import.meta.url), 'utf8')).total).toBe(4);
	});
});
