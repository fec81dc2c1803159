/**
 * The FHIR interfaces (issue 14):
 * - aggregation: 1,000 interfaced practitioners spread over 10 simulated editors, each a real HTTP
 *   server answering after 200 ms, one after 8 s (past the 7 s time-out): time to the first and to
 *   the last result; the reader's throughput (bundles of 25 practitioners read per second);
 * - our /fhir/Slot for 25 practitioners under 20 connections (autocannon): median and p99, on
 *   PGlite and on PostgreSQL when scripts/bench.sh found one (the kit's limit is 1 s).
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { demoRpps } from '../src/lib/demo';
import { readEditorAnswer } from '../src/lib/domain/fhir/editor-slots';
import { EditorClient } from '../src/lib/server/fhir/editor-client';
import { createEditorSimulator, type SimulatedPractitioner } from '../src/lib/server/fhir/simulator';
import { nodeListener } from '../src/lib/server/http/node-server';
import { Deployment } from '../tests/e2e/deployment';
import { measure, type Output } from './harness';

const EDITORS = 10;
const PRACTITIONERS = 1_000;
const CONNECTIONS = 20;
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 5);

const rppsOf = (i: number) => String(20_000_000_000 + i);
const practitioner = (rpps: string): SimulatedPractitioner => ({
	id: `0190a0a0-0000-7000-8000-${rpps.slice(-12).padStart(12, '0')}`,
	rpps,
	lastName: `Nom${rpps.slice(-4)}`,
	firstName: 'Prénom',
	specialties: ['Médecine générale'],
	addresses: [{ id: `0190a0a0-0000-7000-9000-${rpps.slice(-12).padStart(12, '0')}`, street: '1 rue de la Paix', postalCode: '84000', city: 'Avignon', phone: '0490000000', timeZone: 'Europe/Paris' }]
});

async function simulatedEditor(name: string, latencyMs: number): Promise<{ server: Server; baseUrl: string }> {
	let baseUrl = '';
	const simulator = () => createEditorSimulator({ name, baseUrl, lookUp: async (rpps) => rpps.map(practitioner), behaviour: () => ({ latencyMs, failure: 'aucune' }), hangMs: 0 });
	let instance: ReturnType<typeof createEditorSimulator> | null = null;
	const server = createServer(nodeListener('http://127.0.0.1', (request) => (instance ??= simulator()).handle(request, new URL(request.url).pathname.replace(/^\/fhir\//, ''))));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
	return { server, baseUrl };
}

async function aggregation(runs: number, out: Output): Promise<void> {
	const editors = await Promise.all(Array.from({ length: EDITORS }, (_, i) => simulatedEditor(`Éditeur ${i + 1}`, i === EDITORS - 1 ? 8_000 : 200)));
	const window = { from: Date.now(), to: Date.now() + 3 * 86_400_000 };
	const firsts: number[] = [];
	const lasts: number[] = [];
	const healthy: number[] = [];
	try {
		for (let run = 0; run < Math.min(runs, 3); run++) {
			// No cache: every pass asks every editor.
			const client = new EditorClient({ freshMs: 0, staleMs: 0 });
			const started = performance.now();
			let first = Infinity;
			const done = await Promise.all(
				editors.map(async ({ baseUrl }, e) => {
					const rpps = Array.from({ length: PRACTITIONERS / EDITORS }, (_, i) => rppsOf(e * 1_000 + i));
					const results = await client.search({ name: `Éditeur ${e + 1}`, baseUrl }, rpps, window);
					const at = performance.now() - started;
					if (results.some((r) => r.answer.kind !== 'unavailable')) first = Math.min(first, at);
					return { at, ok: results.every((r) => r.answer.kind !== 'unavailable') };
				})
			);
			firsts.push(first);
			lasts.push(Math.max(...done.map((d) => d.at)));
			healthy.push(Math.max(...done.filter((d) => d.ok).map((d) => d.at)));
			if (done.filter((d) => !d.ok).length !== 1) out.note(`passe ${run + 1} : ${done.filter((d) => !d.ok).length} éditeurs en échec (1 attendu, le lent)`);
		}
	} finally {
		for (const { server } of editors) {
			server.closeAllConnections();
			server.close();
		}
	}
	const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
	out.value(`agrégation de ${PRACTITIONERS} praticiens, ${EDITORS} éditeurs (200 ms, un à 8 s) : premier résultat`, median(firsts), 'ms', firsts.length);
	out.value('… dernier éditeur qui répond (les 9 à 200 ms)', median(healthy), 'ms', healthy.length);
	out.value('… fin de l’agrégation (l’éditeur lent coupé à 7 s)', median(lasts), 'ms', lasts.length, { target: 7_500 });

	// The reader alone: one editor's bundle for 25 practitioners, read again and again.
	const local = await simulatedEditor('Lecture', 0);
	try {
		const rpps = Array.from({ length: 25 }, (_, i) => rppsOf(i)).map((r) => `urn:oid:1.2.250.1.71.4.2.1|8${r}`).join(',');
		const body = await (await fetch(`${local.baseUrl}/Slot?start=ge${new Date(window.from).toISOString()}&start=le${new Date(window.to).toISOString()}&schedule.actor:Practitioner.identifier=${rpps}&status=free`)).text();
		const parsed = JSON.parse(body) as { total: number };
		const BUNDLES = 200;
		const m = await measure(`lecture de ${BUNDLES} bundles (25 praticiens, ${parsed.total} créneaux, ${Math.round(body.length / 1024)} Kio)`, runs, () => {
			for (let i = 0; i < BUNDLES; i++) readEditorAnswer(JSON.parse(body));
		});
		out.time(m);
		out.value('… débit du lecteur', Math.round((BUNDLES / m.median) * 1000), 'bundles/s', runs);
	} finally {
		local.server.closeAllConnections();
		local.server.close();
	}
}

/** The Slot search for the first 25 demo doctors, as the kit asks it. */
function slotSearchPath(): string {
	const ids = Array.from({ length: 25 }, (_, i) => `urn:oid:1.2.250.1.71.4.2.1|8${demoRpps(i)}`).join(',');
	const now = Date.now();
	const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '%2B00:00');
	return `/fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&schedule.actor:Practitioner.identifier=${encodeURIComponent(ids)}&start=ge${iso(now)}&start=le${iso(now + 72 * 3_600_000)}&status=free`;
}

async function slotSearch(label: string, deployment: Deployment, out: Output): Promise<void> {
	await deployment.start();
	try {
		const url = `${deployment.url}${slotSearchPath()}`;
		const sample = (await (await fetch(url)).json()) as { total: number };
		const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
		out.value(`[${label}] GET /fhir/Slot, 25 praticiens (${sample.total} créneaux), ${CONNECTIONS} connexions : médiane`, result.latency.p50, 'ms', 1);
		out.value(`[${label}] … p99`, result.latency.p99, 'ms', 1, { target: 1_000 });
		out.value(`[${label}] … débit`, result.requests.average, 'req/s', 1);
		if (result.errors + result.non2xx > 0) out.note(`${result.errors + result.non2xx} réponses en erreur`);
	} finally {
		await deployment.dispose();
	}
}

export async function fhirBench(runs: number, out: Output): Promise<void> {
	await aggregation(runs, out);
	await slotSearch('PGlite', new Deployment(), out);
	const url = process.env.BENCH_DATABASE_URL;
	if (!url) {
		out.note('PostgreSQL : non mesuré (BENCH_DATABASE_URL absent)');
		return;
	}
	execFileSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], { env: { ...process.env, DATABASE_URL: url }, stdio: 'ignore' });
	await slotSearch('PostgreSQL', new Deployment({ DATABASE_URL: url }), out);
}
