import { addDays } from '../../src/lib/domain/civil';
import { addAddress, createAvailability, expect, gotoDate, newRpps, occurrence, signInWithPsc, test, thisWeek, tick } from './fixtures';
import type { Page } from '@playwright/test';

async function newDoctor(page: Page, lastName: string) {
	await signInWithPsc(page, { rpps: newRpps(), lastName, firstName: 'Paul' });
	await addAddress(page, { street: '3 place du Marché', postalCode: '84210', city: 'Pernes-les-Fontaines', phone: '0490667788' });
}

test('« Vos paramètres »: every conditional rule shows its message on its field, and what was typed stays', async ({ page }) => {
	await newDoctor(page, 'Garnier');
	const save = () => page.getByRole('button', { name: 'Enregistrer' }).click();
	const error = (text: string) => page.locator('.fr-error-text', { hasText: text });

	// Not participating: nothing else is asked.
	await save();
	await expect(page.getByText('Vos paramètres sont enregistrés.')).toBeVisible();

	await tick(page, 'J’accepte d’être directement contacté par la régulation');
	await save();
	await expect(error('Précisez votre mode de participation')).toBeVisible();
	await expect(error('Répondez par Oui ou Non')).toBeVisible();

	await page.getByLabel('Mode de participation').selectOption({ label: 'via ma CPTS' });
	await save();
	await expect(error('Indiquez le nom de votre CPTS')).toBeVisible();
	await expect(error('Choisissez au moins un lieu d’activité rattaché à votre CPTS')).toBeVisible();
	await page.getByLabel('Rechercher par nom ou commune').fill('comtat');
	await expect(page.locator('label', { hasText: 'CPTS Activ Santé' })).toHaveCount(0);
	await tick(page, 'CPTS du Comtat Venaissin');
	await tick(page, 'Adresse 1 : 3 place du Marché, 84210 Pernes-les-Fontaines');

	await tick(page, /^Oui, je déclare sur l’honneur utiliser/);
	await save();
	await expect(error('Indiquez votre/vos logiciel(s) de gestion de rendez-vous')).toBeVisible();
	await tick(page, /^Doctolib$/);
	// Interfaced software: no honour declaration asked…
	await expect(page.getByText('Je déclare sur l’honneur mettre en visibilité')).toHaveCount(0);
	// …until editor slots are refused.
	await tick(page, 'Je refuse d’afficher mes créneaux « grand public » et « professionnel »');
	await save();
	await expect(error('Si vous refusez l’affichage de vos créneaux, déclarez sur l’honneur')).toBeVisible();

	await tick(page, /^Non$/);
	await save();
	await expect(error('Sans solution interfacée, déclarez sur l’honneur mettre en visibilité à minima 2 heures')).toBeVisible();
	// What was typed stays through the errors.
	await expect(page.getByLabel('CPTS du Comtat Venaissin')).toBeChecked();
	await expect(page.getByLabel('Mode de participation')).toHaveValue('cpts');

	for (const [mode, message] of [
		['via ma MSP', 'Indiquez le nom de votre MSP'],
		['via SOS Médecins', 'Indiquez votre association SOS Médecins']
	] as const) {
		await page.getByLabel('Mode de participation').selectOption({ label: mode });
		await save();
		await expect(error(message)).toBeVisible();
	}

	// Back to the CPTS: a structure of another kind was not kept, so the CPTS is chosen again.
	await page.getByLabel('Mode de participation').selectOption({ label: 'via ma CPTS' });
	await expect(page.getByLabel('CPTS du Comtat Venaissin')).not.toBeChecked();
	await tick(page, 'CPTS du Comtat Venaissin');
	await tick(page, 'Je déclare sur l’honneur mettre en visibilité à minima 2 heures');
	await save();
	await expect(page.getByText('Vos paramètres sont enregistrés.')).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('CPTS du Comtat Venaissin')).toBeChecked();
	await expect(page.getByLabel('Je déclare sur l’honneur mettre en visibilité à minima 2 heures de disponibilité par semaine sur mon agenda de la plateforme numérique SAS')).toBeChecked();
});

test('« Créer des disponibilités »: wrong values get their message on the field, and nothing typed is lost', async ({ page }) => {
	await newDoctor(page, 'Lemaire');
	await page.getByRole('link', { name: 'Mon agenda SAS' }).click();
	const date = addDays(thisWeek(1), 7);
	await gotoDate(page, date);
	await page.getByRole('button', { name: 'Créer des disponibilités' }).click();
	const dialog = page.getByRole('dialog', { name: 'Créer des disponibilités' });
	await dialog.getByLabel('Date', { exact: true }).fill(date);
	await dialog.getByLabel('De', { exact: true }).fill('19:30');
	await dialog.getByLabel('À', { exact: true }).fill('18:30');
	await tick(dialog, 'Je peux recevoir X patients sur cette plage horaire');
	await dialog.getByLabel('Nombre de patients').fill('0');
	await tick(dialog, /^Consultation en cabinet$/); // unticks the default: no type left
	await dialog.getByRole('button', { name: 'Enregistrer' }).click();

	await expect(dialog.getByText('L’heure de fin doit être après l’heure de début')).toBeVisible();
	await expect(dialog.getByText('Indiquez au moins 1 patient')).toBeVisible();
	await expect(dialog.getByText('Choisissez au moins un type de consultation')).toBeVisible();
	await expect(dialog.getByLabel('À', { exact: true })).toHaveAttribute('aria-describedby', /end-error/);
	await expect(dialog.getByLabel('De', { exact: true })).toHaveValue('19:30');
	await expect(dialog.getByLabel('Nombre de patients')).toHaveValue('0');

	await dialog.getByLabel('À', { exact: true }).fill('21:00');
	await dialog.getByLabel('Nombre de patients').fill('4');
	await tick(dialog, /^Téléconsultation$/);
	await dialog.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(dialog).toBeHidden();
	await expect(occurrence(page, '19:30 – 21:00')).toContainText('4 patients — Téléconsultation');
});

test('dragging an occurrence of a series asks which occurrences it moves', async ({ page }) => {
	await newDoctor(page, 'Roussel');
	await page.getByRole('link', { name: 'Mon agenda SAS' }).click();
	const monday = addDays(thisWeek(1), 7);
	await gotoDate(page, monday);
	await createAvailability(page, { date: monday, start: '10:00', end: '11:00', weekdays: ['Chaque mercredi'] });
	const event = occurrence(page, '10:00 – 11:00').first();
	await expect(occurrence(page, '10:00 – 11:00')).toHaveCount(2);
	// The mouse only drags what is on screen.
	await event.scrollIntoViewIfNeeded();
	const box = (await event.boundingBox())!;
	// Grabbed a few pixels below its top (10:00), dropped as many below the 11:00 line.
	const line = async (time: string) => (await page.locator(`.agenda-calendar [data-time="${time}"]`).first().boundingBox())!.y;
	const target = (await line('11:00:00')) + (box.y + 6 - (await line('10:00:00')));
	await page.mouse.move(box.x + box.width / 2, box.y + 6);
	await page.mouse.down();
	for (let step = 1; step <= 10; step++) await page.mouse.move(box.x + box.width / 2, box.y + 6 + ((target - box.y - 6) * step) / 10);
	await page.mouse.up();
	const dialog = page.getByRole('dialog', { name: 'Déplacer la disponibilité' });
	await expect(dialog).toBeVisible();
	await tick(dialog, /^Cette occurrence$/);
	await dialog.getByRole('button', { name: 'Enregistrer' }).click();
	// Only this occurrence moved, by about an hour (FullCalendar snaps to the quarter), keeping its length.
	await expect(occurrence(page, '10:00 – 11:00')).toHaveCount(1);
	await expect(page.locator('.agenda-calendar .occurrence', { hasText: /^11:(00|15) – 12:(00|15)/ })).toHaveCount(1);
	await expect(page.locator('.agenda-calendar .occurrence')).toHaveCount(2);
});
