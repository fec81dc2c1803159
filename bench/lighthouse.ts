/**
 * Lighthouse 12.2.3 (the last that runs on Node 20) in its mobile configuration, against Debian's
 * Chromium started with a debugging port: Playwright signs in through the same browser, so that
 * Lighthouse measures the pages a signed-in doctor and coordinator open.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../playwright.config';
import { DEMO_DOCTOR, DEMO_PASSWORDS, signInWithPassword, signInWithPsc } from '../tests/e2e/fixtures';
import { freePort } from '../tests/free-port';
import type { Output } from './harness';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function audit(url: string, port: number) {
	const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
	const lhr = result!.lhr;
	return {
		score: Math.round((lhr.categories.performance!.score ?? 0) * 100),
		cls: lhr.audits['cumulative-layout-shift']!.numericValue ?? 0,
		tbt: lhr.audits['total-blocking-time']!.numericValue ?? 0
	};
}

export async function lighthouseScores(base: string, runs: number, out: Output): Promise<void> {
	const port = await freePort();
	const profile = mkdtempSync(join(tmpdir(), 'agenda-sas-lighthouse-'));
	const process_ = spawn(CHROMIUM, [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, 'about:blank'], { stdio: 'ignore' });
	try {
		let browser;
		for (let i = 0; i < 50 && !browser; i++) {
			browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`).catch(() => undefined);
			if (!browser) await new Promise((resolve) => setTimeout(resolve, 200));
		}
		if (!browser) throw new Error('Chromium did not open its debugging port');
		const context = browser.contexts()[0]!;
		const page: Page = await context.newPage();
		const pages: { path: string; signIn?: () => Promise<void> }[] = [
			{ path: '/' },
			{
				path: '/agenda',
				signIn: () => signInWithPsc(page, DEMO_DOCTOR, base)
			},
			{
				path: '/structures',
				signIn: async () => {
					await context.clearCookies();
					await signInWithPassword(page, ...DEMO_PASSWORDS.cptsComtat, base);
				}
			}
		];
		for (const { path, signIn } of pages) {
			if (signIn) await signIn();
			const results = [];
			for (let run = 0; run < runs; run++) results.push(await audit(`${base}${path}`, port));
			out.score(`Lighthouse mobile, performance de ${path}`, results.map((r) => r.score), 95);
			const cls = results.map((r) => r.cls).sort((a, b) => a - b)[Math.floor(runs / 2)]!;
			const tbt = results.map((r) => r.tbt).sort((a, b) => a - b)[Math.floor(runs / 2)]!;
			out.value(`Lighthouse mobile, CLS de ${path}`, cls, 'CLS', runs, { target: 0.05 });
			out.value(`Lighthouse mobile, TBT de ${path}`, tbt, 'ms', runs);
		}
		await browser.close();
	} finally {
		process_.kill('SIGKILL');
		rmSync(profile, { recursive: true, force: true });
	}
}
