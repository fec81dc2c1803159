import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../free-port';
import { startAppServer, type AppServer } from '../support/app-server';
import { scratchDatabase } from '../support/scratch-database';
import { faultProxy } from '../support/fault-proxy';

/**
 * The production build on PostgreSQL through a relay that plays the outages: connections ended by
 * the server (pg_terminate_backend), a database down (restart, failover), a database frozen. The
 * server must stay up, answer 503 problem details with Retry-After within 2 s while it cannot reach
 * its database, and come back by itself.
 */
const serverUrl = process.env.DATABASE_URL!;
let database: Awaited<ReturnType<typeof scratchDatabase>>;
let proxy: Awaited<ReturnType<typeof faultProxy>>;
let app: AppServer;

beforeAll(async () => {
	database = await scratchDatabase(serverUrl, 'agenda_sas_faults');
	const direct = new URL(database.url);
	proxy = await faultProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
	const relayed = new URL(database.url);
	relayed.hostname = '127.0.0.1';
	relayed.port = String(proxy.port);
	app = await startAppServer({ DATABASE_URL: relayed.toString() });
}, 180_000);

afterAll(async () => {
	if (process.env.SYSTEM_LOG || (app && !app.alive())) console.error(app?.log());
	await app?.stop();
	await proxy?.close();
	await database?.drop().catch(() => undefined);
});

/** Open without a session and read from the database: an invitation link that does not exist (404). */
const READS_DATABASE = `/api/invitations/${'x'.repeat(43)}`;

const timed = async (path: string) => {
	const started = Date.now();
	const response = await fetch(`${app.url}${path}`, { signal: AbortSignal.timeout(10_000) });
	return { status: response.status, ms: Date.now() - started, type: response.headers.get('content-type'), retryAfter: response.headers.get('retry-after'), body: await response.text() };
};

/** Polls until `path` answers 200, and says how long that took. */
async function untilAnswering(path: string, limitMs = 30_000): Promise<number> {
	const started = Date.now();
	for (;;) {
		const r = await timed(path).catch(() => null);
		if (r?.status === 200) return Date.now() - started;
		if (Date.now() - started > limitMs) throw new Error(`${path} ne répond toujours pas : ${r?.status} ${r?.body.slice(0, 200)}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

function expectUnavailable(r: Awaited<ReturnType<typeof timed>>) {
	expect(r.status).toBe(503);
	expect(r.type).toBe('application/problem+json');
	expect(Number(r.retryAfter)).toBeGreaterThan(0);
	expect(JSON.parse(r.body)).toMatchObject({ status: 503, title: 'Service indisponible' });
	expect(r.ms).toBeLessThan(2_000);
}

describe.skipIf(!serverUrl)('the app server when PostgreSQL fails', () => {
	it('survives the server ending its connections (pg_terminate_backend): the reads that meet them are answered', async () => {
		// Several requests at once leave several connections idle in the pool.
		expect((await Promise.all(Array.from({ length: 6 }, () => timed(READS_DATABASE)))).map((r) => r.status)).toEqual(Array(6).fill(404));
		const admin = new pg.Client({ connectionString: serverUrl });
		await admin.connect();
		const { rows } = await admin.query(`select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [new URL(database.url).pathname.slice(1)]);
		await admin.end();
		expect(rows.length).toBeGreaterThan(1);
		// One connection lost is not a database down: the reads sent at once, on connections the
		// server has just ended, are answered (run again on fresh ones), never 503.
		const after = await Promise.all(Array.from({ length: 6 }, () => timed(READS_DATABASE)));
		expect(after.map((r) => r.status)).toEqual(Array(6).fill(404));
		expect((await timed('/api/health')).status).toBe(200);
		expect(app.alive()).toBe(true);
	});

	it('answers 503 with Retry-After within 2 s while the database is down, and recovers by itself', async () => {
		proxy.set('down');
		// The first request may be the one that finds out; every one answers fast.
		for (let i = 0; i < 5; i++) expectUnavailable(await timed(READS_DATABASE));
		const health = await timed('/api/health');
		expectUnavailable(health);
		expect(JSON.parse(health.body).detail).toMatch(/^La base de données ne répond pas depuis \d{4}-\d\d-\d\dT/);
		proxy.set('open');
		const back = await untilAnswering('/api/health');
		expect(back).toBeLessThan(5_000);
		expect(app.alive()).toBe(true);
	});

	it('answers 503 within 2 s when the database freezes, in-flight requests included, and recovers when it thaws', async () => {
		expect((await timed('/api/health')).status).toBe(200);
		proxy.set('frozen');
		// A request sent as the database freezes is answered when the probe finds out, not left hanging.
		const inFlight = timed(READS_DATABASE);
		await new Promise((resolve) => setTimeout(resolve, 2_500));
		const first = await inFlight;
		expect(first.status).toBe(503);
		expect(first.ms).toBeLessThan(4_000);
		for (let i = 0; i < 3; i++) expectUnavailable(await timed(READS_DATABASE));
		proxy.set('open');
		expect(await untilAnswering('/api/health')).toBeLessThan(5_000);
		expect(app.alive()).toBe(true);
	});

	it('starts while its database is down: it listens, answers 503, and serves once the database is back', async () => {
		proxy.set('down');
		const port = await freePort();
		const relayed = new URL(database.url);
		relayed.hostname = '127.0.0.1';
		relayed.port = String(proxy.port);
		const late = spawn(process.execPath, ['build/index.js'], {
			env: { ...process.env, PORT: String(port), ORIGIN: `http://localhost:${port}`, DATA_DIR: mkdtempSync(join(tmpdir(), 'agenda-sas-late-')), DATABASE_URL: relayed.toString(), DEMO_DATA: 'true', GEOCODER_URL: 'off' },
			stdio: 'ignore'
		});
		try {
			let answer: Response | null = null;
			for (let i = 0; i < 120 && !answer; i++) {
				answer = await fetch(`http://localhost:${port}/api/health`).catch(() => null);
				if (!answer) await new Promise((resolve) => setTimeout(resolve, 250));
			}
			expect(answer?.status).toBe(503);
			expect(answer?.headers.get('retry-after')).toBeTruthy();
			proxy.set('open');
			for (let i = 0; i < 120; i++) {
				if ((await fetch(`http://localhost:${port}/api/health`).catch(() => null))?.status === 200) break;
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
			expect((await fetch(`http://localhost:${port}/api/health`)).status).toBe(200);
			expect(late.exitCode).toBeNull();
		} finally {
			late.kill('SIGKILL');
			proxy.set('open');
		}
	}, 90_000);
});
