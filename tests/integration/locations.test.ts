import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/domain/ids';
import type { ServerActor } from '../../src/lib/server/auth/actor';
import type { DatabaseHandle } from '../../src/lib/server/db';
import { geocode, GeocoderUnavailable } from '../../src/lib/server/locations/geocoder';
import { LOCATE_LOCK, locateAll, locatePending, locateStructures } from '../../src/lib/server/locations/locate';
import { sql } from 'kysely';
import { createStructure, updateStructure } from '../../src/lib/server/services/structure-card.service';
import { finessNumber } from '../fixtures/directory-files';
import { seedDemoData } from '../../src/lib/server/seed';
import { DEMO_PRACTITIONER_ID, demoId } from '../../src/lib/server/seed/demo-data';
import { applyMutation } from '../../src/lib/server/sync/push';
import { actorByEmail, doctorActor } from './helpers/actors';
import { openTestDatabase } from './helpers/database';

/**
 * A stand-in for the Base Adresse Nationale's /search (its GeoJSON answer): knows one street, can be
 * made to fail, counts what it is asked.
 */
class FakeBan {
	down = false;
	asked: string[] = [];
	private server: Server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://ban');
		const q = url.searchParams.get('q') ?? '';
		this.asked.push(q);
		if (this.down) return void response.writeHead(503).end();
		if (url.pathname !== '/search' || q.length < 3) return void response.writeHead(400, { 'content-type': 'application/json' }).end('{"code":400,"message":"q must contain between 3 and 200 chars"}');
		const features = /platanes/i.test(q)
			? [{ type: 'Feature', geometry: { type: 'Point', coordinates: [5.0489, 44.0556] }, properties: { label: '12 Avenue des Platanes 84200 Carpentras', score: 0.93, citycode: '84031', postcode: '84200', type: 'housenumber' } }]
			: /vague/i.test(q)
				? [{ type: 'Feature', geometry: { type: 'Point', coordinates: [2.35, 48.85] }, properties: { score: 0.21, citycode: '75056' } }]
				: [];
		response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'FeatureCollection', features }));
	});
	url = '';
	async start(): Promise<void> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}
	stop = () => new Promise((resolve) => this.server.close(resolve));
}

let handle: DatabaseHandle;
let doctor: ServerActor;
const ban = new FakeBan();

beforeAll(async () => {
	handle = await openTestDatabase();
	await seedDemoData(handle.db);
	doctor = await doctorActor(handle.db);
	await ban.start();
});
afterAll(async () => {
	await ban.stop();
	await handle.close();
});

async function addPlace(street: string, id = newId()): Promise<string> {
	const result = await applyMutation(handle.db, doctor, {
		mutationId: newId(),
		entity: 'addresses',
		id,
		op: 'put',
		baseVersion: 0,
		data: { id, practitionerId: DEMO_PRACTITIONER_ID, street, postalCode: '84200', city: 'Carpentras', inseeCode: null, phone: null, timeZone: 'Europe/Paris' }
	});
	expect(result.status).toBe('applied');
	return id;
}

const locationOf = (addressId: string) => handle.db.selectFrom('addressLocations').selectAll().where('addressId', '=', addressId).executeTakeFirst();

describe('the BAN geocoder', () => {
	it('reads the best feature, and takes no answer below the score or a refused query', async () => {
		expect(await geocode(ban.url, { street: '12 avenue des Platanes', postalCode: '84200', city: 'Carpentras' })).toEqual({ latitude: 44.0556, longitude: 5.0489, inseeCode: '84031', score: 0.93 });
		expect(await geocode(ban.url, { street: 'lieu vague', postalCode: '84200', city: 'Carpentras' })).toBeNull();
		expect(await geocode(ban.url, { street: 'nulle part', postalCode: '84200', city: 'Carpentras' })).toBeNull();
		expect(await geocode(`${ban.url}/ailleurs`, { street: 'x', postalCode: '84200', city: 'y' })).toBeNull();
		ban.down = true;
		await expect(geocode(ban.url, { street: '12 avenue des Platanes', postalCode: '84200', city: 'Carpentras' })).rejects.toBeInstanceOf(GeocoderUnavailable);
		ban.down = false;
		await expect(geocode('http://127.0.0.1:9', { street: 'x y z', postalCode: '84200', city: 'y' }, 1_000)).rejects.toBeInstanceOf(GeocoderUnavailable);
	});
});

describe('places of practice located on the server', () => {
	it('carries the demo’s coordinates from the start, without asking the geocoder', async () => {
		const demo = await locationOf(demoId('address:Claire Aubert'));
		expect(demo).toMatchObject({ status: 'located', inseeCode: '84031' });
		expect(demo!.latitude).toBeCloseTo(44.0556, 3);
		ban.asked = [];
		await locatePending(handle.db, ban.url);
		expect(ban.asked).toEqual([]);
	});

	it('locates a new place with its INSEE code, and asks once for an address two places share', async () => {
		const first = await addPlace('12 avenue des Platanes');
		const second = await addPlace('12 avenue des Platanes');
		ban.asked = [];
		expect(await locatePending(handle.db, ban.url)).toEqual({ located: 2, notFound: 0, failed: 0 });
		expect(ban.asked).toHaveLength(1);
		for (const id of [first, second]) expect(await locationOf(id)).toMatchObject({ status: 'located', latitude: 44.0556, longitude: 5.0489, inseeCode: '84031' });
	});

	it('keeps an address the geocoder does not know unlocated, without asking again', async () => {
		const id = await addPlace('chemin introuvable');
		expect(await locatePending(handle.db, ban.url)).toEqual({ located: 0, notFound: 1, failed: 0 });
		expect(await locationOf(id)).toMatchObject({ status: 'not_found', latitude: null });
		expect(await locatePending(handle.db, ban.url)).toEqual({ located: 0, notFound: 0, failed: 0 });
	});

	it('leaves a place unlocated while the geocoder is down — the address is taken all the same — and tries again later', async () => {
		ban.down = true;
		const id = await addPlace('14 avenue des Platanes');
		const now = new Date();
		expect(await locatePending(handle.db, ban.url, { now })).toEqual({ located: 0, notFound: 0, failed: 1 });
		expect(await locationOf(id)).toMatchObject({ status: 'failed', attempts: 1 });
		// Not before its time: one minute after the first failure.
		expect(await locatePending(handle.db, ban.url, { now: new Date(now.getTime() + 30_000) })).toEqual({ located: 0, notFound: 0, failed: 0 });
		ban.down = false;
		expect(await locatePending(handle.db, ban.url, { now: new Date(now.getTime() + 61_000) })).toEqual({ located: 1, notFound: 0, failed: 0 });
		expect(await locationOf(id)).toMatchObject({ status: 'located', inseeCode: '84031' });
	});

	it('locates a place again when its address changes', async () => {
		const id = await addPlace('chemin inconnu');
		await locatePending(handle.db, ban.url);
		const stored = await handle.db.selectFrom('addresses').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		const changed = await applyMutation(handle.db, doctor, {
			mutationId: newId(),
			entity: 'addresses',
			id,
			op: 'put',
			baseVersion: stored.version,
			data: { id, practitionerId: DEMO_PRACTITIONER_ID, street: '20 avenue des Platanes', postalCode: '84200', city: 'Carpentras', inseeCode: null, phone: null, timeZone: 'Europe/Paris' }
		});
		expect(changed.status).toBe('applied');
		expect(await locatePending(handle.db, ban.url)).toEqual({ located: 1, notFound: 0, failed: 0 });
		expect(await locationOf(id)).toMatchObject({ status: 'located', query: '20 avenue des Platanes, 84200 Carpentras' });
	});
});

describe('structures located on the server', () => {
	it('locates a structure made by hand, as a new version devices pull, and again when its manager moves it', async () => {
		const manager = await actorByEmail(handle.db, 'comptes.vaucluse@agenda-sas.test');
		const made = await createStructure(handle.db, manager, { kind: 'CPTS', name: 'CPTS des Platanes', finess: finessNumber('84000555'), siret: null, territory: '84', phone: null, email: null, street: '12 avenue des Platanes', postalCode: '84200', city: 'Carpentras', zone: [] });
		expect(made.latitude).toBeNull();
		expect(await locateStructures(handle.db, ban.url)).toEqual({ located: 1, notFound: 0, failed: 0 });
		const located = await handle.db.selectFrom('structures').selectAll().where('id', '=', made.id).executeTakeFirstOrThrow();
		expect(located).toMatchObject({ latitude: 44.0556, longitude: 5.0489, inseeCode: '84031', version: 2 });
		const moved = await updateStructure(handle.db, manager, made.id, located.version, { street: 'impasse sans nom' });
		expect(moved).toMatchObject({ latitude: null, inseeCode: null });
		expect(await locateStructures(handle.db, ban.url)).toEqual({ located: 0, notFound: 1, failed: 0 });
		// Not asked again about an address it does not know.
		expect(await locateStructures(handle.db, ban.url)).toEqual({ located: 0, notFound: 0, failed: 0 });
	});
});

describe('the background locator', () => {
	it('locates addresses and structures in one run, and one server at a time', async () => {
		await addPlace('16 avenue des Platanes');
		const run = await locateAll(handle.db, ban.url);
		expect(run).toMatchObject({ located: 1, failed: 0 });
		if (handle.kind === 'postgres') {
			// Another app server on the same PostgreSQL is at it: this one leaves it be.
			await handle.db.connection().execute(async (other) => {
				await sql`select pg_advisory_lock(${LOCATE_LOCK})`.execute(other);
				try {
					expect(await locateAll(handle.db, ban.url)).toBe('busy');
				} finally {
					await sql`select pg_advisory_unlock(${LOCATE_LOCK})`.execute(other);
				}
			});
			expect(await locateAll(handle.db, ban.url)).not.toBe('busy');
		}
	});
});
