/**
 * The directory imports at national size, on generated files in the real formats: FINESS (103,000
 * establishments and their geolocalisation lines) on PGlite and PostgreSQL, and RPPS (2.3 million
 * activity lines, ~760 MB) on PostgreSQL, in a process of its own (the admin command), whose peak
 * memory it reports.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, type DatabaseHandle } from '../src/lib/server/db';
import { importFiness } from '../src/lib/server/directories/import-finess';
import { DEMO_PRACTITIONER_ID, demoId } from '../src/lib/demo';
import { addDays, startOfIsoWeek } from '../src/lib/domain/civil';
import { newId } from '../src/lib/domain/ids';
import { todayIn } from '../src/lib/domain/time';
import { loadActor } from '../src/lib/server/auth/actor';
import { seedDemoData } from '../src/lib/server/seed';
import { push } from '../src/lib/server/sync/push';
import { availability } from '../tests/factories';
import { writeGeneratedFiness, writeGeneratedRpps } from '../tests/fixtures/directory-files';
import { measure, type Output } from './harness';

const FINESS_ROWS = Number(process.env.BENCH_FINESS_ROWS ?? 103_000);
const RPPS_ROWS = Number(process.env.BENCH_RPPS_ROWS ?? 2_300_000);

/** A doctor's device pushing one new availability after another while `during` runs: how long each push took. */
async function pushesDuring(handle: DatabaseHandle, during: Promise<unknown>): Promise<number[]> {
	const account = await handle.db.selectFrom('accounts').select('id').where('practitionerId', '=', DEMO_PRACTITIONER_ID).executeTakeFirstOrThrow();
	const actor = (await loadActor(handle.db, account.id))!;
	const monday = addDays(startOfIsoWeek(todayIn('Europe/Paris')), 7);
	let running = true;
	void during.finally(() => (running = false));
	const waits: number[] = [];
	while (running) {
		const id = newId();
		const started = performance.now();
		await push(handle.db, actor, [{ mutationId: newId(), entity: 'availabilities', id, op: 'put', baseVersion: 0, data: availability({ id, practitionerId: DEMO_PRACTITIONER_ID, addressId: demoId('address:Claire Aubert'), date: monday, start: '10:00', end: '11:00' }) as never }]);
		waits.push(performance.now() - started);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	await during;
	return waits;
}

async function finessOn(label: string, handle: DatabaseHandle, file: string, runs: number, out: Output): Promise<void> {
	await migrate(handle.db);
	await seedDemoData(handle.db);
	// The first import creates the structures, a doctor pushing all along; the next ones find them unchanged (the monthly case).
	const first = performance.now();
	const importing = importFiness(handle.db, file);
	const waits = await pushesDuring(handle, importing);
	const created = await importing;
	out.note(`[${label}] premier import FINESS de ${FINESS_ROWS} établissements : ${Math.round(performance.now() - first)} ms, ${created.created} structures créées, ${created.located} localisées`);
	const sorted = [...waits].sort((a, b) => a - b);
	out.value(`[${label}] envoi (push) d’un médecin pendant ce premier import : attente la plus longue (${waits.length} envois)`, sorted.at(-1) ?? 0, 'ms', 1, { target: 1_000 });
	out.value(`[${label}] envoi (push) pendant ce premier import : médiane`, sorted[Math.floor(sorted.length / 2)] ?? 0, 'ms', 1);
	out.time(await measure(`[${label}] import FINESS de ${FINESS_ROWS} établissements, déjà importés (inchangés)`, Math.min(runs, 3), () => importFiness(handle.db, file)));
}

export async function directoriesBench(runs: number, out: Output): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'agenda-sas-bench-directories-'));
	try {
		const finess = join(dir, 'etalab-cs1100507-stock.csv');
		await writeGeneratedFiness(finess, FINESS_ROWS);
		out.value(`fichier FINESS généré (${FINESS_ROWS} établissements et leurs lignes de géolocalisation)`, statSync(finess).size / 2 ** 20, 'Mo', 1);
		const pglite = await openDatabase({ dataDir: 'memory://' });
		try {
			await finessOn('PGlite', pglite, finess, runs, out);
		} finally {
			await pglite.close();
		}
		const url = process.env.BENCH_DATABASE_URL;
		if (!url) {
			out.note('PostgreSQL : non mesuré (BENCH_DATABASE_URL absent) ; l’import RPPS national se mesure sur PostgreSQL');
			return;
		}
		const postgres = await openDatabase({ databaseUrl: url });
		try {
			await finessOn('PostgreSQL', postgres, finess, runs, out);
		} finally {
			await postgres.close();
		}
		const rpps = join(dir, 'PS_LibreAcces_Personne_activite.txt');
		await writeGeneratedRpps(rpps, RPPS_ROWS);
		out.value(`fichier RPPS généré (${RPPS_ROWS} lignes d’activité)`, statSync(rpps).size / 2 ** 20, 'Mo', 1);
		// In a process of its own, as an operator runs it: its peak memory is the import's.
		const started = performance.now();
		const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'import-rpps', rpps], { env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8' });
		const elapsed = performance.now() - started;
		if (run.status !== 0) throw new Error(`import RPPS en échec : ${run.stderr}`);
		const peak = Number(/mémoire au plus haut : (\d+) Mo/.exec(run.stdout)?.[1]);
		out.time({ name: `[PostgreSQL] import RPPS de ${RPPS_ROWS} lignes (processus neuf, lecture de l’encodage comprise)`, runs: [elapsed], median: elapsed, min: elapsed, max: elapsed }, { target: 180_000 });
		out.value(`[PostgreSQL] mémoire résidente au plus haut pendant l’import RPPS`, peak, 'Mo', 1, { target: 300 });
		out.note(run.stdout.trim().split('\n').slice(1, 3).join(' · '));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
