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
		// The header folds into « Menu »: the agenda starts near the top (it took 270 px of header before).
		const brand = (await page.locator('.fr-header__brand').boundingBox())!;
		expect((await page.locator('header.fr-header').boundingBox())!.height).toBeLessThanOrEqual(160);
		await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeHidden();
		const menu = page.getByRole('button', { name: 'Menu', exact: true });
		expect((await menu.boundingBox())!.height).toBeGreaterThanOrEqual(44);
		await menu.click();
		await expect(menu).toHaveCount(0);
		await expect(page.getByRole('button', { name: 'Fermer le menu' })).toHaveAttribute('aria-expanded', 'true');
		// Opened, the doctor's name and « Se déconnecter » sit under the brand, not behind it.
		for (const part of [page.getByTestId('signed-in-as'), page.getByRole('button', { name: 'Se déconnecter' })]) {
			expect((await part.boundingBox())!.y).toBeGreaterThanOrEqual(brand.y + brand.height - 1);
		}
		await expect(page.getByRole('link', { name: 'Vos paramètres' })).toBeVisible();
		expect(await violations(page)).toEqual([]);
		await page.getByRole('button', { name: 'Fermer le menu' }).click();
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

/** WCAG contrast ratio of two CSS colours (rgb/rgba over white). */
function contrast(foreground: string, background: string): number {
	const channels = (css: string) => {
		const [r, g, b, a = 1] = css.match(/[\d.]+/g)!.map(Number);
		// A translucent background shows over the white page.
		return [r!, g!, b!].map((c) => c * a + 255 * (1 - a));
	};
	const luminance = (css: string) => {
		const [r, g, b] = channels(css).map((c) => {
			const s = c / 255;
			return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
		});
		return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
	};
	const [light, dark] = [luminance(foreground), luminance(background)].sort((x, y) => y - x);
	return (light! + 0.05) / (dark! + 0.05);
}

test('the calendar toolbar keeps its labels readable when hovered and when pressed (≥ 4.5:1)', async ({ page }) => {
	await signInWithPsc(page, DEMO_DOCTOR);
	await expect(syncStatus(page)).toHaveText(SYNCED);
	const toolbar = page.locator('.agenda-calendar .agenda-toolbar');
	for (const name of ['Aujourd’hui', 'Jour', 'Liste']) {
		const button = toolbar.getByRole(name === 'Aujourd’hui' ? 'button' : 'tab', { name, exact: true });
		if (await button.isDisabled()) continue;
		await button.hover();
		await page.waitForTimeout(300); // past any transition
		const hovered = await button.evaluate((e) => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]);
		expect(contrast(hovered[0]!, hovered[1]!), `${name} survolé : ${hovered.join(' sur ')}`).toBeGreaterThanOrEqual(4.5);
	}
	const list = toolbar.getByRole('tab', { name: 'Liste' });
	await list.click();
	await list.hover();
	await page.mouse.down();
	await page.waitForTimeout(300);
	const pressed = await list.evaluate((e) => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]);
	await page.mouse.up();
	expect(contrast(pressed[0]!, pressed[1]!), `Liste pressé : ${pressed.join(' sur ')}`).toBeGreaterThanOrEqual(4.5);
});

test('the sign-in page on a 360-pixel phone: the demo accounts scroll in a box that takes the keyboard', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
	const page = await context.newPage();
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Comptes de démonstration' })).toBeVisible();
	expect(await violations(page)).toEqual([]);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await expect(page.locator('div[role="region"][aria-label="Comptes de démonstration"]')).toHaveAttribute('tabindex', '0');
	await context.close();
});
