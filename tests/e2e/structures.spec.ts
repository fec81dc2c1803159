import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { addDays } from '../../src/lib/domain/civil';
import { newId } from '../../src/lib/domain/ids';
import { todayIn } from '../../src/lib/domain/time';
import type { Availability } from '../../src/lib/domain/schemas';
import { availability } from '../factories';
import {
	DEMO_DOCTOR,
	addAddress,
	createAvailability,
	DEMO_PASSWORDS,
	demoId,
	expect,
	goOffline,
	goOnline,
	gotoDate,
	newRpps,
	occurrence,
	signInWithPassword,
	signInWithPsc,
	SYNCED,
	syncStatus,
	test,
	thisWeek,
	tick
} from './fixtures';

const COMTAT_ID = demoId('structure:cpts-comtat');
const CHARTREUX_ID = demoId('structure:cds-chartreux');
const INTERFACED = { id: demoId('doctor:Élodie Giraud'), name: 'Dr Élodie Giraud' };
const OTHER_CPTS_MEMBER = demoId('doctor:Aurélie Imbert');

function members(page: Page) {
	return page.getByTestId('member-row');
}

async function axe(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** An availability as the API takes it (the path names the practitioner and the row). */
function availabilityBody(overrides: Partial<Availability> = {}) {
	const { id: _id, practitionerId: _practitioner, ...body } = availability({ addressId: demoId('address:Élodie Giraud'), date: addDays(thisWeek(1), 8), start: '18:00', end: '20:00', ...overrides });
	return body;
}

test('a CPTS manager keeps a member’s manual agenda; the doctor sees « modifié par »; an interfaced member stays read-only, the API answers 403', async ({ page, browser }) => {
	// A doctor joins the SAS « via ma CPTS », the CPTS du Comtat Venaissin, with the manual agenda.
	const doctor = { rpps: newRpps(), lastName: 'Roubaud', firstName: 'Margaux' };
	await signInWithPsc(page, doctor);
	await addAddress(page, { street: '7 place du Marché', postalCode: '84200', city: 'Carpentras', phone: '04 90 63 00 00' });
	await tick(page, 'J’accepte d’être directement contacté par la régulation');
	await page.getByLabel('Mode de participation').selectOption({ label: 'via ma CPTS' });
	await tick(page, 'CPTS du Comtat Venaissin');
	await tick(page, '7 place du Marché');
	await tick(page, /^Non$/);
	await tick(page, 'Je déclare sur l’honneur mettre en visibilité à minima 2 heures');
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Vos paramètres sont enregistrés.')).toBeVisible();
	await expect(syncStatus(page)).toHaveText(SYNCED);

	// The coordinator, at her desk.
	const desk = await browser.newContext();
	const manager = await desk.newPage();
	await signInWithPassword(manager, ...DEMO_PASSWORDS.cptsComtat);
	await expect(manager.getByRole('heading', { name: 'Vos structures liées' })).toBeVisible();
	await expect(manager.getByRole('heading', { name: 'CPTS du Comtat Venaissin' })).toBeVisible();
	await expect(members(manager).first()).toBeVisible();
	// On a desk screen the whole list, « Voir détail » included, shows without scrolling sideways.
	await manager.setViewportSize({ width: 1024, height: 768 });
	const list = manager.getByRole('region', { name: 'Professionnels inscrits via CPTS du Comtat Venaissin' });
	expect(await list.evaluate((box) => box.scrollWidth - box.clientWidth)).toBeLessThanOrEqual(0);

	// Exactly the members who chose « via ma CPTS » with this CPTS: what the platform says, no one else.
	const listed = (await members(manager).locator('th').allInnerTexts()).map((t) => t.split('\n')[0]!.trim()).sort();
	const platform = (await (await manager.request.get(`/api/structures/${COMTAT_ID}/members`)).json()) as { name: string }[];
	expect(listed).toEqual(platform.map((m) => m.name).sort());
	expect(listed).toEqual(expect.arrayContaining(['Dr Margaux Roubaud', 'Dr Claire Aubert', INTERFACED.name]));
	for (const outsider of ['Dr Manon Castel', 'Dr Pauline Jaubert', 'Dr Aurélie Imbert', 'Dr Hugo Rostagni']) expect(listed).not.toContain(outsider);
	// A member whose software shows her slots is not held to the manual agenda's 2 hours, and comes
	// last among those to call.
	const interfacedRow = members(manager).filter({ hasText: INTERFACED.name });
	await expect(interfacedRow.getByTestId('via-software')).toHaveCount(2);
	await expect(interfacedRow).not.toContainText('Moins de 2 h');
	await manager.getByLabel('Trier par').selectOption({ label: 'À appeler d’abord (moins de 2 h cette semaine)' });
	const ordered = (await members(manager).locator('th').allInnerTexts()).map((t) => t.split('\n')[0]!.trim());
	expect(ordered.indexOf(INTERFACED.name)).toBeGreaterThan(ordered.indexOf('Dr Claire Aubert'));
	await manager.getByLabel('Trier par').selectOption({ label: 'Nom' });
	// « Inscrit le »: the day she declared her participation.
	await expect(members(manager).filter({ hasText: 'Dr Margaux Roubaud' })).toContainText(`Inscrit le ${todayIn('Europe/Paris').split('-').reverse().join('/')}`);

	// Each member's RPPS under the name: two doctors may share one.
	await expect(members(manager).filter({ hasText: 'Dr Margaux Roubaud' }).getByTestId('member-rpps')).toHaveText(`RPPS ${doctor.rpps}`);

	// The week overview counts the members this page counts, and keeps the names in view on a phone.
	const [manual, interfaced] = await manager.getByTestId('structure-counts').locator('li').nth(1).locator('strong').allInnerTexts();
	await manager.setViewportSize({ width: 360, height: 740 });
	await manager.goto(`/structures/${COMTAT_ID}/semaine`);
	await expect(manager.getByTestId('week-summary')).toContainText(new RegExp(`^\\d+ sur ${manual} atteignent les 2 h \\(${interfaced} avec un logiciel interfacé, à part\\)`));
	const weekTable = manager.getByRole('region', { name: 'Disponibilités de chaque médecin' });
	await expect(manager.getByTestId('week-row').first().locator('td').first()).toContainText(/Objectif atteint|Moins de 2 h|Aucune disponibilité|logiciel/);
	const nameCell = manager.getByTestId('week-row').first().locator('th');
	const before = (await nameCell.boundingBox())!;
	await weekTable.evaluate((box) => box.scrollTo({ left: box.scrollWidth }));
	await expect.poll(() => weekTable.evaluate((box) => box.scrollLeft)).toBeGreaterThan(100);
	const after = (await nameCell.boundingBox())!;
	expect(Math.abs(after.x - before.x)).toBeLessThanOrEqual(1);
	expect(after.width).toBeLessThanOrEqual(360 * 0.4);
	await manager.setViewportSize({ width: 1024, height: 768 });
	await manager.goto('/structures');

	// Search, then « Voir détail ».
	await manager.getByLabel('Rechercher').fill('margaux');
	await expect(members(manager)).toHaveCount(1);
	await members(manager).getByRole('link', { name: /Voir détail/ }).click();
	await expect(manager.getByRole('heading', { level: 1, name: 'Dr Margaux Roubaud' })).toBeVisible();
	// The page is named after the doctor (tabs, history, screen readers), not « Voir détail ».
	await expect(manager).toHaveTitle('Dr Margaux Roubaud — Agenda SAS');
	await expect(manager.getByText('Adresse 1 : 7 place du Marché, 84200 Carpentras')).toBeVisible();
	await expect(manager.getByText(/Dernière mise à jour le \d\d\/\d\d\/\d{4} à \d\d:\d\d/)).toBeVisible();

	// A weekly availability through the same dialog as the doctor's.
	await manager.getByRole('link', { name: /^Éditer/ }).click();
	const monday = addDays(thisWeek(1), 7);
	await gotoDate(manager, monday);
	await createAvailability(manager, { date: monday, start: '18:00', end: '20:00', weekdays: [] });
	await manager.getByRole('link', { name: /Retour à la fiche/ }).click();

	// A scheduled unavailability, three weeks on.
	await manager.getByRole('button', { name: 'Programmer une indisponibilité' }).click();
	const dialog = manager.getByRole('dialog', { name: 'Programmer une indisponibilité' });
	// None yet: « Ajouter une période », not « une autre ».
	await dialog.getByRole('button', { name: 'Ajouter une période d’indisponibilité' }).click();
	await dialog.getByLabel('Du', { exact: true }).fill(addDays(monday, 14));
	await dialog.getByLabel('Au (inclus, facultatif)').fill(addDays(monday, 20));
	await dialog.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(dialog).toBeHidden();
	await expect(manager.getByTestId('unavailability-period')).toHaveCount(1);
	await expect(syncStatus(manager)).toHaveText(SYNCED);

	// The doctor's phone: both marked as made by the CPTS (« créée », not « modifiée »: nobody changed them since).
	await page.goto('/agenda');
	await expect(syncStatus(page)).toHaveText(SYNCED);
	await gotoDate(page, monday);
	await expect(occurrence(page, '18:00 – 20:00').first()).toContainText('créée par CPTS du Comtat Venaissin');
	await expect(page.getByTestId('unavailability-period')).toContainText(/créée par CPTS du Comtat Venaissin le \d\d\/\d\d à/);
	await page.getByRole('link', { name: 'Historique' }).click();
	await expect(page.getByTestId('history')).toContainText('Disponibilité créée par CPTS du Comtat Venaissin');
	await expect(page.getByTestId('history')).toContainText('Indisponibilité créée par CPTS du Comtat Venaissin');

	// An interfaced member: no edit control, and a sentence saying why.
	await manager.goto(`/praticiens/${INTERFACED.id}`);
	await expect(manager.getByRole('heading', { level: 1, name: INTERFACED.name })).toBeVisible();
	await expect(manager.getByTestId('read-only-reason')).toContainText('À noter');
	await expect(manager.getByRole('link', { name: /^Éditer/ })).toHaveCount(0);
	await expect(manager.getByRole('button', { name: 'Programmer une indisponibilité' })).toHaveCount(0);
	await expect(manager.getByRole('heading', { name: 'Copier une semaine' })).toHaveCount(0);

	// … and the API refuses the edit: 403 with the reason, as for a doctor of another CPTS.
	const refused = await manager.request.put(`/api/practitioners/${INTERFACED.id}/availabilities/${newId()}`, { data: availabilityBody() });
	expect(refused.status()).toBe(403);
	expect(refused.headers()['content-type']).toContain('application/problem+json');
	expect((await refused.json()).detail).toContain('logiciel de prise de rendez-vous interfacé');
	const elsewhere = await manager.request.put(`/api/practitioners/${OTHER_CPTS_MEMBER}/availabilities/${newId()}`, {
		data: availabilityBody({ addressId: demoId('address:Aurélie Imbert') })
	});
	expect(elsewhere.status()).toBe(403);
	// The manual member: the same API writes, and bad input gets its field message.
	const margaux = (await (await manager.request.get(`/api/structures/${COMTAT_ID}/members`)).json()).find((m: { name: string }) => m.name === 'Dr Margaux Roubaud');
	const agenda = await (await manager.request.get(`/api/practitioners/${margaux.id}/agenda`)).json();
	const body = availabilityBody({ addressId: agenda.addresses[0].id, date: addDays(monday, 2) });
	const invalid = await manager.request.put(`/api/practitioners/${margaux.id}/availabilities/${newId()}`, { data: { ...body, end: '17:00' } });
	expect(invalid.status()).toBe(422);
	expect((await invalid.json()).errors.end).toEqual(['L’heure de fin doit être après l’heure de début']);
	const id = newId();
	const created = await manager.request.put(`/api/practitioners/${margaux.id}/availabilities/${id}`, { data: body });
	expect(created.status()).toBe(200);
	expect((await created.json()).updatedBy).toBe('CPTS du Comtat Venaissin');
	expect((await manager.request.put(`/api/practitioners/${margaux.id}/availabilities/${id}`, { data: body })).status()).toBe(409);
	expect((await manager.request.delete(`/api/practitioners/${margaux.id}/availabilities/${id}`, { headers: { 'if-match': '"1"' } })).status()).toBe(204);

	// One pattern for several members: the interfaced one is refused, with the reason.
	await manager.goto(`/structures/${COMTAT_ID}/modele`);
	await manager.getByLabel('Date', { exact: true }).fill(addDays(monday, 1));
	for (const day of ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche']) {
		if ((await manager.getByLabel(`Chaque ${day.toLowerCase()}`).isChecked()) !== (day === 'Mardi')) await tick(manager, `Chaque ${day.toLowerCase()}`);
	}
	await tick(manager, 'Dr Margaux Roubaud');
	await tick(manager, INTERFACED.name);
	await manager.getByRole('button', { name: 'Prévisualiser' }).click();
	await expect(manager.getByTestId('bulk-created')).toHaveText('1 disponibilité à créer');
	await expect(manager.getByTestId('bulk-refusals')).toContainText(`${INTERFACED.name} · `);
	await expect(manager.getByTestId('bulk-refusals')).toContainText('logiciel de prise de rendez-vous interfacé');
	await manager.getByRole('button', { name: 'Enregistrer 1 disponibilité' }).click();
	await expect(manager.getByTestId('bulk-created')).toHaveText('1 disponibilité créée');
	await expect(syncStatus(manager)).toHaveText(SYNCED);
	await desk.close();
});

test('a health-centre secretary adds a doctor, keeps his week, sees the centre’s week side by side and copies a week', async ({ page, context }) => {
	await signInWithPassword(page, ...DEMO_PASSWORDS.cdsChartreux);
	await expect(page.getByRole('heading', { name: 'Centre de santé des Chartreux' })).toBeVisible();

	// The centre's honour declaration: required to take part.
	await expect(page.getByLabel(/J’accepte d’être directement contacté/)).toBeChecked();
	await tick(page, 'Je déclare sur l’honneur mettre en visibilité à minima 2 heures');
	await expect(page.getByLabel(/Je déclare sur l’honneur mettre en visibilité à minima 2 heures/)).not.toBeChecked();
	await page.getByRole('button', { name: 'Enregistrer la participation' }).click();
	await expect(page.getByText('Cochez la déclaration sur l’honneur pour que le centre participe au SAS')).toBeVisible();
	await tick(page, 'Je déclare sur l’honneur mettre en visibilité à minima 2 heures');
	await page.getByRole('button', { name: 'Enregistrer la participation' }).click();
	await expect(page.getByText('Enregistré', { exact: true })).toBeVisible();

	// A new doctor of the centre: no login, the centre's premises proposed — with the network down.
	await expect(syncStatus(page)).toHaveText(SYNCED);
	await goOffline(context);
	await page.getByRole('button', { name: 'Ajouter un médecin' }).click();
	await axe(page);
	await page.getByLabel('Identifiant RPPS').fill('12345678901');
	await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page.getByText('Cet identifiant RPPS n’est pas valide : vérifiez le dernier chiffre (clé de contrôle)')).toBeVisible();
	await expect(page.getByText('Champ obligatoire').first()).toBeVisible();
	await page.getByLabel('Nom', { exact: true }).fill('Ferrero');
	await page.getByLabel('Prénom').fill('Baptiste');
	await page.getByLabel('Identifiant RPPS').fill(newRpps());
	await expect(page.getByLabel('Adresse du lieu d’exercice')).toHaveValue('12 boulevard Françoise Duparc');
	await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page.getByText('La fiche de Dr Baptiste Ferrero a été ajoutée au centre')).toBeVisible();
	await expect(page.getByText('Hors ligne : l’identifiant RPPS sera vérifié par la plateforme à la synchronisation.')).toBeVisible();
	await expect(members(page).filter({ hasText: 'Dr Baptiste Ferrero' })).toContainText('Moins de 2 h');
	await expect(syncStatus(page)).toHaveText('Hors ligne · 2 modifications en attente');
	await goOnline(context);
	await expect(syncStatus(page)).toHaveText(SYNCED);
	await axe(page);

	// Online, an RPPS the platform already knows (a doctor of a CPTS) is refused on its field at once.
	await page.getByRole('button', { name: 'Ajouter un médecin' }).click();
	await page.getByLabel('Nom', { exact: true }).fill('Aubert');
	await page.getByLabel('Prénom').fill('Claire');
	await page.getByLabel('Identifiant RPPS').fill(DEMO_DOCTOR.rpps);
	await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page.getByText('Un médecin porte déjà cet identifiant RPPS sur la plateforme')).toBeVisible();
	await expect(page.getByLabel('Identifiant RPPS')).toHaveValue(DEMO_DOCTOR.rpps);
	// The same name as a doctor of the centre: told, with his RPPS, before a second record is made.
	await page.getByLabel('Nom', { exact: true }).fill('FERRERO');
	await page.getByLabel('Prénom').fill('Baptiste');
	await page.getByLabel('Identifiant RPPS').fill(newRpps());
	await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page.getByTestId('namesake')).toContainText(/Dr Baptiste Ferrero \(RPPS \d{11}\) est déjà un médecin du centre/);
	await expect(members(page).filter({ hasText: 'Dr Baptiste Ferrero' })).toHaveCount(1);
	await page.getByRole('button', { name: 'Annuler' }).click();

	// His weekly slots, from next week: every Tuesday 18:00–20:00, and one Thursday morning.
	const monday = addDays(thisWeek(1), 7);
	await members(page).filter({ hasText: 'Dr Baptiste Ferrero' }).getByRole('link', { name: /Voir détail/ }).click();
	await page.getByRole('link', { name: /^Éditer/ }).click();
	await gotoDate(page, monday);
	await createAvailability(page, { date: addDays(monday, 1), start: '18:00', end: '20:00', weekdays: [] });
	await createAvailability(page, { date: addDays(monday, 3), start: '09:00', end: '10:00' });
	await page.getByRole('link', { name: /Retour à la fiche/ }).click();

	// Copy next week onto the two weeks after: the Thursday is copied, the Tuesdays are already there.
	await page.getByLabel('Semaine à copier').fill(monday);
	await page.getByLabel('Sur les semaines suivantes').fill('2');
	await page.getByRole('button', { name: 'Prévisualiser' }).click();
	await expect(page.getByTestId('bulk-report')).toContainText('2 disponibilités à créer, 2 déjà présentes, 0 refusée');
	await page.getByRole('button', { name: 'Enregistrer 2 disponibilités' }).click();
	await expect(page.getByTestId('bulk-created')).toHaveText('2 disponibilités créées');

	// The centre's week, side by side.
	await page.goto(`/structures/${CHARTREUX_ID}/semaine`);
	await page.getByRole('button', { name: 'Semaine suivante' }).click();
	await page.getByRole('button', { name: 'Semaine suivante' }).click();
	const row = page.getByTestId('week-row').filter({ hasText: 'Dr Baptiste Ferrero' });
	await expect(row).toContainText('18:00–20:00');
	await expect(row).toContainText('09:00–10:00');
	await expect(row.getByTestId('week-total')).toHaveText('3 h 00');
	await expect(row).toContainText('Objectif atteint');
	expect(await page.getByTestId('week-row').count()).toBeGreaterThanOrEqual(5);
	await expect(syncStatus(page)).toHaveText(SYNCED);
});

test('an account manager reads the indicators of the territory and exports them as CSV', async ({ page }) => {
	await signInWithPassword(page, ...DEMO_PASSWORDS.accountManager);
	await page.getByRole('link', { name: 'Indicateurs' }).click();
	await expect(page.getByRole('heading', { name: 'CPTS et nombre d’effecteurs' })).toBeVisible();
	const table = page.getByTestId('indicators-CPTS');
	await expect(table.getByRole('columnheader')).toHaveText(['Num. FINESS', 'Nom de la CPTS déclarée', 'Nb. Effecteurs', 'Agenda SAS manuel', 'Objectif atteint (semaine close)']);
	await expect(table).toContainText('CPTS du Comtat Venaissin');
	await expect(table).not.toContainText('CPTS du Pays d’Azur'); // another territory

	const csv = await page.request.get('/api/indicators.csv?kind=CPTS');
	expect(csv.headers()['content-type']).toContain('text/csv');
	const lines = (await csv.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((l) => l.split(';'));
	expect(lines[0]).toEqual(['Num. FINESS', 'Nom de la CPTS déclarée', 'Nb. Effecteurs', 'Agenda SAS manuel', 'Objectif atteint (semaine close)']);
	const rows = lines.slice(1, -1);
	const total = lines.at(-1)!;
	expect(total[0]).toBe('Total');
	expect(Number(total[2])).toBe(rows.reduce((n, r) => n + Number(r[2]), 0));
	await expect(page.getByTestId('total-CPTS')).toHaveText(total[2]!);
	expect((await page.request.get('/api/indicators.csv?kind=CPTS&territory=13')).status()).toBe(403);
});

test('an account manager closes a structure only after saying so, and reopens it', async ({ page }) => {
	await signInWithPassword(page, ...DEMO_PASSWORDS.accountManager);
	await page.goto('/comptes/structures');
	const row = page.getByTestId('territory-structure').filter({ hasText: 'SOS Médecins Avignon' });
	await row.getByRole('button', { name: /^Fermer/ }).click();
	const confirm = page.getByRole('alertdialog', { name: 'Fermer SOS Médecins Avignon ?' });
	await expect(confirm).toContainText('Ses membres, leurs agendas et son historique sont gardés');
	await expect(confirm.getByRole('button', { name: 'Annuler' })).toBeFocused();
	await confirm.getByRole('button', { name: 'Annuler' }).click();
	await expect(confirm).toHaveCount(0);
	await expect(row).toContainText('Ouverte');
	await row.getByRole('button', { name: /^Fermer/ }).click();
	await confirm.getByRole('button', { name: 'Confirmer la fermeture' }).click();
	await expect(row).toContainText('Fermée');
	// Reopening takes effect at once: nothing is lost by it.
	await row.getByRole('button', { name: /^Rouvrir/ }).click();
	await expect(row).toContainText('Ouverte');
});
