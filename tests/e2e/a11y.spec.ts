import { DEMO_DOCTOR, expect, signInWithPsc, SYNCED, syncStatus, test } from './fixtures';

// Each page's axe check, at both sizes and in each of its states, is in journeys.spec.ts.

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
