import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { addDays } from '../../src/lib/domain/civil';
import { newId } from '../../src/lib/domain/ids';
import { nextQuarterHour, todayIn } from '../../src/lib/domain/time';
import { availability } from '../factories';
import { DEMO_DOCTOR, DEMO_PASSWORDS, demoId, expect, goOffline, goOnline, signInWithPassword, signInWithPsc, smallTargets, test, violations } from './fixtures';

const REGULATOR = ['regulation.vaucluse@agenda-sas.test', 'demo-regulation-84'] as const;
const CLAIRE = demoId('doctor:Claire Aubert');

async function regulatorPage(browser: Browser): Promise<Page> {
	const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
	await signInWithPassword(page, ...REGULATOR);
	await page.goto('/regulation');
	return page;
}

/** A second regulator of the Vaucluse: invited by the account manager, the password chosen through the link. */
async function secondRegulator(browser: Browser, manager: Page): Promise<Page> {
	const email = `regulateur.${Date.now()}@sas.test`;
	const created = await manager.request.post('/api/accounts', { data: { role: 'regulator', email, firstName: 'Louise', lastName: 'Martel', territory: '84', structureIds: [] } });
	expect(created.status()).toBe(201);
	const { invitationUrl } = await created.json();
	const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
	await page.goto(new URL(invitationUrl).pathname);
	await page.getByLabel(/^Mot de passe/).fill('une phrase de passe solide');
	await page.getByLabel('Confirmation du mot de passe').fill('une phrase de passe solide');
	await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
	await page.getByRole('button', { name: /^(Se déconnecter|Menu)$/ }).waitFor();
	await page.goto('/regulation');
	return page;
}

async function searchCarpentras(page: Page) {
	await page.getByLabel('Localisation').fill('Carpen');
	await page.getByRole('button', { name: 'Carpentras (84200)' }).click();
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await expect(page.getByTestId('results-count')).toContainText('de Carpentras (84)');
}

/** Dr Aubert's card, inside the CPTS du Comtat Venaissin's card. */
async function claireCard(page: Page) {
	const cpts = page.getByTestId('cpts-card').filter({ hasText: 'CPTS du Comtat Venaissin' });
	await expect(cpts).toContainText('Téléphone de la CPTS');
	if (!(await cpts.locator('details').evaluate((d: HTMLDetailsElement) => d.open))) await cpts.getByText('Voir les professionnels de la CPTS').click();
	return cpts.getByTestId('practitioner-card').filter({ hasText: 'Dr Claire Aubert' });
}

test('a regulator finds Dr Aubert near Carpentras, filters « Téléconsultation », orients a patient; the slot is gone for the other regulator, who loses the race; the doctor confirms', async ({ page, browser }) => {
	// Four people in four browsers: a manager, two regulators, the doctor.
	test.slow();
	// Tomorrow 10:00–11:00 in 30-minute slots, cabinet or téléconsultation: slots whatever the day the test runs.
	await signInWithPassword(page, ...DEMO_PASSWORDS.cptsComtat);
	const tomorrow = addDays(todayIn('Europe/Paris'), 1);
	const { id: _id, practitionerId: _p, ...body } = availability({ addressId: demoId('address:Claire Aubert'), date: tomorrow, start: '10:00', end: '11:00', slotMinutes: 30, consultationTypes: ['office', 'teleconsultation'] });
	expect((await page.request.put(`/api/practitioners/${CLAIRE}/availabilities/${newId()}`, { data: body })).ok()).toBe(true);

	const first = await regulatorPage(browser);
	await searchCarpentras(first);
	const axe = await new AxeBuilder({ page: first }).analyze();
	expect(axe.violations.map((v) => v.id)).toEqual([]);
	let card = await claireCard(first);
	await expect(card.getByTestId('offers')).toContainText('Demain');
	await first.locator('label[for=consultation-teleconsultation]').click();
	await expect(first.getByLabel('Téléconsultation')).toBeChecked();
	card = await claireCard(first);
	const slot = card.getByRole('button', { name: /Adresser un patient : 10:00/ });
	await expect(slot).toContainText('C T');
	await first.screenshot({ path: 'test-results/regulation-1366.png', fullPage: true });

	// The second regulator, in another browser, has the same slot open when the first confirms.
	const manager = await (await browser.newContext()).newPage();
	await signInWithPassword(manager, ...DEMO_PASSWORDS.accountManager);
	const second = await secondRegulator(browser, manager);
	await searchCarpentras(second);
	await (await claireCard(second)).getByRole('button', { name: /Adresser un patient : 10:00/ }).click();

	await slot.click();
	const dialog = first.getByRole('dialog', { name: 'Adresser un patient' });
	await dialog.getByLabel('Type de consultation').selectOption({ label: 'Téléconsultation' });
	await dialog.getByLabel('Référence du patient').fill('Dossier 4217');
	await dialog.getByRole('button', { name: 'Confirmer l’orientation' }).click();
	await expect(first.getByRole('status').filter({ hasText: 'Patient adressé à Dr Claire Aubert' })).toBeVisible();
	await expect((await claireCard(first)).getByRole('button', { name: /Adresser un patient : 10:00/ })).toHaveCount(0);

	await second.getByRole('dialog', { name: 'Adresser un patient' }).getByRole('button', { name: 'Confirmer l’orientation' }).click();
	await expect(second.getByRole('alert')).toContainText('Ce créneau vient d’être pris : choisissez-en un autre.');
	await expect((await claireCard(second)).getByRole('button', { name: /Adresser un patient : 10:00/ })).toHaveCount(0);

	// The doctor sees the patient and confirms.
	const doctor = await (await browser.newContext()).newPage();
	await signInWithPsc(doctor, DEMO_DOCTOR);
	const panel = doctor.getByTestId('orientations');
	const item = panel.getByTestId('orientation').filter({ hasText: 'réf. Dossier 4217' });
	await expect(item).toContainText('En attente');
	await expect(item).toContainText('Téléconsultation');
	await item.getByRole('button', { name: /^Confirmer/ }).click();
	await expect(item).toContainText('Confirmé');
	// Offline, after the consultation: « Honoré » waits on the device, then goes with the sync.
	await goOffline(doctor.context());
	await item.getByRole('button', { name: /^Honoré/ }).click();
	await expect(item).toContainText('Honoré');
	await expect(item).toContainText('en attente d’envoi');
	await goOnline(doctor.context());
	await expect(item).not.toContainText('en attente d’envoi', { timeout: 20_000 });
	const seen = await (await page.request.get(`/api/practitioners/${CLAIRE}/orientations`)).json();
	expect(seen.orientations.find((o: { patientReference: string }) => o.patientReference === 'Dossier 4217')).toMatchObject({ status: 'honoured' });
	for (const p of [first, second, doctor, manager]) await p.context().close();
});

test('only regulators search and orient: others get the reason from the API', async ({ page }) => {
	await signInWithPassword(page, ...DEMO_PASSWORDS.cptsComtat);
	const refused = await page.request.get('/api/regulation/search?inseeCode=84031');
	expect(refused.status()).toBe(403);
	expect((await refused.json()).detail).toContain('réservées aux régulateurs');
	const orient = await page.request.post('/api/orientations', { data: { practitionerId: CLAIRE, kind: 'surnumeraire', date: addDays(todayIn('Europe/Paris'), 1), time: '10:00' } });
	expect(orient.status()).toBe(403);
});

test('on a tablet and on a phone, the search and its cards fit the screen', async ({ browser }) => {
	for (const [width, height] of [[768, 1024], [360, 740]] as const) {
		const page = await (await browser.newContext({ viewport: { width, height } })).newPage();
		await signInWithPassword(page, ...REGULATOR);
		await page.goto('/regulation');
		// The commune's suggestions are plain buttons a screen reader reaches (no button inside an option).
		await page.getByLabel('Localisation').fill('Carpen');
		await expect(page.getByRole('button', { name: 'Carpentras (84200)' })).toBeVisible();
		expect(await violations(page)).toEqual([]);
		await searchCarpentras(page);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
		await page.screenshot({ path: `test-results/regulation-${width}.png`, fullPage: true });
		if (width < 768) {
			// Phone numbers, summaries and filters are 44-px targets; the small radios are drawn whole.
			expect(await smallTargets(page)).toEqual([]);
			const radios = page.locator('.fr-radio-group--sm input[type=radio] + label');
			expect(await radios.count()).toBeGreaterThan(0);
			for (const x of await radios.evaluateAll((labels) => labels.map((l) => getComputedStyle(l).backgroundPositionX))) expect(x).toMatch(/^0px(, 0px)?$/);
			// « Adresser hors créneaux » proposes the next quarter hour.
			const before = nextQuarterHour(Date.now(), 'Europe/Paris');
			await page.getByRole('button', { name: /^Adresser hors créneaux/ }).first().click();
			const dialog = page.getByRole('dialog', { name: 'Adresser un patient hors créneaux' });
			const after = nextQuarterHour(Date.now(), 'Europe/Paris');
			expect([before.time, after.time]).toContain(await dialog.getByLabel(/^Heure/).inputValue());
			expect([before.date, after.date]).toContain(await dialog.getByLabel('Date').inputValue());
			await dialog.getByRole('button', { name: 'Annuler' }).click();
		}
		await page.context().close();
	}
});
