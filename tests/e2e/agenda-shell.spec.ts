import { DEMO_DOCTOR, expect, goOffline, newRpps, signInWithPsc, test, violations, waitForServiceWorker } from './fixtures';

test.describe('the agenda of a demo doctor', () => {
	test('shows the demo slots in a French week view with the weekly check', async ({ page }) => {
		await signInWithPsc(page, DEMO_DOCTOR);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agenda SAS de Dr Claire Aubert');
		const calendar = page.locator('.agenda-calendar');
		await expect(calendar.getByRole('tab', { name: 'Semaine' })).toHaveAttribute('aria-selected', 'true');
		await expect(calendar.getByText('3 patients — Consultation en cabinet, Téléconsultation')).toBeVisible();
		await expect(calendar.getByText('Sans RDV — Consultation en cabinet')).toBeVisible();
		await expect(page.getByTestId('week-label')).toHaveText(/Objectif atteint|Moins de 2 h|Indisponibilité déclarée/);
		await expect(page.getByTestId('week-duration')).toHaveText(/^\d+ h \d\d$/);
	});

	test('shows each occurrence at its local time whatever the browser’s zone', async ({ browser }) => {
		const context = await browser.newContext({ timezoneId: 'America/New_York' });
		const page = await context.newPage();
		await signInWithPsc(page, DEMO_DOCTOR);
		await expect(page.locator('.agenda-calendar').getByText('14:00 – 15:30')).toBeVisible();
		await context.close();
	});

	test('opens on the week’s list on a 360-pixel phone, with the day and 3-day views a tap away', async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
		const page = await context.newPage();
		await signInWithPsc(page, DEMO_DOCTOR);
		const calendar = page.locator('.agenda-calendar');
		await expect(calendar.getByRole('tab', { name: 'Liste' })).toHaveAttribute('aria-selected', 'true');
		// The demo doctor's week shows at once (her weekly slots), not an empty day — and without
		// scrolling: the first item and « Créer des disponibilités » are on the first screen.
		await expect(calendar.locator('.agenda-list-title').first()).toBeInViewport();
		await expect(page.getByRole('button', { name: 'Créer des disponibilités' })).toBeInViewport();
		// The 2-hour status holds on one line.
		expect((await page.locator('.week-status').boundingBox())!.height).toBeLessThanOrEqual(32);
		// The dialog's recurrence is reached without scrolling.
		await page.getByRole('button', { name: 'Créer des disponibilités' }).click();
		const dialog = page.getByRole('dialog', { name: 'Créer des disponibilités' });
		await expect(dialog.locator('label', { hasText: 'Créer une récurrence hebdomadaire' })).toBeInViewport();
		await dialog.getByRole('button', { name: 'Annuler' }).click();
		await expect(calendar.getByRole('tab', { name: '3 jours' })).toBeVisible();
		// In the 3-day view an item says what it is: its text wraps in its box (never cut sideways),
		// and a half hour is a 44-px row a finger can pick.
		await calendar.getByRole('tab', { name: '3 jours' }).click();
		const blocks = calendar.locator('.agenda-block-title');
		await expect(blocks.first()).toBeVisible();
		expect(await blocks.evaluateAll((items) => items.filter((i) => i.scrollWidth > i.clientWidth + 1 || getComputedStyle(i).whiteSpace === 'nowrap').map((i) => i.textContent))).toEqual([]);
		expect(await blocks.first().evaluate((i) => i.clientHeight)).toBeGreaterThanOrEqual(60);
		expect((await calendar.locator('.agenda-slot-lane').first().boundingBox())!.height).toBeGreaterThanOrEqual(43.5);
		await calendar.getByRole('tab', { name: 'Jour', exact: true }).click();
		await expect(calendar.getByRole('tab', { name: 'Jour', exact: true })).toHaveAttribute('aria-selected', 'true');
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		await context.close();
	});
});

test.describe('the installable PWA', () => {
	test('links a valid manifest with any and maskable icons of 192 and 512 pixels', async ({ page, request }) => {
		await page.goto('/');
		const href = await page.locator('link[rel="manifest"]').getAttribute('href');
		expect(href).toBe('/manifest.webmanifest');
		const manifest = await (await request.get(href!)).json();
		expect(manifest).toMatchObject({ name: 'Agenda SAS', display: 'standalone', start_url: '/', scope: '/', lang: 'fr' });
		expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
		for (const purpose of ['any', 'maskable']) {
			for (const size of [192, 512]) {
				const icon = manifest.icons.find((i: { sizes: string; purpose: string }) => i.sizes === `${size}x${size}` && i.purpose === purpose);
				expect(icon, `${purpose} ${size}`).toBeTruthy();
				const png = await (await request.get(icon.src)).body();
				// PNG header: width and height are big-endian at bytes 16 and 20.
				expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
			}
		}
	});

	test('is controlled by the service worker after the first load, and reloads offline into the shell', async ({ page, context }) => {
		await signInWithPsc(page, DEMO_DOCTOR);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agenda SAS de Dr Claire Aubert');
		await waitForServiceWorker(page);

		await goOffline(context);
		await page.reload();
		await expect(page.getByText('Agenda SAS', { exact: true }).first()).toBeVisible();
		// The signed-in doctor is remembered offline: her name and her page open without network.
		await expect(page.getByTestId('signed-in-as')).toContainText('Claire Aubert');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await page.goto('/connexion');
		await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
	});
});

test('a doctor’s first visit says what to do first, with a way forward at each step, on a phone and a desk', async ({ browser }) => {
	for (const viewport of [{ width: 360, height: 740 }, { width: 1366, height: 900 }]) {
		const context = await browser.newContext({ viewport });
		const page = await context.newPage();
		await signInWithPsc(page, { rpps: newRpps(), lastName: 'Lebrun', firstName: 'Anna' });
		const steps = page.getByTestId('first-steps');
		await expect(steps).toContainText('Pour commencer');
		await expect(steps).toContainText('au moins 2 heures de disponibilités chaque semaine');
		// Nothing says this doctor's slots come from software: the week is short, not « Créneaux via son logiciel ».
		await expect(page.getByTestId('week-label').first()).toHaveText(/Moins de 2 h/i);
		expect(await violations(page)).toEqual([]);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
		await steps.getByRole('link', { name: 'Ajouter votre lieu d’exercice' }).click();
		await expect(page).toHaveURL(/\/parametres/);
		await expect(page.getByRole('heading', { name: 'Vos adresses' })).toBeVisible();
		await context.close();
	}
});
