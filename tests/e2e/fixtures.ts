import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_PRACTITIONER_ID } from '../../src/lib/demo';

export const DEMO_AGENDA = `/praticiens/${DEMO_PRACTITIONER_ID}/agenda`;

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
