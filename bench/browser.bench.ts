/**
 * What a user waits for, measured in Debian's Chromium against the production build (`build/`,
 * made by scripts/bench.sh): the first sync and the reload of a coordinator with 500 members
 * beside the demo's 8, the offline start of the agenda in a new browser process, the agenda's first
 * event beside FullCalendar alone, and the JS and CSS each route downloads (gzip).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { build } from 'vite';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../playwright.config';
import { DEMO_DOCTOR, DEMO_PASSWORDS, goOffline, signInWithPassword, signInWithPsc, waitForServiceWorker } from '../tests/e2e/fixtures';
import { Deployment } from '../tests/e2e/deployment';
import { lighthouseScores } from './lighthouse';
import type { Measure, Output } from './harness';

const MEMBERS = 500;
const SYNCED = /^Synchronisé à \d\d:\d\d$/;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CONTEXT = { locale: 'fr-FR', timezoneId: 'Europe/Paris' };

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function asMeasure(name: string, runs: number[]): Measure {
	return { name, runs, median: median(runs), min: Math.min(...runs), max: Math.max(...runs) };
}

const signIn = (page: Page, base: string, [email, password]: readonly [string, string]) => signInWithPassword(page, email, password, base);
const signInDoctor = (page: Page, base: string) => signInWithPsc(page, DEMO_DOCTOR, base);

/** Sign-in to « Synchronisé », then the reload of the members list until every row shows. */
async function coordinator(browser: Browser, base: string, members: number, runs: number) {
	const firstSync: number[] = [];
	const reload: number[] = [];
	for (let run = 0; run <= runs; run++) {
		const context = await browser.newContext(CONTEXT);
		const page = await context.newPage();
		const started = performance.now();
		await signIn(page, base, DEMO_PASSWORDS.cptsComtat);
		await page.getByTestId('sync-status').filter({ hasText: SYNCED }).waitFor({ timeout: 120_000 });
		const synced = performance.now() - started;
		await page.goto(`${base}/structures`);
		await page.getByTestId('member-row').nth(members - 1).waitFor({ timeout: 60_000 });
		const before = performance.now();
		await page.reload();
		await page.getByTestId('member-row').nth(members - 1).waitFor({ timeout: 60_000 });
		const reloaded = performance.now() - before;
		// The first pass warms the server and the browser up; it is not counted.
		if (run > 0) {
			firstSync.push(synced);
			reload.push(reloaded);
		}
		await context.close();
	}
	return { firstSync, reload };
}

/** gzip bytes of the scripts and stylesheets a page loads, until the network is idle. */
async function bytesOf(context: BrowserContext, url: string, prepare?: (page: Page) => Promise<void>) {
	const page = await context.newPage();
	if (prepare) await prepare(page);
	const sizes = { js: 0, css: 0 };
	const counting = async (response: import('playwright-core').Response) => {
		const type = response.request().resourceType();
		if (type !== 'script' && type !== 'stylesheet') return;
		const body = await response.body().catch(() => null);
		if (body) sizes[type === 'script' ? 'js' : 'css'] += gzipSync(body).length;
	};
	page.on('response', counting);
	await page.goto(url, { waitUntil: 'networkidle' });
	await page.waitForTimeout(1_000);
	page.off('response', counting);
	await page.close();
	return sizes;
}

/** A new browser process with the app installed, offline: navigation to the first event shown. */
async function offlineStart(base: string, runs: number): Promise<number[]> {
	const profile = mkdtempSync(join(tmpdir(), 'agenda-sas-bench-profile-'));
	try {
		const launch = () => chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, ...CONTEXT });
		const setup = await launch();
		const page = setup.pages()[0] ?? (await setup.newPage());
		await signInDoctor(page, base);
		await waitForServiceWorker(page);
		await page.getByTestId('sync-status').filter({ hasText: SYNCED }).waitFor();
		await setup.close();
		const times: number[] = [];
		for (let run = 0; run <= runs; run++) {
			const context = await launch();
			await goOffline(context);
			const tab = context.pages()[0] ?? (await context.newPage());
			const started = performance.now();
			await tab.goto(`${base}/agenda`);
			await tab.locator('.agenda-calendar .occurrence').first().waitFor({ timeout: 30_000 });
			if (run > 0) times.push(performance.now() - started);
			await context.close();
		}
		return times;
	} finally {
		rmSync(profile, { recursive: true, force: true });
	}
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** bench/plain-calendar built by Vite and served as static files: FullCalendar 7 alone. */
async function plainCalendar(): Promise<{ url: string; close: () => Promise<void> }> {
	const outDir = mkdtempSync(join(tmpdir(), 'agenda-sas-plain-calendar-'));
	await build({ root: 'bench/plain-calendar', configFile: false, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
	const server: Server = createServer((request, response) => {
		const path = normalize(new URL(request.url ?? '/', 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
		try {
			const body = readFileSync(join(outDir, path === '/' ? 'index.html' : path));
			response.writeHead(200, { 'content-type': TYPES[extname(path) || '.html'] ?? 'application/octet-stream', 'cache-control': 'max-age=3600' }).end(body);
		} catch {
			response.writeHead(404).end();
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
		close: async () => {
			await new Promise((resolve) => server.close(resolve));
			rmSync(outDir, { recursive: true, force: true });
		}
	};
}

/**
 * Navigation to the first event shown, warm (browser cache and, for the app, its service worker and
 * synced device): the app's /agenda for the demo doctor beside FullCalendar 7 alone.
 */
async function firstEvent(browser: Browser, base: string, runs: number, out: Output): Promise<void> {
	const plain = await plainCalendar();
	const context = await browser.newContext(CONTEXT);
	try {
		const setup = await context.newPage();
		await signInDoctor(setup, base);
		await waitForServiceWorker(setup);
		await setup.getByTestId('sync-status').filter({ hasText: SYNCED }).waitFor();
		await setup.close();
		const measure = async (url: string, event: string) => {
			const times: number[] = [];
			for (let run = 0; run <= runs; run++) {
				const page = await context.newPage();
				const started = performance.now();
				await page.goto(url);
				await page.locator(event).first().waitFor({ timeout: 30_000 });
				if (run > 0) times.push(performance.now() - started);
				await page.close();
			}
			return times;
		};
		const alone = asMeasure('FullCalendar 7 seul, semaine : premier évènement affiché', await measure(plain.url, '.occurrence'));
		const app = asMeasure('/agenda de l’application : premier évènement affiché', await measure(`${base}/agenda`, '.agenda-calendar .occurrence'));
		out.time(alone);
		out.time(app, { baseline: alone });
		out.note(`cible : /agenda ≤ 1,5 × FullCalendar seul`);
	} finally {
		await context.close();
		await plain.close();
	}
}

export async function browserBench(runs: number, out: Output): Promise<void> {
	const passes = Math.min(runs, Number(process.env.BENCH_BROWSER_RUNS ?? 5));
	const small = new Deployment();
	const large = new Deployment();
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	try {
		await small.start();
		// The large CPTS: the demo data and 500 generated members, seeded before the server starts.
		execFileSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--members', String(MEMBERS)], { env: { ...process.env, DATA_DIR: large.dataDir, DATABASE_URL: '' }, stdio: 'ignore' });
		await large.start();

		if (part('sync')) await syncAndReload(browser, small, large, passes, out);
		if (part('offline')) out.time(asMeasure('démarrage hors ligne de /agenda, nouveau processus du navigateur', await offlineStart(small.url, passes)), { target: 600 });
		if (part('calendar')) await firstEvent(browser, small.url, passes, out);
		if (part('bytes')) await bytes(browser, small, out);
		if (part('lighthouse')) await lighthouseScores(small.url, passes, out);
	} finally {
		await browser.close();
		await small.dispose();
		await large.dispose();
	}
}

/** BENCH_BROWSER_PARTS=sync,offline,calendar,bytes,lighthouse picks some (all by default). */
function part(name: string): boolean {
	const parts = process.env.BENCH_BROWSER_PARTS;
	return !parts || parts.split(',').includes(name);
}

async function syncAndReload(browser: Browser, small: Deployment, large: Deployment, passes: number, out: Output): Promise<void> {
	const demo = await coordinator(browser, small.url, 8, passes);
	const big = await coordinator(browser, large.url, MEMBERS + 8, passes);
	const demoSync = asMeasure('premier sync, gestionnaire de CPTS, 8 membres (démo)', demo.firstSync);
	out.time(demoSync);
	out.time(asMeasure(`premier sync, gestionnaire de CPTS, ${MEMBERS} membres`, big.firstSync), { baseline: demoSync, target: 2000 });
	const demoReload = asMeasure('rechargement de /structures, 8 membres sur l’appareil', demo.reload);
	out.time(demoReload);
	out.time(asMeasure(`rechargement de /structures, ${MEMBERS} membres sur l’appareil`, big.reload), { baseline: demoReload, target: 300 });
}

async function bytes(browser: Browser, small: Deployment, out: Output): Promise<void> {

	const anonymous = await browser.newContext(CONTEXT);
	const home = await bytesOf(anonymous, `${small.url}/`);
	await anonymous.close();
	const doctorContext = await browser.newContext(CONTEXT);
	const doctorPage = await doctorContext.newPage();
	await signInDoctor(doctorPage, small.url);
	await doctorPage.close();
	const agenda = await bytesOf(doctorContext, `${small.url}/agenda`);
	await doctorContext.close();
	const managerContext = await browser.newContext(CONTEXT);
	const managerPage = await managerContext.newPage();
	await signIn(managerPage, small.url, DEMO_PASSWORDS.cptsComtat);
	await managerPage.getByTestId('sync-status').filter({ hasText: SYNCED }).waitFor();
	await managerPage.close();
	const structures = await bytesOf(managerContext, `${small.url}/structures`);
	await managerContext.close();
	out.bytes('JS gzip de / (connexion)', home.js, 80 * 1024);
	out.bytes('JS gzip de /agenda', agenda.js, 160 * 1024);
	out.bytes('JS gzip de /structures', structures.js);
	out.bytes('CSS gzip de /', home.css, 35 * 1024);
	out.bytes('CSS gzip de /agenda', agenda.css, 35 * 1024);
	out.bytes('CSS gzip de /structures', structures.css, 35 * 1024);
}
