import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_PRACTITIONER_ID, demoId } from '../../src/lib/demo';
import { luhnCheckDigit } from '../../src/lib/domain/ids';

export const DEMO_AGENDA = `/praticiens/${DEMO_PRACTITIONER_ID}/agenda`;
export { DEMO_PRACTITIONER_ID, demoId };

/** The demo doctor (manual agenda, via the CPTS du Comtat Venaissin), as the seed numbers her. */
export const DEMO_DOCTOR = { rpps: `1010234567${luhnCheckDigit('1010234567')}`, lastName: 'Aubert', firstName: 'Claire' };

export const DEMO_PASSWORDS = {
	accountManager: ['comptes.vaucluse@agenda-sas.test', 'demo-comptes-84'],
	cptsComtat: ['cpts.comtat@agenda-sas.test', 'demo-cpts-comtat'],
	cdsChartreux: ['secretariat.chartreux@agenda-sas.test', 'demo-cds-chartreux']
} as const;

let counter = 0;
/** A valid RPPS nobody in the demo data has: a new doctor at each call. */
export function newRpps(): string {
	const body = `19${String(Date.now() % 1e6).padStart(6, '0')}${String(counter++ % 100).padStart(2, '0')}`;
	return body + luhnCheckDigit(body);
}

/** Signs in through the Pro Santé Connect sandbox, the way a doctor does. */
export async function signInWithPsc(page: Page, identity: { rpps: string; lastName: string; firstName: string }): Promise<void> {
	await page.goto('/');
	await page.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' }).click();
	await page.getByLabel('Identifiant RPPS').fill(identity.rpps);
	await page.getByLabel('Nom', { exact: true }).fill(identity.lastName);
	await page.getByLabel('Prénom').fill(identity.firstName);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await page.waitForURL('**/agenda');
}

/** Signs in with e-mail and password through the sign-in page. */
export async function signInWithPassword(page: Page, email: string, password: string): Promise<void> {
	await page.goto('/connexion');
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
}

/** Waits until the service worker has installed and controls the page. */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.waitForFunction(async () => {
		await navigator.serviceWorker.ready;
		return navigator.serviceWorker.controller !== null;
	});
}

/**
 * Cuts the network for the pages and for the service worker: setOffline alone lets the
 * worker's own requests through (playwright #2311), so those are aborted by a route.
 */
export async function goOffline(context: BrowserContext): Promise<void> {
	await context.route('**/*', (route) => (route.request().serviceWorker() ? route.abort('internetdisconnected') : route.fallback()));
	await context.setOffline(true);
}

export async function goOnline(context: BrowserContext): Promise<void> {
	await context.unroute('**/*');
	await context.setOffline(false);
}

export const test = base;
export { expect };
