import { Deployment } from './deployment';
import { expect, test, waitForServiceWorker } from './fixtures';

const deployment = new Deployment(4180);

test.afterAll(() => deployment.dispose());

test('a new version waits for the user, who reloads into it with "Recharger"', async ({ page }) => {
	await deployment.start();
	await page.goto(`${deployment.url}/connexion`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion');
	await waitForServiceWorker(page);
	await expect(page.getByText('Nouvelle version disponible')).toHaveCount(0);

	// A new deployment on the same address; the open tab looks for it after a navigation.
	await deployment.stop();
	await deployment.start('v2');
	await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());

	const banner = page.getByRole('status').filter({ hasText: 'Nouvelle version disponible' });
	await expect(banner).toBeVisible();
	// It waits: the page stays with the version it loaded until the user chooses.
	expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())!.waiting))).toBe(true);

	await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Recharger' }).click()]);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion');
	await expect(page.getByText('Nouvelle version disponible')).toHaveCount(0);
	expect(
		await page.evaluate(async () => {
			const registration = (await navigator.serviceWorker.getRegistration())!;
			const script = await (await fetch(registration.active!.scriptURL, { cache: 'no-store' })).text();
			return { waiting: Boolean(registration.waiting), controlled: navigator.serviceWorker.controller !== null, v2: script.includes('// v2') };
		})
	).toEqual({ waiting: false, controlled: true, v2: true });
});
