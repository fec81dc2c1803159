import { DEMO_DOCTOR, expect, signInWithPsc, SYNCED, syncStatus, test, violations } from './fixtures';

test.describe('axe finds no violations', () => {
	test('on the agenda, the availability dialog and « Vos paramètres »', async ({ page }) => {
		await signInWithPsc(page, DEMO_DOCTOR);
		await expect(syncStatus(page)).toHaveText(SYNCED);
		await expect(page.locator('.agenda-calendar .occurrence').first()).toBeVisible();
		expect(await violations(page)).toEqual([]);

		await page.getByRole('button', { name: 'Créer des disponibilités' }).click();
		await expect(page.getByRole('dialog', { name: 'Créer des disponibilités' })).toBeVisible();
		expect(await violations(page)).toEqual([]);
		await page.keyboard.press('Escape');

		await page.locator('.agenda-calendar .occurrence').first().click();
		await expect(page.getByRole('dialog', { name: 'Disponibilité' })).toBeVisible();
		expect(await violations(page)).toEqual([]);
		await page.keyboard.press('Escape');

		await page.getByRole('link', { name: 'Vos paramètres' }).click();
		await expect(page.getByRole('heading', { name: 'Vos paramètres' })).toBeVisible();
		expect(await violations(page)).toEqual([]);
	});

	test('on the agenda on a 360-pixel phone, in list view', async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
		const page = await context.newPage();
		await signInWithPsc(page, DEMO_DOCTOR);
		await expect(syncStatus(page)).toHaveText(SYNCED);
		expect(await violations(page)).toEqual([]);
		// The header stacks: the doctor's name and « Se déconnecter » sit under the brand, not behind it.
		const brand = (await page.locator('.fr-header__brand').boundingBox())!;
		for (const part of [page.getByTestId('signed-in-as'), page.getByRole('button', { name: 'Se déconnecter' })]) {
			expect((await part.boundingBox())!.y).toBeGreaterThanOrEqual(brand.y + brand.height - 1);
		}
		await page.locator('.agenda-calendar').getByRole('tab', { name: 'Liste' }).click();
		expect(await violations(page)).toEqual([]);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		// Each item of the list says what it is in full (« Créneaux de 15 min — Consultation en cabinet »): nothing is cut.
		const titles = page.locator('.agenda-list-title');
		expect(await titles.count()).toBeGreaterThan(0);
		expect(await titles.evaluateAll((items) => items.filter((item) => item.scrollWidth > item.clientWidth).map((item) => item.textContent))).toEqual([]);
		await context.close();
	});
});
