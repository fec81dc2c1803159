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

const [base = 'http://localhost:4173', folder = 'docs/screenshots', prefix = 'journey'] = process.argv.slice(2);
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

		// The coordinator: the members (each RPPS), the week overview (names kept in view).
		const coordinator = await (await browser.newContext(options)).newPage();
		await signInPassword(coordinator, DEMO_PASSWORDS.cptsComtat);
		await coordinator.goto(`${base}/structures`);
		await shoot(coordinator, `members-${size}`);
		await coordinator.goto(`${base}/structures/${demoId('structure:cpts-comtat')}/semaine`);
		await shoot(coordinator, `structure-week-${size}`);
		const accounts = await (await browser.newContext(options)).newPage();
		await signInPassword(accounts, DEMO_PASSWORDS.accountManager);
		await accounts.goto(`${base}/comptes`);
		await shoot(accounts, `accounts-${size}`);

		// The doctor: the first screen, the 3-day view on a phone, « Créer des disponibilités ».
		const doctor = await (await browser.newContext(options)).newPage();
		await signInPsc(doctor, demoDoctor(0));
		await doctor.screenshot({ path: join(folder, `${prefix}-agenda-first-screen-${size}.png`) });
		await shoot(doctor, `agenda-${size}`);
		if (phone) {
			await doctor.locator('.agenda-calendar').getByRole('tab', { name: '3 jours' }).click();
			await shoot(doctor, `agenda-3-days-${size}`);
		}
		await doctor.getByRole('button', { name: 'Créer des disponibilités' }).click();
		await doctor.waitForTimeout(500);
		await doctor.screenshot({ path: join(folder, `${prefix}-create-dialog-${size}.png`) });

		// A new doctor's first visit.
		const newcomer = await (await browser.newContext(options)).newPage();
		await signInPsc(newcomer, { rpps: newRpps(), lastName: 'Nouveau', firstName: 'Arthur' });
		await shoot(newcomer, `first-visit-${size}`);

		// The regulator's search near Carpentras, with its filters.
		const regulator = await (await browser.newContext(options)).newPage();
		await signInPassword(regulator, ['regulation.vaucluse@agenda-sas.test', 'demo-regulation-84']);
		await regulator.goto(`${base}/regulation`);
		await regulator.getByLabel('Localisation').fill('Carpen');
		await regulator.getByRole('button', { name: 'Carpentras (84200)' }).click();
		await regulator.getByRole('button', { name: 'Rechercher' }).click();
		await regulator.getByTestId('results-count').waitFor();
		await shoot(regulator, `regulation-${size}`);
	}
} finally {
	await browser.close();
}
