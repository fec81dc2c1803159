import AxeBuilder from '@axe-core/playwright';
import { DEMO_PASSWORDS, demoId, expect, signInWithPassword, signInWithPsc, test } from './fixtures';

const GIRAUD = { id: demoId('doctor:Élodie Giraud'), name: 'Dr Élodie Giraud' };
const PELLEGRIN = 'Dr Vincent Pellegrin';

test.afterEach(async ({ request }) => {
	await request.post('/simulateur-editeur/doctolib/reglages', { data: { failure: 'aucune', latencyMs: 0 } });
});

test('a coordinator sees an interfaced member’s editor slots, and « Logiciel injoignable » when the editor stops answering', async ({ page, request }) => {
	await page.setViewportSize({ width: 1366, height: 900 });
	await signInWithPassword(page, ...DEMO_PASSWORDS.cptsComtat);
	await page.goto('/structures');
	const row = page.getByTestId('member-row').filter({ hasText: GIRAUD.name });
	await expect(row.getByTestId('member-editor')).toHaveText(/^(Aucun|\d+) créneaux? dans les 48 h via son logiciel$/);
	const counted = (await row.getByTestId('member-editor').innerText()).split(' ')[0]!;

	await row.getByRole('link', { name: /Voir détail/ }).click();
	const panel = page.getByTestId('editor-slots');
	await expect(panel.getByRole('heading', { name: 'Créneaux publiés par son logiciel' })).toBeVisible();
	await expect(panel).toContainText('Doctolib · lecture seule');
	await expect(panel.getByTestId('editor-slots-read')).toHaveText(/^Lus à \d\d:\d\d$/);
	// The same slots as the list counted, day by day (or the empty message).
	if (counted === 'Aucun') await expect(panel.getByTestId('editor-slots-empty')).toBeVisible();
	else await expect(panel.locator('li')).toHaveCount(Number(counted));
	const axe = await new AxeBuilder({ page }).analyze();
	expect(axe.violations.map((v) => v.id)).toEqual([]);
	await page.screenshot({ path: 'test-results/editor-slots-1366.png', fullPage: true });

	// The editor goes down: the page says since when.
	await request.post('/simulateur-editeur/doctolib/reglages', { data: { failure: 'erreur' } });
	await page.reload();
	await expect(page.getByTestId('editor-slots')).toContainText(/Logiciel injoignable depuis \d\d:\d\d/);
	await page.goto('/structures');
	await expect(page.getByTestId('member-row').filter({ hasText: GIRAUD.name }).getByTestId('member-editor')).toHaveText(/^Logiciel injoignable depuis \d\d:\d\d$/);
});

test('a member who refuses editor slots (seed 004) shows none, in the list or on the detail page; other managers may not ask', async ({ page }) => {
	await signInWithPassword(page, 'cpts.azur@agenda-sas.test', 'demo-cpts-azur-06');
	const refusing = await page.request.get(`/api/practitioners/${demoId('doctor:Vincent Pellegrin')}/editor-slots`);
	expect(await refusing.json()).toEqual({ interfaced: false, editorSlots: null });
	const interfaced = await page.request.get(`/api/practitioners/${demoId('doctor:Antoine Maurel')}/editor-slots`);
	expect(await interfaced.json()).toMatchObject({ interfaced: true, editorSlots: { editor: 'MAIIA', state: 'ok' } });
	await page.goto('/structures');
	await expect(page.getByTestId('member-row').filter({ hasText: 'Dr Antoine Maurel' }).getByTestId('member-editor')).toContainText('via son logiciel');
	await expect(page.getByTestId('member-row').filter({ hasText: PELLEGRIN }).getByTestId('member-editor')).toHaveCount(0);
	await page.goto(`/praticiens/${demoId('doctor:Vincent Pellegrin')}`);
	await expect(page.getByRole('heading', { level: 1, name: PELLEGRIN })).toBeVisible();
	await expect(page.getByTestId('editor-slots')).toHaveCount(0);
	// Not their member: refused by the server.
	const foreign = await page.request.get(`/api/practitioners/${GIRAUD.id}/editor-slots`);
	expect(foreign.status()).toBe(403);
});

test('the doctor sees what her software publishes on her own agenda page, in place of the manual agenda’s preview', async ({ page, browser }) => {
	await signInWithPassword(page, ...DEMO_PASSWORDS.cptsComtat);
	const members = await (await page.request.get(`/api/structures/${demoId('structure:cpts-comtat')}/members`)).json();
	const rpps = members.find((m: { id: string }) => m.id === GIRAUD.id).rpps;
	const doctor = await (await browser.newContext()).newPage();
	await signInWithPsc(doctor, { rpps, lastName: 'Giraud', firstName: 'Élodie' });
	const panel = doctor.getByTestId('editor-slots');
	await expect(panel.getByRole('heading', { name: 'Créneaux publiés par votre logiciel' })).toBeVisible();
	await expect(panel).toContainText('ces créneaux se modifient dans le logiciel de prise de rendez-vous');
	await expect(doctor.getByTestId('regulation-preview')).toHaveCount(0);
	await doctor.context().close();
});

test('on a 360-pixel phone, the detail page with editor slots fits the screen', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	await signInWithPassword(page, ...DEMO_PASSWORDS.cptsComtat);
	await page.goto(`/praticiens/${GIRAUD.id}`);
	await expect(page.getByTestId('editor-slots')).toBeVisible();
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width).toBeLessThanOrEqual(360);
	await page.screenshot({ path: 'test-results/editor-slots-360.png', fullPage: true });
});

test('/fhir answers without a certificate in the demo only, and its CapabilityStatement says what it does', async ({ request }) => {
	const metadata = await request.get('/fhir/metadata');
	expect(metadata.status()).toBe(200);
	expect(metadata.headers()['content-type']).toMatch(/^application\/fhir\+json/);
	expect(await metadata.json()).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
	const search = await request.get('/fhir/Slot?start=ge2026-12-01T00:00:00&start=le2026-12-03T23:59:59&schedule.actor:Practitioner.identifier=810000000017&status=free');
	expect(await search.json()).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
});

test('an account manager sees where a new regulator account stands with the booking software', async ({ page }) => {
	await signInWithPassword(page, ...DEMO_PASSWORDS.accountManager);
	const email = `regulateur.${Date.now()}@sas.test`;
	const created = await page.request.post('/api/accounts', { data: { role: 'regulator', email, firstName: 'Inès', lastName: 'Roux', territory: '84', structureIds: [] } });
	expect(created.status()).toBe(201);
	await expect
		.poll(async () => {
			await page.goto('/comptes');
			return page.getByRole('row').filter({ hasText: email }).getByTestId('regulator-editors').innerText();
		}, { timeout: 20_000 })
		.toMatch(/^Logiciels de rendez-vous : envoyé à \d+ éditeurs$/);
});
