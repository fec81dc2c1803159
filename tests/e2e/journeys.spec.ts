import type { Browser, Page } from '@playwright/test';
import { clippedControls, DEMO_DOCTOR, DEMO_PASSWORDS, demoId, expect, signInWithPassword, signInWithPsc, test, violations } from './fixtures';

/**
 * Each role's pages on a 360-px phone and a 1,366-px desk screen: axe finds nothing, the page does
 * not scroll sideways, and no control or badge is cut.
 */
const SIZES = [
	{ width: 360, height: 740 },
	{ width: 1366, height: 900 }
];

async function check(page: Page, width: number, what: string) {
	expect(await violations(page), `${what} à ${width} px`).toEqual([]);
	expect(await page.evaluate(() => document.documentElement.scrollWidth), `${what} à ${width} px`).toBeLessThanOrEqual(width);
	expect(await clippedControls(page), `${what} à ${width} px`).toEqual([]);
}

async function journey(browser: Browser, signIn: (page: Page) => Promise<void>, pages: { path: string; ready: (page: Page) => Promise<void> }[]) {
	for (const viewport of SIZES) {
		const context = await browser.newContext({ viewport });
		const page = await context.newPage();
		await signIn(page);
		for (const { path, ready } of pages) {
			await page.goto(path);
			await ready(page);
			await check(page, viewport.width, path);
		}
		await context.close();
	}
}

const heading = (name: string | RegExp) => async (page: Page) => {
	await expect(page.getByRole('heading', { name }).first()).toBeVisible();
};

test('the doctor’s pages', async ({ browser }) => {
	await journey(browser, (page) => signInWithPsc(page, DEMO_DOCTOR), [
		{ path: '/agenda', ready: async (page) => expect(page.locator('.agenda-calendar .occurrence').first()).toBeVisible() },
		{ path: '/parametres', ready: heading('Vos paramètres') },
		{ path: '/historique', ready: async (page) => expect(page.getByTestId('history')).toBeVisible() },
		{ path: '/synchronisation', ready: heading('Synchronisation') }
	]);
});

test('the coordinator’s pages', async ({ browser }) => {
	const comtat = demoId('structure:cpts-comtat');
	await journey(browser, (page) => signInWithPassword(page, ...DEMO_PASSWORDS.cptsComtat), [
		{ path: '/structures', ready: async (page) => expect(page.getByTestId('member-row').first()).toBeVisible() },
		{ path: `/praticiens/${demoId('doctor:Claire Aubert')}`, ready: heading('Copier une semaine') },
		{ path: `/praticiens/${demoId('doctor:Élodie Giraud')}`, ready: async (page) => expect(page.getByTestId('read-only-reason')).toBeVisible() },
		{ path: `/structures/${comtat}/semaine`, ready: async (page) => expect(page.getByTestId('week-row').first()).toBeVisible() },
		{ path: `/structures/${comtat}/modele`, ready: async (page) => expect(page.getByLabel('Dr Claire Aubert')).toBeVisible() },
		{ path: '/indicateurs', ready: heading(/Indicateurs/) }
	]);
});

test('the health-centre secretary’s pages', async ({ browser }) => {
	await journey(browser, (page) => signInWithPassword(page, ...DEMO_PASSWORDS.cdsChartreux), [
		{ path: '/structures', ready: async (page) => expect(page.getByTestId('member-row').first()).toBeVisible() },
		{ path: `/praticiens/${demoId('doctor:Hugo Rostagni')}`, ready: heading('Copier une semaine') },
		{ path: `/structures/${demoId('structure:cds-chartreux')}/semaine`, ready: async (page) => expect(page.getByTestId('week-row').first()).toBeVisible() }
	]);
});

test('the account manager’s pages', async ({ browser }) => {
	await journey(browser, (page) => signInWithPassword(page, ...DEMO_PASSWORDS.accountManager), [
		{ path: '/comptes', ready: heading(/Comptes du territoire/) },
		{ path: '/indicateurs', ready: heading(/Indicateurs/) }
	]);
});
