import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { addDays } from '../../src/lib/domain/civil';
import { todayIn } from '../../src/lib/domain/time';
import { pdfText } from '../support/pdf-text';
import { DEMO_DOCTOR, DEMO_PASSWORDS, demoId, expect, signInWithPassword, signInWithPsc, test, violations } from './fixtures';

const CLAIRE = demoId('doctor:Claire Aubert');
const REGULATOR = ['regulation.vaucluse@agenda-sas.test', 'demo-regulation-84'] as const;

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
	const [download] = await Promise.all([page.waitForEvent('download'), click()]);
	return { name: download.suggestedFilename(), bytes: await readFile((await download.path())!) };
}

/** Hours of the weeks in a table, as shown: « Semaine 48 (du …) » → « 4 h 30 ». */
async function shownWeeks(page: Page, testId: string): Promise<[string, string][]> {
	return page.getByTestId(testId).locator('tbody tr').evaluateAll((rows) => rows.map((r) => [r.querySelector('th')!.textContent!.trim(), r.querySelector('td')!.textContent!.trim()] as [string, string]));
}

test('the doctor downloads her weeks (CSV) and a quarter’s proof (PDF), which anyone checks without an account at /verification/{code}', async ({ page, browser }) => {
	await signInWithPsc(page, DEMO_DOCTOR);
	await page.getByRole('link', { name: 'Mes heures SAS' }).first().click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mes heures SAS' })).toBeVisible();
	// The weeks the server closed when it started (a few seconds after it, in the background).
	await expect(async () => {
		await page.reload();
		await expect(page.getByTestId('weekly-records').locator('tbody tr').first()).toBeVisible({ timeout: 2_000 });
	}).toPass({ timeout: 30_000 });
	await expect(page.getByTestId('current-week')).toContainText('en cours');
	const weeks = await shownWeeks(page, 'weekly-records');
	expect(weeks.length).toBeGreaterThanOrEqual(2);
	expect(await violations(page)).toEqual([]);

	const csv = await downloaded(page, () => page.getByRole('link', { name: 'Toutes les semaines (CSV pour Excel)' }).click());
	const text = csv.bytes.toString('utf8');
	expect(text.charCodeAt(0)).toBe(0xfeff);
	const lines = text.slice(1).trimEnd().split('\r\n').map((l) => l.split(';'));
	expect(lines[0]!.slice(0, 4)).toEqual(['RPPS', 'Effecteur', 'Structure', 'Semaine']);
	expect(lines).toHaveLength(1 + weeks.length + 1);
	expect(lines.at(-1)!.at(-1)).toBe('en cours');
	// The most recent recorded week: same hours in the file as on the screen.
	expect(lines.at(-2)!.slice(0, 3)).toEqual([DEMO_DOCTOR.rpps, 'Dr Claire Aubert', 'CPTS du Comtat Venaissin']);
	expect(lines.at(-2)![6]).toBe(weeks[0]![1].replace(/ \(changement d’heure\)$/, ''));

	const quarter = page.getByLabel(/Attestation du trimestre/);
	const chosen = await quarter.locator('option').first().textContent();
	const pdf = await downloaded(page, () => page.getByRole('link', { name: 'Télécharger l’attestation (PDF)' }).click());
	expect(pdf.name).toMatch(/^attestation-sas-\d{11}-\d{4}-T[1-4]\.pdf$/);
	const { pages, content } = await pdfText(new Uint8Array(pdf.bytes));
	expect(pages).toBe(1);
	expect(content).toContain('Dr Claire Aubert');
	expect(content).toContain(`RPPS : ${DEMO_DOCTOR.rpps}`);
	expect(content).toContain('Structure : CPTS du Comtat Venaissin');
	expect(content).toContain(chosen!.trim());
	const code = /Code de vérification : ([A-Z2-9]{4}(?:-[A-Z2-9]{4}){3})/.exec(content)![1]!;

	// Someone without an account checks it: the same weeks, the same hours, nothing else.
	const checker = await (await browser.newContext()).newPage();
	await checker.goto('/verification');
	await checker.getByLabel('Code de vérification').fill(code.toLowerCase().replace(/-/g, ' '));
	await checker.getByRole('button', { name: 'Vérifier' }).click();
	await expect(checker.getByTestId('verified-name')).toHaveText('Dr Claire Aubert');
	const verified = await shownWeeks(checker, 'verified-weeks');
	expect(verified.length).toBeGreaterThan(0);
	for (const [week, hours] of verified) {
		expect(content).toContain(week);
		expect(weeks).toContainEqual([week, expect.stringContaining(hours)]);
	}
	await expect(checker.locator('main')).not.toContainText('avenue Jean Jaurès');
	expect(await violations(checker)).toEqual([]);
	await checker.goto('/verification/AAAA-BBBB-CCCC-DDDD');
	await expect(checker.getByRole('alert')).toContainText('Aucune attestation ne porte ce code');
});

test('the account manager’s dashboard shows an orientation made during the test, « En attente » then « Annulé », and exports each table', async ({ page, browser }) => {
	await signInWithPassword(page, ...DEMO_PASSWORDS.accountManager);
	await page.getByRole('link', { name: 'Tableau de bord' }).first().click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Tableau de bord — Territoire 84');
	const pending = page.getByTestId('orientations-status-total-pending');
	const cancelled = page.getByTestId('orientations-status-total-cancelled');
	// The demo's ten weeks of regulation.
	await expect(page.getByTestId('orientations-status').locator('tfoot')).not.toContainText(/Total\s+0\s+0\s+0\s+0\s+0/);
	const [pendingBefore, cancelledBefore] = [Number(await pending.textContent()), Number(await cancelled.textContent())];

	const regulator = await (await browser.newContext()).newPage();
	await signInWithPassword(regulator, ...REGULATOR);
	const made = await regulator.request.post('/api/orientations', {
		data: { practitionerId: CLAIRE, kind: 'surnumeraire', date: addDays(todayIn('Europe/Paris'), 2), time: '10:15', patientReference: 'tableau de bord' }
	});
	expect(made.status()).toBe(201);
	const { id } = await made.json();

	await page.getByRole('button', { name: 'Afficher' }).click();
	await expect(pending).toHaveText(String(pendingBefore + 1));
	expect((await regulator.request.patch(`/api/orientations/${id}`, { data: { status: 'cancelled' } })).ok()).toBe(true);
	await page.getByRole('button', { name: 'Afficher' }).click();
	await expect(cancelled).toHaveText(String(cancelledBefore + 1));
	await expect(pending).toHaveText(String(pendingBefore));

	// The same structure filter narrows it to the CPTS; a period longer than 53 weeks is refused on the field.
	await page.getByLabel('Structure').selectOption({ label: 'CPTS du Comtat Venaissin' });
	await page.getByRole('button', { name: 'Afficher' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('CPTS du Comtat Venaissin');
	await expect(page.getByRole('link', { name: 'Synthèse (PDF)' })).toBeVisible();
	const csv = await downloaded(page, () => page.locator('section', { has: page.getByTestId('orientations-status') }).getByRole('link', { name: 'Exporter ce tableau (CSV)' }).click());
	expect(csv.bytes.toString('utf8').slice(1).split('\r\n')[0]).toBe('Semaine du;En attente;Confirmé;Honoré;Non honoré;Annulé;Total');
	expect(await violations(page)).toEqual([]);

	await page.getByLabel('Du', { exact: true }).fill('2024-01-01');
	await page.getByRole('button', { name: 'Afficher' }).click();
	await expect(page.locator('#to-error')).toHaveText('53 semaines au plus');
});

test('the dashboard and « Mes heures SAS » fit a 360-pixel phone', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
	const page = await context.newPage();
	await signInWithPassword(page, ...DEMO_PASSWORDS.cptsComtat);
	await page.goto('/tableau-de-bord');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('CPTS du Comtat Venaissin');
	await expect(page.getByTestId('orientations-status')).toBeVisible();
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	expect(await violations(page)).toEqual([]);

	const doctor = await (await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })).newPage();
	await signInWithPsc(doctor, DEMO_DOCTOR);
	await doctor.goto('/mes-heures');
	await expect(doctor.getByTestId('current-week')).toBeVisible();
	expect(await doctor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});

test('the CPTS coordinator downloads a member’s attestation from « Voir détail »; another CPTS cannot', async ({ page }) => {
	await signInWithPassword(page, ...DEMO_PASSWORDS.cptsComtat);
	await page.goto(`/praticiens/${CLAIRE}`);
	await page.getByRole('link', { name: 'Heures SAS enregistrées et attestations' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Heures SAS enregistrées' })).toBeVisible();
	await expect(page.getByTestId('weekly-records').locator('tbody tr').first()).toBeVisible();
	const pdf = await downloaded(page, () => page.getByRole('link', { name: 'Télécharger l’attestation (PDF)' }).click());
	expect((await pdfText(new Uint8Array(pdf.bytes))).content).toContain('Dr Claire Aubert');

	const other = await page.context().browser()!.newContext();
	const azur = await other.newPage();
	await signInWithPassword(azur, 'cpts.azur@agenda-sas.test', 'demo-cpts-azur-06');
	const refused = await azur.request.get(`/api/practitioners/${CLAIRE}/proof.pdf?quarter=2026-T4`);
	expect(refused.status()).toBe(403);
	expect(refused.headers()['content-type']).toBe('application/problem+json');
	await other.close();
});
