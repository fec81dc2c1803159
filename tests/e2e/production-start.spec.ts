/**
 * « Mise en service » (README), walked on an empty database: the first account manager made on the
 * command line, both directories imported from files in the real formats, a structure created by
 * hand, its managers invited; then a doctor from the directory joins « via ma CPTS » and the CPTS
 * manager sees them, and the health centre's secretary adds a doctor checked against the directory.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { reservedPort } from '../free-port';
import { FINESS_ROWS, RPPS_ROWS, finessFile, finessNumber, rppsFile, windows1252 } from '../fixtures/directory-files';
import { Deployment } from './deployment';
import { expect, signInWithPsc, test, tick } from './fixtures';

function admin(deployment: Deployment, args: string[]): string {
	const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
		// The embedded database belongs to one process at a time: these commands run before the server starts.
		env: { ...process.env, DATA_DIR: deployment.dataDir, DATABASE_URL: '', ORIGIN: deployment.url, DEMO_DATA: 'false' },
		encoding: 'utf8',
		timeout: 120_000
	});
	expect(run.status, run.stderr).toBe(0);
	return run.stdout;
}

/** Opens an invitation link in a browser of its own and chooses the password: signed in at once. */
async function acceptInvitation(browser: Browser, link: string): Promise<Page> {
	const page = await (await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' })).newPage();
	await page.goto(link);
	await page.getByLabel(/^Mot de passe/).fill('une phrase de passe solide');
	await page.getByLabel('Confirmation du mot de passe').fill('une phrase de passe solide');
	await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
	return page;
}

async function invite(page: Page, who: { email: string; firstName: string; lastName: string; structure: string }): Promise<string> {
	await page.goto(new URL('/comptes', page.url()).href);
	await page.getByLabel('Adresse e-mail').fill(who.email);
	await page.getByLabel('Prénom').fill(who.firstName);
	await page.getByLabel('Nom', { exact: true }).fill(who.lastName);
	await page.getByLabel('Gestionnaire de structure (CPTS, MSP, SOS Médecins, centre de santé)').check();
	await page.getByLabel('Rechercher une structure').fill(who.structure.split(' ').at(-1)!);
	await page.locator('label', { hasText: who.structure }).click();
	await page.getByRole('button', { name: 'Créer le compte et envoyer l’invitation' }).click();
	await expect(page.getByText(`Invitation envoyée à ${who.email}`)).toBeVisible();
	return page.getByLabel('Lien d’invitation').inputValue();
}

test('« Mise en service »: from an empty database to a CPTS manager seeing their members and a centre adding a doctor checked against the directory', async ({ browser }) => {
	test.setTimeout(300_000);
	const deployment = new Deployment({ DEMO_DATA: 'false', PSC_SANDBOX: 'true' });
	deployment.port = await reservedPort();
	const [cpts] = FINESS_ROWS;
	const [fabre, , nguyen] = RPPS_ROWS;
	try {
		// On the command line, before the first start.
		const created = admin(deployment, ['create-account-manager', '--email', 'gestion.84@ars-paca.test', '--territory', '84']);
		const link = /http:\/\/localhost:\d+\/invitation\/[\w-]+/.exec(created)![0];
		const finess = join(deployment.root, 'etalab-cs1100507-stock.csv');
		writeFileSync(finess, finessFile(FINESS_ROWS));
		expect(admin(deployment, ['import-finess', finess])).toContain('Gardés : 2 CPTS, 1 MSP, 1 centres de santé');
		// The older extract without coordinates, in Windows-1252: the same structures, nothing changes.
		const older = join(deployment.root, 'etalab-cs1100502-stock.csv');
		writeFileSync(older, windows1252(finessFile(FINESS_ROWS, { geolocated: false })));
		expect(admin(deployment, ['import-finess', older])).toContain('créés : 0 · mis à jour : 0 · inchangés : 4 · fermés : 0');
		// The RPPS extract of the older 52-column layout, each line ending with |, and one broken line.
		const rpps = join(deployment.root, 'PS_LibreAcces_Personne_activite.txt');
		writeFileSync(rpps, rppsFile(RPPS_ROWS, { columns: 52, trailing: true, extra: ['8|1099|tronquée'] }));
		const imported = admin(deployment, ['import-rpps', rpps]);
		expect(imported).toContain('Annuaire : 2 médecins');
		expect(imported).toContain('ligne 7 : 3 champs au lieu de 53');
		await deployment.start();

		// The account manager: the imported CPTS is there; a health centre FINESS lags behind is created by hand.
		const manager = await acceptInvitation(browser, link);
		await manager.waitForURL('**/comptes');
		await manager.goto(`${deployment.url}/comptes/structures`);
		await expect(manager.getByRole('row', { name: /CPTS DES MONTS DE VAUCLUSE/ })).toContainText(cpts!.finess);
		await manager.getByRole('button', { name: 'Créer une structure' }).click();
		await manager.getByLabel('Type de structure').selectOption({ label: 'Centre de santé' });
		await manager.getByLabel('Nom', { exact: true }).fill('Centre de santé des Remparts');
		await manager.getByLabel('Numéro FINESS').fill('840009');
		await manager.getByRole('button', { name: 'Enregistrer' }).click();
		await expect(manager.getByText('Le numéro FINESS comporte 9 caractères')).toBeVisible();
		await manager.getByLabel('Numéro FINESS').fill(finessNumber('84000990'));
		await manager.getByLabel('Téléphone').fill('04 90 11 22 00');
		await manager.getByLabel('Adresse', { exact: true }).fill('3 rue des Remparts');
		await manager.getByLabel('Code postal', { exact: true }).fill('84200');
		await manager.getByLabel('Commune', { exact: true }).fill('Carpentras');
		await manager.getByRole('button', { name: 'Enregistrer' }).click();
		await expect(manager.getByText('Centre de santé des Remparts a été créée.')).toBeVisible();

		// Their managers, invited.
		const cptsLink = await invite(manager, { email: 'coordination@cpts-vaucluse.test', firstName: 'Léa', lastName: 'Vasseur', structure: 'CPTS DES MONTS DE VAUCLUSE' });
		const centreLink = await invite(manager, { email: 'secretariat@cds-remparts.test', firstName: 'Marc', lastName: 'Olivier', structure: 'Centre de santé des Remparts' });

		// A doctor of the directory signs in with Pro Santé Connect and joins « via ma CPTS ».
		const doctor = await (await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' })).newPage();
		await signInWithPsc(doctor, { rpps: fabre!.rpps, lastName: 'Fabre', firstName: 'Odile' }, deployment.url);
		// Her places, proposed from the directory: she adds the one in Carpentras as it is listed.
		await doctor.getByRole('link', { name: 'Vos paramètres' }).click();
		const proposed = doctor.getByTestId('directory-sites');
		await expect(proposed).toContainText('CABINET DU DR FABRE — 12 Avenue DES PLATANES, 84200 Carpentras');
		await proposed.getByRole('button', { name: /Ajouter ce lieu.*12 Avenue DES PLATANES, 84200 Carpentras/ }).click();
		const dialog = doctor.getByRole('dialog', { name: 'Ajouter un lieu d’exercice' });
		await expect(dialog.getByLabel('Adresse', { exact: true })).toHaveValue('12 Avenue DES PLATANES');
		await dialog.getByRole('button', { name: 'Enregistrer' }).click();
		await expect(dialog).toBeHidden();
		// Added: no longer proposed (her Gap site, listed without a street, never was).
		await expect(proposed).toBeHidden();
		await tick(doctor, 'J’accepte d’être directement contacté par la régulation');
		await doctor.getByLabel('Mode de participation').selectOption({ label: 'via ma CPTS' });
		await doctor.getByLabel(/Rechercher par nom ou commune/).fill('monts de vaucluse');
		await tick(doctor, 'CPTS DES MONTS DE VAUCLUSE');
		await tick(doctor, '12 Avenue DES PLATANES');
		await tick(doctor, /^Non$/);
		await tick(doctor, 'Je déclare sur l’honneur mettre en visibilité à minima 2 heures');
		await doctor.getByRole('button', { name: 'Enregistrer' }).click();
		await expect(doctor.getByText('Vos paramètres sont enregistrés.')).toBeVisible();
		await expect(doctor.getByTestId('sync-status')).toHaveText(/^Synchronisé à/);

		// The CPTS manager sees her.
		const coordinator = await acceptInvitation(browser, cptsLink);
		await coordinator.waitForURL('**/structures');
		await expect(coordinator.getByRole('heading', { name: /CPTS DES MONTS DE VAUCLUSE/ })).toBeVisible();
		await expect(coordinator.getByTestId('member-row').filter({ hasText: 'Dr Odile Fabre' })).toBeVisible();
		// She keeps the CPTS's card: its phone, and a commune it serves found by name.
		await coordinator.getByRole('button', { name: /^Modifier la fiche/ }).click();
		await coordinator.getByLabel('Téléphone').fill('04 90 11 22 99');
		await coordinator.getByLabel(/^Communes couvertes/).fill('pernes');
		await coordinator.getByRole('button', { name: 'Pernes-les-Fontaines (84210) — ajouter' }).click();
		await coordinator.getByRole('button', { name: 'Enregistrer' }).click();
		await expect(coordinator.getByText('La fiche de la structure est enregistrée.')).toBeVisible();
		await expect(coordinator.getByTestId('structure-card')).toContainText('04 90 11 22 99');
		await expect(coordinator.getByTestId('structure-card')).toContainText('Carpentras, Pernes-les-Fontaines');

		// The centre's secretary adds a doctor: the directory knows this RPPS under another first name.
		const secretary = await acceptInvitation(browser, centreLink);
		await secretary.waitForURL('**/structures');
		await secretary.getByRole('button', { name: 'Ajouter un médecin', exact: true }).click();
		await secretary.getByLabel('Nom', { exact: true }).fill('Nguyen');
		await secretary.getByLabel('Prénom').fill('Pauline');
		await secretary.getByLabel('Identifiant RPPS').fill(nguyen!.rpps);
		await secretary.getByLabel('Adresse du lieu d’exercice').fill('3 rue des Remparts');
		await secretary.getByLabel('Code postal').fill('84200');
		await secretary.getByLabel('Commune').fill('Carpentras');
		await secretary.getByRole('button', { name: 'Enregistrer', exact: true }).click();
		await expect(secretary.getByText('L’annuaire national connaît ce numéro RPPS sous le nom NGUYEN Paul : vérifiez le prénom ou le numéro.')).toBeVisible();
		await expect(secretary.getByLabel('Nom', { exact: true })).toHaveValue('Nguyen');
		await secretary.getByLabel('Prénom').fill('Paul');
		await secretary.getByRole('button', { name: 'Enregistrer', exact: true }).click();
		await expect(secretary.getByText('La fiche de Dr Paul Nguyen a été ajoutée au centre')).toBeVisible();
		await expect(secretary.getByTestId('member-row').filter({ hasText: 'Dr Paul Nguyen' })).toBeVisible();
	} finally {
		await deployment.dispose();
	}
});
