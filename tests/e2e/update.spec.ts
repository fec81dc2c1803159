import { Deployment } from './deployment';
import { createAvailability, demoDoctor, expect, signInWithPsc, SYNCED, syncStatus, test, nextWeek, waitForServiceWorker } from './fixtures';

const deployment = new Deployment();

test.afterAll(() => deployment.dispose());

test('a new version waits for "Recharger", and the reload keeps the changes not sent yet', async ({ page, context }) => {
	// Two server starts and a service worker's install: more than one test's share of a busy machine.
	test.setTimeout(150_000);
	await deployment.start();
	await signInWithPsc(page, demoDoctor(5), deployment.url);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agenda SAS de Dr Nicolas Fabre');
	await expect(syncStatus(page)).toHaveText(SYNCED);
	await waitForServiceWorker(page);
	await expect(page.getByText('Nouvelle version disponible')).toHaveCount(0);

	// A change that cannot leave yet (the platform refuses the connection).
	await context.route('**/api/sync/push', (route) => route.abort('connectionrefused'));
	await createAvailability(page, { date: nextWeek(7), start: '10:00', end: '11:00' });
	await expect(syncStatus(page)).toContainText('1 modification en attente');

	// A new deployment on the same address; the open tab looks for it after a navigation.
	await deployment.stop();
	await deployment.start('v2');
	const banner = page.getByRole('status').filter({ hasText: 'Nouvelle version disponible' });
	// As the app does at each navigation, the tab asks again until the new worker has installed: a
	// first check can fall in the instant the new server starts serving, and an install whose
	// precache missed a file is simply tried again.
	await expect
		.poll(
			async () => {
				await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update().catch(() => undefined));
				return banner.isVisible();
			},
			{ timeout: 30_000, intervals: [500, 1_000, 2_000] }
		)
		.toBe(true);
	// It waits: the page stays with the version it loaded until the user chooses.
	expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())!.waiting))).toBe(true);

	await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Recharger' }).click()]);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agenda SAS de Dr Nicolas Fabre');
	await expect(page.getByText('Nouvelle version disponible')).toHaveCount(0);
	expect(
		await page.evaluate(async () => {
			const registration = (await navigator.serviceWorker.getRegistration())!;
			const script = await (await fetch(registration.active!.scriptURL, { cache: 'no-store' })).text();
			return { waiting: Boolean(registration.waiting), controlled: navigator.serviceWorker.controller !== null, v2: script.includes('// v2') };
		})
	).toEqual({ waiting: false, controlled: true, v2: true });
	await expect(syncStatus(page)).toContainText('1 modification en attente');

	await context.unroute('**/api/sync/push');
	await page.evaluate(() => window.dispatchEvent(new Event('online')));
	await expect(syncStatus(page)).toHaveText(SYNCED);
});
