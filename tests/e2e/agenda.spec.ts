import AxeBuilder from '@axe-core/playwright';
import { addDays, isoWeekday } from '../../src/lib/domain/civil';
import { formatDateLong } from '../../src/lib/ui/format';
import { todayIn } from '../../src/lib/domain/time';
import {
	addAddress,
	createAvailability,
	deleteOccurrence,
	editOccurrence,
	expect,
	goOffline,
	goOnline,
	gotoDate,
	newRpps,
	occurrence,
	signInWithPsc,
	SYNCED,
	syncStatus,
	test,
	thisWeek,
	tick
} from './fixtures';
import type { Page } from '@playwright/test';

const CAPACITY = 'Je peux recevoir X patients sur cette plage horaire';

async function newDoctorWithAddress(page: Page, lastName: string) {
	await signInWithPsc(page, { rpps: newRpps(), lastName, firstName: 'Agnès' });
	await expect(page.getByText('Aucun lieu d’exercice : ajoutez-en un pour créer des disponibilités.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Créer des disponibilités' })).toHaveCount(0);
	await addAddress(page, { street: '12 rue des Tilleuls', postalCode: '84200', city: 'Carpentras', phone: '04 90 11 22 33' });
	await expect(page.getByText('Adresse 1 : 12 rue des Tilleuls, 84200 Carpentras')).toBeVisible();
	await expect(page.getByText(/Téléphone : 04 90 11 22 33 · Fuseau : heure de métropole/)).toBeVisible();
}

function week(page: Page) {
	return { duration: page.getByTestId('week-duration'), label: page.getByTestId('week-label') };
}

function stripRow(page: Page, monday: string) {
	return page.locator(`tr[data-week="${monday}"]`);
}

test('a new doctor sets up a manual agenda, and the 2-hour rule follows every change, offline too', async ({ page, context }) => {
	await newDoctorWithAddress(page, 'Perrin');

	// « Vos paramètres »: individually, without software, with the honour declaration.
	await tick(page, 'J’accepte d’être directement contacté par la régulation');
	await page.getByLabel('Mode de participation').selectOption({ label: 'à titre individuel' });
	await tick(page, /^Non$/);
	await tick(page, 'Je déclare sur l’honneur mettre en visibilité à minima 2 heures');
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Vos paramètres sont enregistrés.')).toBeVisible();

	await page.getByRole('link', { name: 'Mon agenda SAS' }).click();
	const monday = addDays(thisWeek(1), 7);
	const following = addDays(monday, 7);
	await gotoDate(page, monday);
	await expect(week(page).duration).toHaveText('0 h 00');

	await createAvailability(page, { date: monday, start: '18:30', end: '19:30', weekdays: [] });
	await expect(week(page).duration).toHaveText('1 h 00');
	await expect(week(page).label).toHaveText('Moins de 2 h');

	await createAvailability(page, { date: addDays(monday, 3), start: '14:00', end: '15:30', kind: CAPACITY, capacity: 3, weekdays: [] });
	await expect(occurrence(page, '14:00 – 15:30')).toContainText('3 patients — Consultation en cabinet');
	await expect(week(page).duration).toHaveText('2 h 30');
	await expect(week(page).label).toHaveText('Objectif atteint');

	// One Monday only: that week drops, the next does not.
	await deleteOccurrence(page, '18:30 – 19:30', 'Cette occurrence');
	await expect(week(page).duration).toHaveText('1 h 30');
	await expect(week(page).label).toHaveText('Moins de 2 h');
	await expect(stripRow(page, following)).toContainText('2 h 30');
	await expect(stripRow(page, following)).toContainText('Objectif atteint');

	// Immediately, for an indefinite time — on a train, with no network.
	await expect(syncStatus(page)).toHaveText(SYNCED);
	await goOffline(context);
	await page.getByRole('button', { name: 'Programmer une indisponibilité' }).click();
	const dialog = page.getByRole('dialog', { name: 'Programmer une indisponibilité' });
	await tick(dialog, 'Dès maintenant pour une durée indéterminée');
	await dialog.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(week(page).label).toHaveText('Indisponibilité déclarée');
	await expect(stripRow(page, following)).toContainText('Indisponibilité déclarée');
	await expect(page.getByTestId('preview-empty')).toBeVisible();
	await expect(occurrence(page, '14:00 – 15:30')).toHaveClass(/occurrence--unavailable/);

	// Unticking brings the agenda back.
	await page.getByRole('button', { name: 'Programmer une indisponibilité' }).click();
	await tick(dialog, 'Dès maintenant pour une durée indéterminée');
	await dialog.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(week(page).label).toHaveText('Moins de 2 h');
	await expect(stripRow(page, following)).toContainText('Objectif atteint');
	await expect(occurrence(page, '14:00 – 15:30')).not.toHaveClass(/occurrence--unavailable/);
	// Declared then ended before leaving the device: one change of one row.
	await expect(syncStatus(page)).toHaveText('Hors ligne · 1 modification en attente');
	await goOnline(context);
	await expect(syncStatus(page)).toHaveText(SYNCED);
});

test('a weekly slot across the last Sunday of March stays at 18:30 and counts one hour each week', async ({ page }) => {
	await newDoctorWithAddress(page, 'Marchand');
	await page.getByRole('link', { name: 'Mon agenda SAS' }).click();
	// The Sunday before the next change of clock that is far enough ahead (the last Sunday of March).
	const change = lastSundayOfMarchAhead();
	const before = addDays(change, -7);
	await gotoDate(page, before);
	await createAvailability(page, { date: before, start: '18:30', end: '19:30', weekdays: [] });
	for (const sunday of [before, change, addDays(change, 7)]) {
		await gotoDate(page, sunday);
		await expect(occurrence(page, '18:30 – 19:30')).toBeVisible();
		await expect(week(page).duration).toHaveText('1 h 00');
	}
});

test('complementary information, history and the private calendar link', async ({ page, request }) => {
	await newDoctorWithAddress(page, 'Vidal');
	await page.getByRole('link', { name: 'Mon agenda SAS' }).click();
	await page.getByRole('button', { name: /^Éditer/ }).click();
	await page.getByLabel(/Ce que la régulation doit savoir/).fill('Uniquement sur rendez-vous : appeler le secrétariat.');
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByTestId('complementary-info')).toHaveText('Uniquement sur rendez-vous : appeler le secrétariat.');
	await expect(page.getByTestId('regulation-preview')).toContainText('Uniquement sur rendez-vous : appeler le secrétariat.');
	await createAvailability(page, { date: addDays(thisWeek(1), 7), start: '09:00', end: '10:00', weekdays: [] });
	await expect(syncStatus(page)).toHaveText(SYNCED);

	await page.getByRole('link', { name: 'Historique' }).click();
	await expect(page.getByTestId('history')).toContainText('Disponibilité créée par Dr Agnès Vidal');
	await expect(page.getByTestId('history')).toContainText('Informations complémentaires créées par Dr Agnès Vidal');

	await page.getByRole('link', { name: 'Vos paramètres' }).click();
	await page.getByRole('button', { name: 'Créer un lien d’abonnement' }).click();
	const url = await page.getByLabel('Lien d’abonnement (affiché une seule fois)').inputValue();
	const feed = await request.get(url);
	expect(feed.headers()['content-type']).toContain('text/calendar');
	const text = await feed.text();
	expect(text).toContain('BEGIN:VCALENDAR');
	expect(text).toContain('RRULE:FREQ=WEEKLY;BYDAY=MO');
	expect(text).toContain('DTSTART;TZID=Europe/Paris:');
	await page.getByRole('button', { name: 'Révoquer le lien' }).click();
	await expect(page.getByRole('button', { name: 'Créer un lien d’abonnement' })).toBeVisible();
	expect((await request.get(url)).status()).toBe(404);
});

/** The last Sunday of the next March whose previous Sunday is at least a week away. */
function lastSundayOfMarchAhead(): string {
	const today = todayIn('Europe/Paris');
	for (let year = Number(today.slice(0, 4)); ; year++) {
		let sunday = `${year}-03-31`;
		while (isoWeekday(sunday) !== 7) sunday = addDays(sunday, -1);
		if (addDays(sunday, -7) > addDays(today, 7)) return sunday;
	}
}

test('the same hours twice are shown before saving, and a series split in two is changed and deleted as one', async ({ page }) => {
	await newDoctorWithAddress(page, 'Lemoine');
	await page.getByRole('link', { name: 'Mon agenda SAS' }).click();
	const monday = addDays(thisWeek(1), 7);
	await gotoDate(page, monday);
	await createAvailability(page, { date: monday, start: '09:00', end: '10:00', weekdays: [] });

	// The same kind at the same place over those hours: said before saving, saved if the doctor insists.
	await page.getByRole('button', { name: 'Créer des disponibilités' }).click();
	const dialog = page.getByRole('dialog', { name: 'Créer des disponibilités' });
	await dialog.getByLabel('Date', { exact: true }).fill(monday);
	await dialog.getByLabel('De', { exact: true }).fill('09:30');
	await dialog.getByLabel('À', { exact: true }).fill('10:30');
	await dialog.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	const warning = dialog.getByTestId('overlap-warning');
	await expect(warning).toContainText(`Chevauche la disponibilité du ${formatDateLong(monday)} de 09:00 à 10:00, du même type au même lieu : enregistrer quand même ?`);
	expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
	// Other hours withdraw the warning; coming back to them brings it back.
	await dialog.getByLabel('De', { exact: true }).fill('10:00');
	await dialog.getByLabel('À', { exact: true }).fill('11:00');
	await expect(warning).toHaveCount(0);
	await dialog.getByLabel('De', { exact: true }).fill('09:30');
	await dialog.getByLabel('À', { exact: true }).fill('10:30');
	await dialog.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await warning.getByRole('button', { name: 'Enregistrer quand même' }).click();
	await expect(dialog).toBeHidden();
	await expect(occurrence(page, '09:30 – 10:30')).toBeVisible();
	// Regulators see 09:00–10:30 once: the week counts 1 h 30, not 2 h.
	await expect(week(page).duration).toHaveText('1 h 30');

	// « Cette occurrence et les suivantes » from the next Monday: 08:00–09:00 from then on.
	await gotoDate(page, addDays(monday, 7));
	await editOccurrence(page, '09:00 – 10:00', '08:00', '09:00', 'Cette occurrence et les suivantes');
	await expect(occurrence(page, '08:00 – 09:00')).toBeVisible();
	// « Toute la récurrence » from the first part changes both parts.
	await gotoDate(page, monday);
	await editOccurrence(page, '09:00 – 10:00', '07:00', '08:00', 'Toute la récurrence');
	await expect(occurrence(page, '07:00 – 08:00')).toBeVisible();
	await gotoDate(page, addDays(monday, 14));
	await expect(occurrence(page, '07:00 – 08:00')).toBeVisible();
	await expect(occurrence(page, '08:00 – 09:00')).toHaveCount(0);
	// Deleted as a whole from the second part: no Monday of the series is left, the single range stays.
	await deleteOccurrence(page, '07:00 – 08:00', 'Toute la récurrence');
	await expect(occurrence(page, '07:00 – 08:00')).toHaveCount(0);
	await gotoDate(page, monday);
	await expect(occurrence(page, '07:00 – 08:00')).toHaveCount(0);
	await expect(occurrence(page, '09:30 – 10:30')).toBeVisible();
	await expect(syncStatus(page)).toHaveText(SYNCED);
});
