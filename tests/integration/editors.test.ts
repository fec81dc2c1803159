import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegulatorPractitioner } from '../../src/lib/domain/fhir/regulator';
import { createAccount, setAccountDisabled } from '../../src/lib/server/auth/accounts.service';
import type { ServerActor } from '../../src/lib/server/auth/actor';
import { loadConfig } from '../../src/lib/server/config';
import type { DatabaseHandle } from '../../src/lib/server/db';
import { EditorClient, searchOnce } from '../../src/lib/server/fhir/editor-client';
import { Editors, editorWindow } from '../../src/lib/server/fhir/editors-runtime';
import { deliverDue, deliveryStatus, useOutboxEditors } from '../../src/lib/server/fhir/outbox';
import { slug } from '../../src/lib/server/fhir/simulator';
import { nodeListener } from '../../src/lib/server/http/node-server';
import { seedDemoData } from '../../src/lib/server/seed';
import { demoId } from '../../src/lib/server/seed/demo-data';
import * as kit from '../support/sas-kit';
import { actorByEmail } from './helpers/actors';
import { openTestDatabase } from './helpers/database';

let handle: DatabaseHandle;
let editors: Editors;
let server: Server;
let origin = '';
let accounts84: ServerActor;

const GIRAUD = demoId('doctor:Élodie Giraud');
const HONNORAT = demoId('doctor:Mathieu Honnorat');
const PELLEGRIN = demoId('doctor:Vincent Pellegrin');

beforeAll(async () => {
	handle = await openTestDatabase();
	await seedDemoData(handle.db);
	accounts84 = await actorByEmail(handle.db, 'comptes.vaucluse@agenda-sas.test');
	// The simulated editors behind a real HTTP server, as the demo serves them below its own origin.
	server = createServer(
		nodeListener('http://127.0.0.1', async (request) => {
			const match = /^\/simulateur-editeur\/([^/]+)\/fhir\/(.*)$/.exec(new URL(request.url).pathname);
			const entry = match ? editors.simulator(match[1]!) : null;
			return entry ? entry.simulator.handle(request, match![2]!) : new Response('introuvable', { status: 404 });
		})
	);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	editors = new Editors(handle.db, { editorsFile: null, simulatorOrigin: origin, client: new EditorClient({ timeoutMs: 1_000, freshMs: 0, staleMs: 60_000, failuresToOpen: 100 }) });
});
afterAll(async () => {
	useOutboxEditors(null);
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
	await handle.close();
});

const rppsOf = async (id: string) => (await handle.db.selectFrom('practitioners').select('rpps').where('id', '=', id).executeTakeFirstOrThrow()).rpps;
const doctolib = () => editors.byName('Doctolib')!;

describe('the editor simulator answers the guide’s Slot search', () => {
	it('passes the kit’s checks for a demo doctor who names it, and knows nobody else', async () => {
		const now = Date.now();
		// Over the next days, the day whose generated slots are not empty (0 to 4 a day).
		const rpps = await rppsOf(GIRAUD);
		const { url, windowEnd } = kit.kitSearchUrl(doctolib().baseUrl, [rpps], now);
		const bundle = await (await fetch(url)).json();
		if (bundle.total > 0) {
			expect(kit.singlePractitionerSingleLocation(bundle, { url, rpps: [rpps], windowEnd, now })).toEqual([]);
			expect(kit.validity(bundle)).toEqual([]);
		}
		const wider = await (await fetch(url.replace(/start=le[^&]+/, `start=le${new Date(now + 20 * 86_400_000).toISOString()}`))).json();
		expect(wider.total).toBeGreaterThan(0);
		expect(kit.references(wider)).toEqual([]);
		expect(kit.validity(wider)).toEqual([]);
		// Dr Honnorat uses Keldoc: Doctolib does not know him.
		const other = await (await fetch(kit.kitSearchUrl(doctolib().baseUrl, [await rppsOf(HONNORAT)], now).url)).json();
		expect(other).toMatchObject({ resourceType: 'Bundle', total: 0 });
	});

	it('gives the same slots on every call (generated from the RPPS and the day)', async () => {
		const window = { from: Date.now(), to: Date.now() + 10 * 86_400_000 };
		const rpps = await rppsOf(GIRAUD);
		const first = await searchOnce(doctolib(), [rpps], window);
		const second = await searchOnce(doctolib(), [rpps], window);
		expect(first).toEqual(second);
		expect(first.kind).toBe('offers');
	});
});

describe('editor slots in the SAS', () => {
	it('reads the 48 hours of interfaced members, and nothing for one who refuses editor slots', async () => {
		const now = Date.now();
		const result = await editors.slotsOf([GIRAUD, HONNORAT, PELLEGRIN], now);
		expect(result.map((r) => [r.practitionerId, r.editor, r.state]).sort()).toEqual(
			[
				[GIRAUD, 'Doctolib', 'ok'],
				[HONNORAT, 'Keldoc', 'ok']
			].sort()
		);
		const window = editorWindow(now, 'Europe/Paris');
		for (const r of result) {
			expect(r.lastReadAt).not.toBeNull();
			expect(r.until).toBe(new Date(window.to).toISOString());
			for (const slot of r.slots) {
				expect(Date.parse(slot.end)).toBeGreaterThan(now);
				expect(Date.parse(slot.start)).toBeLessThanOrEqual(window.to);
				expect(slot.bookingUrl).toMatch(/^https:\/\/rendez-vous\./);
			}
		}
	});

	it('says « injoignable » since the first failure and keeps showing the last slots read; comes back when the editor does', async () => {
		const before = await editors.slotsOf([GIRAUD]);
		editors.setBehaviour(slug('Doctolib'), { failure: 'erreur' });
		// Stale while revalidating: the last answer is served at once, the failure is known once the refresh has failed.
		const settled = async (state: 'ok' | 'unavailable') => {
			for (let i = 0; i < 60; i++) {
				const result = await editors.slotsOf([GIRAUD]);
				if (result[0]?.state === state) return result;
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			throw new Error(`jamais ${state}`);
		};
		const failing = await settled('unavailable');
		expect(failing[0]).toMatchObject({ state: 'unavailable', lastReadAt: before[0]!.lastReadAt });
		expect(failing[0]!.failingSince).not.toBeNull();
		expect(failing[0]!.slots).toEqual(before[0]!.slots);
		editors.setBehaviour(slug('Doctolib'), { failure: 'aucune' });
		const back = await settled('ok');
		expect(back[0]).toMatchObject({ state: 'ok', failingSince: null });
	});

	it('one slow editor never holds the others: Keldoc answers while Doctolib times out', async () => {
		editors.setBehaviour(slug('Doctolib'), { failure: 'delai' });
		const fresh = new Editors(handle.db, { editorsFile: null, simulatorOrigin: origin, client: new EditorClient({ timeoutMs: 500 }) });
		// The fresh registry has its own simulators: point its Doctolib at the slow one by behaviour too.
		fresh.setBehaviour(slug('Doctolib'), { failure: 'delai' });
		const started = Date.now();
		const result = await fresh.slotsOf([GIRAUD, HONNORAT]);
		const elapsed = Date.now() - started;
		expect(result.find((r) => r.practitionerId === HONNORAT)?.state).toBe('ok');
		expect(result.find((r) => r.practitionerId === GIRAUD)).toMatchObject({ state: 'unavailable', slots: [], lastReadAt: null });
		// Bounded by the time-out, not by the simulator's 8 s.
		expect(elapsed).toBeLessThan(5_000);
		editors.setBehaviour(slug('Doctolib'), { failure: 'aucune' });
	});

	it('drops and counts the unreadable entries of a malformed bundle, and calls a non-FHIR answer unavailable', async () => {
		const window = { from: Date.now(), to: Date.now() + 20 * 86_400_000 };
		const rpps = await rppsOf(GIRAUD);
		editors.setBehaviour(slug('Doctolib'), { failure: 'malforme' });
		const malformed = await searchOnce(doctolib(), [rpps], window);
		editors.setBehaviour(slug('Doctolib'), { failure: 'illisible' });
		const html = await searchOnce(doctolib(), [rpps], window);
		editors.setBehaviour(slug('Doctolib'), { failure: 'aucune' });
		const clean = await searchOnce(doctolib(), [rpps], window);
		expect(malformed.kind).toBe('offers');
		if (malformed.kind === 'offers' && clean.kind === 'offers') {
			expect(malformed.dropped).toBeGreaterThan(0);
			expect(malformed.offers.length + malformed.dropped).toBe(clean.offers.length);
		}
		expect(html).toMatchObject({ kind: 'unavailable' });
	});
});

describe('regulator accounts out to every editor (INT_R02), through the outbox', () => {
	it('sends a new regulator to each editor, then their de-habilitation, and tells the account manager where it stands', async () => {
		useOutboxEditors(editors);
		const config = loadConfig({ DATA_DIR: '/tmp/agenda-sas-test-mail' } as NodeJS.ProcessEnv);
		const { id } = await createAccount(handle.db, config, 'https://sas.test', accounts84, { role: 'regulator', email: 'nouveau.regulateur@sas.test', firstName: 'Inès', lastName: 'Roux', territory: '84', structureIds: [] });
		const rows = await handle.db.selectFrom('editorOutbox').selectAll().where('accountId', '=', id).execute();
		expect(rows).toHaveLength(editors.list.length);
		expect(rows.every((r) => r.method === 'POST' && r.sentAt === null)).toBe(true);

		// Keldoc is down: everyone else gets it; Keldoc waits for its back-off.
		editors.setBehaviour(slug('Keldoc'), { failure: 'erreur' });
		while ((await deliverDue(handle.db, editors, new Date(), 200)) > 0);
		let status = (await deliveryStatus(handle.db, [id])).get(id)!;
		expect(status).toMatchObject({ sent: editors.list.length - 1, pending: 1, failing: 1, lastError: 'HTTP 503' });
		const keldoc = await handle.db.selectFrom('editorOutbox').selectAll().where('accountId', '=', id).where('editor', '=', 'Keldoc').executeTakeFirstOrThrow();
		expect(keldoc.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);

		const received = editors.simulator(slug('Doctolib'))!.simulator.regulators().find((r) => r.id && r.email === 'nouveau.regulateur@sas.test')!;
		expect(received).toMatchObject({ family: 'Roux', given: 'Inès', active: true, keys: [`urn:oid:1.2.250.1.213.3.6|${id}`] });

		// The back-off passes, Keldoc is back: sent.
		editors.setBehaviour(slug('Keldoc'), { failure: 'aucune' });
		await deliverDue(handle.db, editors, new Date(Date.now() + 120_000), 200);
		expect((await deliveryStatus(handle.db, [id])).get(id)).toMatchObject({ sent: editors.list.length, pending: 0 });

		// Disabled: a PUT with active=false reaches each editor.
		await setAccountDisabled(handle.db, accounts84, id, true);
		while ((await deliverDue(handle.db, editors, new Date(), 200)) > 0);
		const after = editors.simulator(slug('Doctolib'))!.simulator.regulators().find((r) => r.email === 'nouveau.regulateur@sas.test')!;
		expect(after.active).toBe(false);
		status = (await deliveryStatus(handle.db, [id])).get(id)!;
		expect(status).toMatchObject({ sent: editors.list.length, pending: 0 });
	});

	it('is sent once when two app servers deliver at the same time (a row is leased to one of them)', async () => {
		const config = loadConfig({ DATA_DIR: '/tmp/agenda-sas-test-mail' } as NodeJS.ProcessEnv);
		useOutboxEditors(editors);
		const { id } = await createAccount(handle.db, config, 'https://sas.test', accounts84, { role: 'regulator', email: 'deux.serveurs@sas.test', firstName: 'Léa', lastName: 'Double', territory: '84', structureIds: [] });
		const [a, b] = await Promise.all([deliverDue(handle.db, editors, new Date(), 500), deliverDue(handle.db, editors, new Date(), 500)]);
		expect(a + b).toBe(editors.list.length);
		const rows = await handle.db.selectFrom('editorOutbox').select(['attempts', 'sentAt']).where('accountId', '=', id).execute();
		expect(rows.every((r) => r.attempts === 1 && r.sentAt !== null)).toBe(true);
	});

	it('sends in order per editor and account: an update waits for the creation it follows', async () => {
		const config = loadConfig({ DATA_DIR: '/tmp/agenda-sas-test-mail' } as NodeJS.ProcessEnv);
		useOutboxEditors(editors);
		const { id } = await createAccount(handle.db, config, 'https://sas.test', accounts84, { role: 'regulator', email: 'ordre@sas.test', firstName: 'Lou', lastName: 'Ordre', territory: '84', structureIds: [] });
		await setAccountDisabled(handle.db, accounts84, id, true);
		editors.setBehaviour(slug('MAIIA'), { failure: 'erreur' });
		await deliverDue(handle.db, editors, new Date(), 500);
		const maiia = await handle.db.selectFrom('editorOutbox').select(['method', 'sentAt', 'attempts']).where('accountId', '=', id).where('editor', '=', 'MAIIA').orderBy('id').execute();
		// The creation failed once; the de-habilitation behind it was not even tried.
		expect(maiia).toEqual([
			{ method: 'POST', sentAt: null, attempts: 1 },
			{ method: 'PUT', sentAt: null, attempts: 0 }
		]);
		editors.setBehaviour(slug('MAIIA'), { failure: 'aucune' });
	});
});

describe('the kit’s flux V1 cases, replayed against the simulator', () => {
	const ps = (value: string, overrides: Record<string, unknown> = {}, type = 'IDNPS', system = 'urn:oid:1.2.250.1.71.4.2.1') => ({
		resourceType: 'Practitioner',
		meta: { source: 'urn:oid:1.2.250.1.213.3.6', profile: ['https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/FrPractitionerRegul'] },
		identifier: [{ type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: type }] }, system, value }],
		active: true,
		name: [{ family: 'Martin', given: ['Claire'] }],
		telecom: [{ system: 'email', value: 'claire.martin@sas.test' }],
		...overrides
	});
	const uuid = (value: string, overrides: Record<string, unknown> = {}) => ps(value, overrides, 'INTRN', 'urn:oid:1.2.250.1.213.3.6');
	const base = () => editors.byName('Ubiclic')!.baseUrl;
	const send = async (method: 'POST' | 'PUT', body: unknown, identifier?: string) =>
		(await fetch(`${base()}/Practitioner${identifier ? `?identifier=${encodeURIComponent(identifier)}` : ''}`, { method, headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) })).status;
	const IDNPS = 'urn:oid:1.2.250.1.71.4.2.1|';
	const INTRN = 'urn:oid:1.2.250.1.213.3.6|';

	it('1–5: creation, duplicates, missing and invalid fields', async () => {
		expect(await send('POST', ps('3456780581/11242343'))).toBe(201);
		const id = crypto.randomUUID();
		expect(await send('POST', uuid(id))).toBe(201);
		expect(await send('POST', uuid(id))).toBeGreaterThanOrEqual(400);
		const missing = [{ identifier: undefined }, { name: undefined }, { telecom: undefined }, { active: undefined }];
		for (const overrides of missing) expect(await send('POST', uuid(crypto.randomUUID(), overrides))).toBeGreaterThanOrEqual(400);
		const invalid = [
			uuid(crypto.randomUUID(), { name: [{ family: '', given: ['Claire'] }] }),
			uuid(crypto.randomUUID(), { telecom: [{ system: 'email', value: '' }] }),
			uuid(crypto.randomUUID(), { telecom: [{ system: 'phone', value: '+33600000000' }] }),
			ps(crypto.randomUUID(), {}, 'INTRN', 'urn:oid:1.2.250.1.71.4.2.1'),
			ps('810000000017', {}, 'IDNPS', 'urn:oid:1.2.250.1.213.3.6')
		];
		for (const body of invalid) expect(await send('POST', body)).toBeGreaterThanOrEqual(400);
	});

	it('6–12: habilitation off and on, e-mail, identifier, identifier type, names — each a 2xx', async () => {
		const id = '3456780581/11242343';
		expect(await send('PUT', ps(id, { active: false }), IDNPS + id)).toBeLessThan(400);
		expect(await send('PUT', ps(id, { active: true }), IDNPS + id)).toBeLessThan(400);
		expect(await send('PUT', ps(id, { telecom: [{ system: 'email', value: 'autre@sas.test' }] }), IDNPS + id)).toBeLessThan(400);
		expect(await send('PUT', ps('3456780581/99999999'), IDNPS + id)).toBeLessThan(400);
		const account = crypto.randomUUID();
		expect(await send('POST', uuid(account))).toBe(201);
		// The kit's own quirk: the national system with a UUID value.
		expect(await send('PUT', ps('810000000058'), IDNPS + account)).toBeLessThan(400);
		expect(await send('PUT', ps('810000000058', { name: [{ family: 'Durand', given: ['Claire'] }] }), IDNPS + '810000000058')).toBeLessThan(400);
		expect(await send('PUT', ps('810000000058', { name: [{ family: 'Durand', given: ['Anne'] }] }), IDNPS + '810000000058')).toBeLessThan(400);
	});

	it('13–16: PUT with missing fields refused, PUT as create, an IDNPS moving to a new account once the old one is de-habilitated', async () => {
		expect(await send('PUT', ps('810000000058', { name: undefined }), IDNPS + '810000000058')).toBeGreaterThanOrEqual(400);
		const unknown = crypto.randomUUID();
		expect(await send('PUT', uuid(unknown, { telecom: undefined }), INTRN + unknown)).toBeGreaterThanOrEqual(400);
		expect([200, 201]).toContain(await send('PUT', uuid(unknown), INTRN + unknown));
		const national = '810000000066';
		expect(await send('POST', ps(national))).toBe(201);
		const newcomer = crypto.randomUUID();
		expect(await send('POST', uuid(newcomer))).toBe(201);
		// While the holder is habilitated, the identifier cannot move…
		expect(await send('PUT', ps(national), INTRN + newcomer)).toBeGreaterThanOrEqual(400);
		// …once de-habilitated, it can.
		expect(await send('PUT', ps(national, { active: false }), IDNPS + national)).toBeLessThan(400);
		expect(await send('PUT', ps(national), INTRN + newcomer)).toBeLessThan(400);
	});

	it('what the SAS sends is a valid FrPractitionerRegul (the simulator reads it as the kit builds it)', async () => {
		const { regulatorPractitioner } = await import('../../src/lib/domain/fhir/regulator');
		const body = regulatorPractitioner({ id: crypto.randomUUID(), nationalId: null, firstName: 'Inès', lastName: 'Roux', email: 'ines@sas.test', active: true });
		expect('regulator' in readRegulatorPractitioner(body)).toBe(true);
		const { profileIssues } = await import('../support/ig-profiles');
		expect(profileIssues(body)).toEqual([]);
	});
});
