import { expect, test } from './fixtures';

test('offers "Installer l’application" when the browser proposes it, even before the app has started', async ({ page }) => {
	// What Chromium sends when the app is installable: an event with prompt() and the user's choice —
	// here as soon as the document exists, before the app's code has run (it can come that early).
	await page.addInitScript(() => {
		document.addEventListener('readystatechange', () => {
			if (document.readyState !== 'interactive') return;
			const event = new Event('beforeinstallprompt', { cancelable: true }) as Event & { prompt(): Promise<void>; userChoice: Promise<{ outcome: string }> };
			(window as unknown as { prompted: boolean }).prompted = false;
			event.prompt = async () => {
				(window as unknown as { prompted: boolean }).prompted = true;
			};
			event.userChoice = Promise.resolve({ outcome: 'accepted' });
			window.dispatchEvent(event);
		});
	});
	await page.goto('/');
	await page.getByRole('button', { name: 'Installer l’application' }).click();
	expect(await page.evaluate(() => (window as unknown as { prompted: boolean }).prompted)).toBe(true);
	await expect(page.getByRole('button', { name: 'Installer l’application' })).toHaveCount(0);
});

test('tells iPhone users how to add it to the home screen, until they hide the hint', async ({ browser }) => {
	const context = await browser.newContext({
		userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
		viewport: { width: 390, height: 844 }
	});
	const page = await context.newPage();
	await page.goto('/');
	const hint = page.getByText('touchez « Partager », puis « Sur l’écran d’accueil »');
	await expect(hint).toBeVisible();
	await page.getByRole('button', { name: 'Masquer' }).click();
	await expect(hint).toHaveCount(0);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Agenda SAS', level: 1 })).toBeVisible();
	await expect(hint).toHaveCount(0);
	await context.close();
});
