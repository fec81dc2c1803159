import { DEMO_DOCTOR, DEMO_PASSWORDS, DEMO_PRACTITIONER_ID, demoId, expect, newRpps, signInWithPassword, signInWithPsc, test } from './fixtures';

test.describe('doctors sign in with Pro Santé Connect', () => {
	test('a new doctor signs in through the sandbox and lands on their agenda with their name', async ({ page, request }) => {
		const doctor = { rpps: newRpps(), lastName: 'Lemoine', firstName: 'Hélène' };
		await signInWithPsc(page, doctor);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agenda SAS de Dr Hélène Lemoine');
		await expect(page.getByTestId('signed-in-as')).toContainText('Hélène Lemoine');
		const session = await page.evaluate(async () => (await fetch('/api/session')).json());
		expect(session).toMatchObject({ role: 'practitioner', firstName: 'Hélène', lastName: 'Lemoine' });
		// The first sign-in created the practitioner; its audit trail says so.
		const audit = await page.evaluate(async (id) => (await fetch(`/api/practitioners/${id}/audit`)).json(), session.practitionerId);
		expect(audit.map((e: { entity: string; action: string }) => `${e.entity} ${e.action}`)).toEqual(expect.arrayContaining(['practitioners create', 'account create']));
		void request;
	});

	test('a wrong RPPS is refused on its field, and what was typed stays', async ({ page }) => {
		await page.goto('/');
		await page.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' }).click();
		const wrong = DEMO_DOCTOR.rpps.slice(0, 10) + String((Number(DEMO_DOCTOR.rpps[10]) + 1) % 10);
		await page.getByLabel('Identifiant RPPS').fill(wrong);
		await page.getByLabel('Nom', { exact: true }).fill('Aubert');
		await page.getByLabel('Prénom').fill('Claire');
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await expect(page.getByText('Cet identifiant RPPS n’est pas valide : vérifiez le dernier chiffre (clé de contrôle)')).toBeVisible();
		await expect(page.getByLabel('Identifiant RPPS')).toHaveValue(wrong);
		await expect(page.getByLabel('Identifiant RPPS')).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByLabel('Nom', { exact: true })).toHaveValue('Aubert');
		await expect(page.getByLabel('Prénom')).toHaveValue('Claire');
	});

	test('a demo doctor signs in with her RPPS and finds her agenda; logout ends the session', async ({ page }) => {
		await signInWithPsc(page, DEMO_DOCTOR);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agenda SAS de Dr Claire Aubert');
		await page.getByRole('button', { name: 'Se déconnecter' }).click();
		await expect(page.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' })).toBeVisible();
		expect(await page.evaluate(async () => (await fetch('/api/session')).status)).toBe(401);
		await page.goto('/agenda');
		await expect(page).toHaveURL(/\/$/);
	});
});

test.describe('managers are invited by their territory’s account manager', () => {
	test('an account manager invites a CPTS manager, who sets a password and signs in', async ({ page, browser }) => {
		const email = `coordination.${Date.now()}@cpts-comtat.test`;
		await signInWithPassword(page, ...DEMO_PASSWORDS.accountManager);
		await expect(page).toHaveURL(/\/comptes$/);
		await page.getByLabel('Adresse e-mail').fill(email);
		await page.getByLabel('Prénom').fill('Léa');
		await page.getByLabel('Nom', { exact: true }).fill('Vasseur');
		await page.getByLabel('Gestionnaire de structure (CPTS, MSP, SOS Médecins, centre de santé)').check();
		await page.getByLabel('Rechercher une structure').fill('comtat');
		// DSFR draws its own box over the native checkbox: the user clicks the label.
		await page.locator('label', { hasText: 'CPTS du Comtat Venaissin' }).click();
		await expect(page.getByLabel(/CPTS du Comtat Venaissin/)).toBeChecked();
		await page.getByRole('button', { name: 'Créer le compte et envoyer l’invitation' }).click();
		await expect(page.getByText(`Invitation envoyée à ${email}`)).toBeVisible();
		const link = await page.getByLabel('Lien d’invitation').inputValue();
		expect(link).toMatch(/\/invitation\/[\w-]{40,}$/);
		await expect(page.getByRole('row', { name: new RegExp(email) })).toContainText('Invitation envoyée');

		const invitee = await (await browser.newContext()).newPage();
		await invitee.goto(link);
		await expect(invitee.getByText(`choisissez le mot de passe du compte ${email}`)).toBeVisible();
		await invitee.getByLabel(/^Mot de passe/).fill('court');
		await invitee.getByLabel('Confirmation du mot de passe').fill('court');
		await invitee.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
		await expect(invitee.getByText('Le mot de passe doit comporter au moins 12 caractères')).toBeVisible();
		await invitee.getByLabel(/^Mot de passe/).fill('une phrase de passe solide');
		await invitee.getByLabel('Confirmation du mot de passe').fill('une phrase de passe solide');
		await invitee.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
		// Signed in at once: no second sign-in with the password just chosen.
		await invitee.waitForURL('**/structures');
		await expect(invitee.getByRole('heading', { name: 'Vos structures liées' })).toBeVisible();
		await expect(invitee.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
		// The structure's own heading: its name also stands in hidden captions and lists once they render.
		await expect(invitee.getByRole('heading', { level: 2, name: 'CPTS du Comtat Venaissin' })).toBeVisible();

		// The link served once.
		const again = await (await browser.newContext()).newPage();
		await again.goto(link);
		await expect(again.getByText('Ce lien d’invitation a déjà servi')).toBeVisible();

		// Disabling the account asks first, says what follows, and signs it out everywhere.
		await page.reload();
		await page.getByRole('row', { name: new RegExp(email) }).getByRole('button', { name: /^Désactiver/ }).click();
		const confirm = page.getByRole('alertdialog', { name: 'Désactiver le compte de Léa Vasseur ?' });
		await expect(confirm).toContainText('Ses sessions ouvertes sont fermées tout de suite');
		await expect(confirm.getByRole('button', { name: 'Annuler' })).toBeFocused();
		await confirm.getByRole('button', { name: 'Annuler' }).click();
		await expect(page.getByRole('row', { name: new RegExp(email) })).not.toContainText('Désactivé');
		await page.getByRole('row', { name: new RegExp(email) }).getByRole('button', { name: /^Désactiver/ }).click();
		await confirm.getByRole('button', { name: 'Confirmer la désactivation' }).click();
		await expect(page.getByRole('row', { name: new RegExp(email) })).toContainText('Désactivé');
		expect(await invitee.evaluate(async () => (await fetch('/api/session')).status)).toBe(401);
	});

	test('an active account is never re-invited: the manager sends its owner a reset, « Mot de passe oublié ? » sends one too, and the new password ends every session', async ({ page, browser, server }) => {
		const email = `regulation.${Date.now()}@samu84.test`;
		await signInWithPassword(page, ...DEMO_PASSWORDS.accountManager);
		const created = await page.evaluate(async (address) => {
			const response = await fetch('/api/accounts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: address, firstName: 'Rémi', lastName: 'Vidal', role: 'regulator', structureIds: [], territory: '84' }) });
			return response.json();
		}, email);
		const owner = await (await browser.newContext()).newPage();
		await owner.goto(created.invitationUrl);
		await owner.getByLabel(/^Mot de passe/).fill('première phrase de passe');
		await owner.getByLabel('Confirmation du mot de passe').fill('première phrase de passe');
		await owner.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
		await owner.waitForURL('**/regulation');

		await page.goto('/comptes');
		const row = page.getByRole('row', { name: new RegExp(email) });
		await expect(row).toContainText('Actif');
		await expect(row.getByRole('button', { name: /^Renvoyer l’invitation/ })).toHaveCount(0);
		await row.getByRole('button', { name: /^Réinitialiser le mot de passe/ }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Un lien pour choisir' })).toContainText(`envoyé à ${email}, et à cette adresse seulement`);
		// Nothing for the manager to copy: the link went to the owner's mailbox.
		await expect(page.getByLabel('Lien d’invitation')).toHaveCount(0);

		// The owner also asks by herself, from the sign-in page.
		const stranger = await (await browser.newContext()).newPage();
		await stranger.goto('/connexion');
		await stranger.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
		// « Adresse e-mail » is on both pages: typed before the new page shows, it went to the old one.
		await expect(stranger.getByRole('heading', { level: 1 })).toHaveText('Mot de passe oublié');
		await stranger.getByLabel('Adresse e-mail').fill('personne@exemple.fr');
		await stranger.getByRole('button', { name: 'Recevoir un lien' }).click();
		const sameAnswer = await stranger.getByRole('status').filter({ hasText: 'Si un compte' }).textContent();
		expect(sameAnswer).toContain('Si un compte actif correspond à cette adresse');
		await owner.context().clearCookies();
		await owner.goto('/mot-de-passe-oublie');
		await owner.getByLabel('Adresse e-mail').fill(email);
		await owner.getByRole('button', { name: 'Recevoir un lien' }).click();
		await expect(owner.getByRole('status').filter({ hasText: 'Si un compte' })).toHaveText(sameAnswer!);
		const link = server.lastMailLink(email, '/mot-de-passe/');
		const signedIn = await (await browser.newContext()).newPage();
		await signInWithPassword(signedIn, email, 'première phrase de passe');
		await owner.goto(link);
		await expect(owner.getByRole('heading', { level: 1 })).toHaveText('Choisir un nouveau mot de passe');
		await owner.getByLabel(/^Mot de passe/).fill('nouvelle phrase de passe');
		await owner.getByLabel('Confirmation du mot de passe').fill('nouvelle phrase de passe');
		await owner.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
		await owner.waitForURL('**/regulation');
		expect(await signedIn.evaluate(async () => (await fetch('/api/session')).status)).toBe(401);
	});

	test('a CPTS manager reads the agenda of a member, and gets 403 for a doctor outside the CPTS', async ({ page }) => {
		await signInWithPassword(page, ...DEMO_PASSWORDS.cptsComtat);
		const status = (id: string) => page.evaluate(async (path) => (await fetch(path)).status, `/api/practitioners/${id}/agenda`);
		expect(await status(DEMO_PRACTITIONER_ID)).toBe(200);
		const outside = await page.evaluate(async (path) => {
			const response = await fetch(path);
			return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
		}, `/api/practitioners/${demoId('doctor:Aurélie Imbert')}/agenda`);
		expect(outside).toMatchObject({ status: 403, type: 'application/problem+json', body: { detail: 'Ce professionnel ne participe pas au SAS via une de vos structures.' } });
		// A doctor participating individually is not the CPTS's either.
		expect(await status(demoId('doctor:Manon Castel'))).toBe(403);
	});

	test('a wrong password is refused with a French message, the e-mail kept', async ({ page }) => {
		await page.goto('/connexion');
		await page.getByLabel('Adresse e-mail').fill('msp.ventoux@agenda-sas.test');
		await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await expect(page.getByText('Adresse e-mail ou mot de passe incorrect.')).toBeVisible();
		await expect(page.getByLabel('Adresse e-mail')).toHaveValue('msp.ventoux@agenda-sas.test');
	});
});

test.describe('the API without a session', () => {
	test('answers 401 problem details for every operation but health, OpenAPI, sign-in, the private calendar link and the verification of an attestation', async ({ request }) => {
		const document = await (await request.get('/api/openapi.json')).json();
		const open: string[] = [];
		let checked = 0;
		for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, { security: unknown[]; operationId: string }>>)) {
			for (const [method, operation] of Object.entries(methods)) {
				if (operation.security.length === 0) {
					open.push(operation.operationId);
					continue;
				}
				const url = path.replace(/\{(\w+)\}/g, () => '0190a0a0-0000-7000-8000-000000000001');
				const response = await request.fetch(url, { method: method.toUpperCase(), data: method === 'get' || method === 'delete' ? undefined : {} });
				expect(response.status(), `${method} ${path}`).toBe(401);
				expect(response.headers()['content-type'], `${method} ${path}`).toBe('application/problem+json');
				checked++;
			}
		}
		expect(checked).toBeGreaterThan(10);
		expect(open.sort()).toEqual(['acceptInvitation', 'createPasswordSession', 'endSessionByHandle', 'getHealth', 'getIcalFeed', 'getInvitation', 'getOpenApi', 'requestPasswordReset', 'verifyProof']);
	});

	test('sends the security headers and refuses cross-site writes', async ({ request, page }) => {
		const response = await page.goto('/');
		const headers = response!.headers();
		expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
		expect(headers['content-security-policy']).toContain("script-src 'self'");
		expect(headers['x-content-type-options']).toBe('nosniff');
		expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
		expect(headers['strict-transport-security']).toBeUndefined();
		const crossSite = await request.post('/api/session', { headers: { origin: 'https://evil.example' }, data: { email: 'a@b.fr', password: 'x' } });
		expect(crossSite.status()).toBe(403);
	});
});
