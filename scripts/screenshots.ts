/**
 * Screenshots of the screens an issue is about, on a 360-px phone and a 1,366-px desk screen, for
 * a before/after comparison: `npx tsx scripts/screenshots.ts <base-url> <folder> <prefix>` against a
 * running production build with demo data.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORDS, demoDoctor, newRpps, signInWithPassword, signInWithPsc } from '../tests/e2e/fixtures';
import { CHROMIUM_ARGS } from '../playwright.config';
import { demoId } from '../src/lib/demo';

const [base = 'http://localhost:4173', folder = 'docs/screenshots', prefix = 'after'] = process.argv.slice(2);
mkdirSync(folder, { recursive: true });

const SIZES = { phone: { width: 360, height: 740 }, desk: { width: 1366, height: 900 } } as const;

async function signInPsc(page: Page, who: { rpps: string; lastName: string; firstName: string }) {
	await signInWithPsc(page, who, base);
	await page.waitForTimeout(2_500);
}

async function signInPassword(page: Page, [email, password]: readonly [string, string]) {
	await signInWithPassword(page, email, password, base);
	await page.waitForTimeout(2_500);
}

async function shoot(page: Page, name: string) {
	await page.waitForTimeout(1_500);
	await page.screenshot({ path: join(folder, `${prefix}-${name}.png`), fullPage: true });
	console.log(join(folder, `${prefix}-${name}.png`));
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
	for (const [size, viewport] of Object.entries(SIZES)) {
		const phone = size === 'phone';
		const options = { viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris', isMobile: phone, hasTouch: phone };

		// 9 · the structure's week; 12 · the members list, the accounts.
		const coordinator = await (await browser.newContext(options)).newPage();
		await signInPassword(coordinator, DEMO_PASSWORDS.cptsComtat);
		await coordinator.goto(`${base}/structures/${demoId('structure:cpts-comtat')}/semaine`);
		await shoot(coordinator, `09-structure-week-${size}`);
		await coordinator.goto(`${base}/structures`);
		await shoot(coordinator, `12-members-${size}`);
		const accounts = await (await browser.newContext(options)).newPage();
		await signInPassword(accounts, DEMO_PASSWORDS.accountManager);
		await accounts.goto(`${base}/comptes`);
		await shoot(accounts, `12-accounts-${size}`);

		// 12 · the doctor's agenda (header and list view on a phone).
		const doctor = await (await browser.newContext(options)).newPage();
		await signInPsc(doctor, demoDoctor(0));
		await shoot(doctor, `12-agenda-${size}`);

		// 13 · a new doctor's first visit.
		const newcomer = await (await browser.newContext(options)).newPage();
		await signInPsc(newcomer, { rpps: newRpps(), lastName: 'Nouveau', firstName: 'Arthur' });
		await shoot(newcomer, `13-first-visit-${size}`);
	}
} finally {
	await browser.close();
}
