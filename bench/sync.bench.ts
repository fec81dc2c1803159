import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { newId } from '../src/lib/domain/ids';
import { pullAll, pushAll } from '../src/lib/client/sync/engine';
import { LocalStore } from '../src/lib/client/sync/store';
import type { Transport } from '../src/lib/client/sync/transport';
import { writeChanges } from '../src/lib/client/sync/writes';
import { loadActor, type ServerActor } from '../src/lib/server/auth/actor';
import { migrate, openDatabase, type DatabaseHandle } from '../src/lib/server/db';
import { rowFromEntity } from '../src/lib/server/rows';
import { seedDemoData, wipe } from '../src/lib/server/seed';
import { DEMO_PRACTITIONER_ID, demoId } from '../src/lib/server/seed/demo-data';
import { pull } from '../src/lib/server/sync/pull';
import { push } from '../src/lib/server/sync/push';
import { measure, measureWith, type Output } from './harness';
import { demoAvailability } from '../tests/factories';

const EDITS = 1_000;
const ROWS = 10_000;

const availability = (practitionerId = DEMO_PRACTITIONER_ID, addressId = demoId('address:Claire Aubert')) =>
	demoAvailability({ practitionerId, addressId, date: '2026-12-09', start: '10:00', end: '11:00', kind: 'walk_in' });

function inProcess(handle: DatabaseHandle, actor: ServerActor): Transport {
	return {
		push: (mutations) => push(handle.db, actor, mutations),
		pull: (cursor, limit) => pull(handle.db, actor, cursor, limit)
	};
}

async function actorOf(handle: DatabaseHandle, where: { email?: string; practitionerId?: string }): Promise<ServerActor> {
	let query = handle.db.selectFrom('accounts').select('id');
	if (where.email) query = query.where('email', '=', where.email);
	if (where.practitionerId) query = query.where('practitionerId', '=', where.practitionerId);
	return (await loadActor(handle.db, (await query.executeTakeFirstOrThrow()).id))!;
}

async function suite(label: string, handle: DatabaseHandle, runs: number, out: Output): Promise<void> {
	await migrate(handle.db);
	await wipe(handle.db);
	await seedDemoData(handle.db, '2026-11-23');
	const doctor = await actorOf(handle, { practitionerId: DEMO_PRACTITIONER_ID });
	let stores: LocalStore[] = [];

	// Pull: 10,000 rows readable by the CPTS manager (spread over the members), from an empty device.
	const manager = await actorOf(handle, { email: 'cpts.comtat@agenda-sas.test' });
	const members = ['Claire Aubert', 'Julien Bonnet', 'Sophie Chabert', 'Thomas Daumas', 'Camille Estève', 'Nicolas Fabre'];
	const existing = (await pull(handle.db, manager, 0, 1000)).rows.length;
	const extra = Math.max(0, ROWS - existing);
	const values = Array.from({ length: extra }, (_, i) => {
		const member = members[i % members.length]!;
		return { ...rowFromEntity('availabilities', availability(demoId(`doctor:${member}`), demoId(`address:${member}`))), updatedBy: 'bench' };
	});
	for (let i = 0; i < values.length; i += 500) await handle.db.insertInto('availabilities').values(values.slice(i, i + 500) as never).execute();

	let pulled = 0;
	const serverPull = await measure(`[${label}] pull serveur de ${ROWS} lignes (pages de 500)`, runs, async () => {
		pulled = 0;
		for (let cursor = 0; ; ) {
			const page = await pull(handle.db, manager, cursor, 500);
			pulled += page.rows.length;
			cursor = page.cursor;
			if (!page.hasMore) break;
		}
	});
	const devicePull = await measure(`[${label}] pull de ${ROWS} lignes dans un appareil vide`, runs, async () => {
		const store = new LocalStore(`bench-${newId()}`, { indexedDB, IDBKeyRange });
		stores.push(store);
		await pullAll(store, inProcess(handle, manager));
	});
	out.time(serverPull);
	out.time(devicePull, { baseline: serverPull });
	out.note(`${pulled} lignes lues par le gestionnaire de la CPTS ; ${(serverPull.median / (pulled / 1000)).toFixed(1)} ms par millier côté serveur`);
	for (const s of stores) await s.delete();
	stores = [];

	// Push: 1,000 creations made offline on one device, sent by the engine (10 batches of 100).
	const offlineDevice = async () => {
		const store = new LocalStore(`bench-${newId()}`, { indexedDB, IDBKeyRange });
		stores.push(store);
		await writeChanges(store, Array.from({ length: EDITS }, () => ({ entity: 'availabilities' as const, op: 'put' as const, value: availability() })));
		return store;
	};
	const pushRun = await measureWith(`[${label}] push de ${EDITS} modifications hors ligne`, runs, offlineDevice, (store) => pushAll(store, inProcess(handle, doctor)));
	const localRun = await measure(`[${label}] écriture locale des ${EDITS} modifications (IndexedDB)`, runs, offlineDevice);
	const sqlOneByOne = await measure(`[${label}] les mêmes ${EDITS} insertions en SQL, une par une`, runs, async () => {
		for (let i = 0; i < EDITS; i++) {
			await handle.db.insertInto('availabilities').values({ ...rowFromEntity('availabilities', availability()), updatedBy: 'bench' } as never).execute();
		}
	});
	const sqlBatch = await measure(`[${label}] les mêmes ${EDITS} insertions en SQL, en un lot`, runs, async () => {
		const values = Array.from({ length: EDITS }, () => ({ ...rowFromEntity('availabilities', availability()), updatedBy: 'bench' }));
		for (let i = 0; i < values.length; i += 250) await handle.db.insertInto('availabilities').values(values.slice(i, i + 250) as never).execute();
	});
	out.time(localRun);
	out.time(sqlOneByOne);
	out.time(sqlBatch);
	out.time(pushRun, { baseline: sqlOneByOne, target: 1000 });
	out.note(`${(pushRun.median / EDITS).toFixed(2)} ms par modification poussée ; push / SQL en lot : ${(pushRun.median / sqlBatch.median).toFixed(1)} (cible push / une par une ≤ 1,5)`);
	for (const s of stores) await s.delete();
}

export async function syncBench(runs: number, out: Output): Promise<void> {
	const pglite = await openDatabase({ dataDir: 'memory://' });
	try {
		await suite('PGlite', pglite, runs, out);
	} finally {
		await pglite.close();
	}
	const url = process.env.BENCH_DATABASE_URL;
	if (!url) {
		out.note('PostgreSQL : non mesuré (BENCH_DATABASE_URL absent ; scripts/bench.sh démarre le serveur local s’il est installé)');
		return;
	}
	const postgres = await openDatabase({ databaseUrl: url });
	try {
		await suite('PostgreSQL', postgres, runs, out);
	} finally {
		await postgres.close();
	}
}
