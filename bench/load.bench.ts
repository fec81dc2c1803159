/**
 * The platform API under load (autocannon, 50 connections): the health check beside a plain Node
 * HTTP server on the same machine, and a coordinator's members list — on PGlite, and on
 * PostgreSQL when scripts/bench.sh found one (BENCH_DATABASE_URL).
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import autocannon from 'autocannon';
import { demoId } from '../src/lib/demo';
import { DEMO_PASSWORDS } from '../tests/e2e/fixtures';
import { Deployment } from '../tests/e2e/deployment';
import { freePort } from '../tests/free-port';
import type { Output } from './harness';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 5);
const COMTAT = demoId('structure:cpts-comtat');

interface Load {
	requests: number;
	p99: number;
	errors: number;
}

async function hammer(url: string, headers: Record<string, string> = {}): Promise<Load> {
	const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
	return { requests: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function sessionCookie(base: string): Promise<string> {
	const [email, password] = DEMO_PASSWORDS.cptsComtat;
	const response = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
	if (!response.ok) throw new Error(`sign-in refused: ${response.status}`);
	return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

async function plainNode(): Promise<Load> {
	const port = await freePort();
	const server = createServer((_request, response) => {
		response.setHeader('content-type', 'application/json');
		response.end('{"status":"ok"}');
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	try {
		return await hammer(`http://127.0.0.1:${port}/`);
	} finally {
		server.close();
	}
}

async function against(label: string, deployment: Deployment, plain: Load, out: Output): Promise<void> {
	await deployment.start();
	try {
		const health = await hammer(`${deployment.url}/api/health`);
		out.value(`[${label}] GET /api/health, ${CONNECTIONS} connexions`, health.requests, 'req/s', 1, {
			baseline: 'serveur HTTP Node nu',
			baseline_value: plain.requests,
			ratio: Math.round((health.requests / plain.requests) * 100) / 100
		});
		out.value(`[${label}] GET /api/health, p99`, health.p99, 'ms', 1);
		const cookie = await sessionCookie(deployment.url);
		const members = await hammer(`${deployment.url}/api/structures/${COMTAT}/members`, { cookie });
		out.value(`[${label}] liste des membres d’une CPTS, ${CONNECTIONS} connexions`, members.requests, 'req/s', 1, { target: 300 });
		out.value(`[${label}] liste des membres, p99`, members.p99, 'ms', 1, { target: 200 });
		if (health.errors + members.errors > 0) out.note(`${health.errors + members.errors} réponses en erreur`);
	} finally {
		await deployment.dispose();
	}
}

export async function loadBench(_runs: number, out: Output): Promise<void> {
	const plain = await plainNode();
	out.value(`serveur HTTP Node nu, ${CONNECTIONS} connexions`, plain.requests, 'req/s', 1);
	await against('PGlite', new Deployment(), plain, out);
	const url = process.env.BENCH_DATABASE_URL;
	if (!url) {
		out.note('PostgreSQL : non mesuré (BENCH_DATABASE_URL absent)');
		return;
	}
	// The demo data in the bench database (the other suites leave theirs there).
	execFileSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], { env: { ...process.env, DATABASE_URL: url }, stdio: 'ignore' });
	await against('PostgreSQL', new Deployment({ DATABASE_URL: url }), plain, out);
}
