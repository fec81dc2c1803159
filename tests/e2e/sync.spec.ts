import { Deployment } from './deployment';
import {
	createAvailability,
	deleteOccurrence,
	demoDoctor,
	DEMO_PASSWORDS,
	editOccurrence,
	expect,
	goOffline,
	goOnline,
	occurrence,
	signInWithPassword,
	signInWithPsc,
	SYNCED,
	syncStatus,
	test,
	nextWeek,
	showNextWeek,
	waitForServiceWorker
} from './fixtures';

const WALK_IN = 'Je peux recevoir des patients sans RDV sur cette plage horaire';

test('edits made offline survive a reload and reach the server, and another device sees them', async ({ page, context, browser }) => {
	const doctor = demoDoctor(2); // evenings: Tuesday 18:00–19:30, Friday 12:30–13:30
	await signInWithPsc(page, doctor);
	await expect(syncStatus(page)).toHaveText(SYNCED);
	await waitForServiceWorker(page);

	await showNextWeek(page);
	await goOffline(context);
	await expect(syncStatus(page)).toHaveText('Hors ligne');
	await createAvailability(page, { date: nextWeek(7), start: '08:00', end: '09:00', kind: WALK_IN });
	await editOccurrence(page, '18:00 – 19:30', '18:30', '20:00');
	await deleteOccurrence(page, '12:30 – 13:30');
	await expect(syncStatus(page)).toHaveText('Hors ligne · 3 modifications en attente');
	await expect(occurrence(page, '08:00 – 09:00')).toBeVisible();

	await page.reload();
	await expect(syncStatus(page)).toHaveText('Hors ligne · 3 modifications en attente');
	await showNextWeek(page);
	await expect(occurrence(page, '08:00 – 09:00')).toContainText('en attente d’envoi');
	await expect(occurrence(page, '18:30 – 20:00')).toBeVisible();
	await expect(occurrence(page, '12:30 – 13:30')).toHaveCount(0);

	await goOnline(context);
	await expect(syncStatus(page)).toHaveText(SYNCED);
	await expect(occurrence(page, '08:00 – 09:00')).not.toContainText('en attente');

	const other = await (await browser.newContext()).newPage();
	await signInWithPsc(other, doctor);
	await showNextWeek(other);
	await expect(occurrence(other, '08:00 – 09:00')).toBeVisible();
	await expect(occurrence(other, '18:30 – 20:00')).toBeVisible();
	await expect(occurrence(other, '18:00 – 19:30')).toHaveCount(0);
	await expect(occurrence(other, '12:30 – 13:30')).toHaveCount(0);
});

test('the doctor and her CPTS change the same occurrence offline: one applies, the other chooses', async ({ browser }) => {
	test.setTimeout(120_000); // two devices, two offline rounds
	const doctor = demoDoctor(3); // Thursday 14:00–15:30 for 3 patients, Saturday 09:00–11:00 walk-in
	const doctorContext = await browser.newContext();
	const managerContext = await browser.newContext();
	const mine = await doctorContext.newPage();
	const cpts = await managerContext.newPage();
	await signInWithPsc(mine, doctor);
	await signInWithPassword(cpts, ...DEMO_PASSWORDS.cptsComtat);
	await cpts.goto(`/praticiens/${doctor.id}/agenda`);
	for (const page of [mine, cpts]) {
		await expect(syncStatus(page)).toHaveText(SYNCED);
		await showNextWeek(page);
		await expect(occurrence(page, '14:00 – 15:30')).toBeVisible();
	}

	// First round: the CPTS keeps its version.
	await goOffline(doctorContext);
	await goOffline(managerContext);
	await editOccurrence(mine, '14:00 – 15:30', '15:00', '16:30');
	await editOccurrence(cpts, '14:00 – 15:30', '14:00', '16:00');
	await goOnline(doctorContext);
	await expect(syncStatus(mine)).toHaveText(SYNCED);
	await goOnline(managerContext);
	await expect(cpts.getByTestId('sync-problems')).toHaveText('1 conflit à résoudre');
	await cpts.getByTestId('sync-problems').click();
	await expect(cpts.getByTestId('mine')).toContainText('14:00 – 16:00');
	await expect(cpts.getByTestId('theirs')).toContainText('15:00 – 16:30');
	await expect(cpts.getByText(/Modifiée par Dr Thomas Daumas le \d\d\/\d\d à \d\d:\d\d/)).toBeVisible();
	await cpts.getByRole('button', { name: 'Garder ma version' }).click();
	await expect(cpts.getByText('Aucun conflit.')).toBeVisible();
	await expect(syncStatus(cpts)).toHaveText(SYNCED);

	await mine.reload();
	await showNextWeek(mine);
	await expect(occurrence(mine, '14:00 – 16:00')).toBeVisible();
	await occurrence(mine, '14:00 – 16:00').click();
	await expect(mine.getByTestId('modified-by')).toHaveText(/^Modifiée par CPTS du Comtat Venaissin le \d\d\/\d\d à \d\d:\d\d$/);
	await mine.keyboard.press('Escape');

	// Second round: the CPTS takes the server's version.
	await cpts.goto(`/praticiens/${doctor.id}/agenda`);
	await showNextWeek(cpts);
	await expect(occurrence(cpts, '09:00 – 11:00')).toBeVisible();
	await goOffline(doctorContext);
	await goOffline(managerContext);
	await editOccurrence(mine, '09:00 – 11:00', '09:30', '11:00');
	await editOccurrence(cpts, '09:00 – 11:00', '08:00', '11:00');
	await goOnline(doctorContext);
	await expect(syncStatus(mine)).toHaveText(SYNCED);
	await goOnline(managerContext);
	await cpts.getByTestId('sync-problems').click();
	await cpts.getByRole('button', { name: 'Garder la version du serveur' }).click();
	await expect(cpts.getByText('Aucun conflit.')).toBeVisible();
	await cpts.goto(`/praticiens/${doctor.id}/agenda`);
	await showNextWeek(cpts);
	await expect(occurrence(cpts, '09:30 – 11:00')).toBeVisible();
	await expect(occurrence(cpts, '08:00 – 11:00')).toHaveCount(0);
	await expect(syncStatus(cpts)).toHaveText(SYNCED);
});

test('a server killed during a push (SIGKILL) and restarted applies each change once', async ({ page, context }) => {
	const deployment = new Deployment();
	try {
		await deployment.start();
		const doctor = demoDoctor(4);
		await signInWithPsc(page, doctor, deployment.url);
		await expect(syncStatus(page)).toHaveText(SYNCED);
		await showNextWeek(page);
		await goOffline(context);
		await createAvailability(page, { date: nextWeek(7), start: '07:00', end: '07:30' });
		await createAvailability(page, { date: nextWeek(7), start: '20:00', end: '21:00', kind: WALK_IN });
		await expect(syncStatus(page)).toHaveText('Hors ligne · 2 modifications en attente');

		// The push reaches the server, which applies it, then dies before answering.
		let killed = false;
		await context.route('**/api/sync/push', async (route) => {
			if (killed) return route.abort('connectionrefused').catch(() => undefined);
			const answer = await route.fetch();
			killed = true;
			await deployment.stop('SIGKILL');
			expect(answer.status()).toBe(200); // the server did apply it
			await route.abort('connectionreset').catch(() => undefined);
		});
		await goOnline(context);
		await expect.poll(() => killed).toBe(true);
		await expect(syncStatus(page)).toContainText('2 modifications en attente');
		await context.unroute('**/api/sync/push');
		await deployment.start();
		await expect(syncStatus(page)).toHaveText(SYNCED, { timeout: 45_000 });

		const agenda = await page.evaluate(async (id) => (await fetch(`/api/practitioners/${id}/agenda`)).json(), doctor.id);
		const sunday = (agenda.availabilities as { date: string; start: string; version: number }[]).filter((a) => a.date === nextWeek(7));
		expect(sunday.map((a) => `${a.start} v${a.version}`).sort()).toEqual(['07:00 v1', '20:00 v1']);
	} finally {
		await deployment.dispose();
	}
});

test('offline, the engine stops knocking: nothing while the browser knows it is offline, back-off while the network fails', async ({ page, context }) => {
	const doctor = demoDoctor(6);
	await signInWithPsc(page, doctor);
	await expect(syncStatus(page)).toHaveText(SYNCED);
	await showNextWeek(page);
	const attempts: string[] = [];
	const reads: string[] = [];
	context.on('request', (request) => {
		if (request.url().includes('/api/sync/')) attempts.push(request.url());
		else if (request.url().includes('/api/')) reads.push(request.url());
	});

	// The browser says it is offline: edits wait, and not one request leaves — neither the sync
	// nor the reads of the pages (orientations, software slots, session), however the doctor moves.
	await goOffline(context);
	for (const start of ['07:00', '08:00', '09:00']) await createAvailability(page, { date: nextWeek(6), start, end: `${start.slice(0, 2)}:30` });
	await page.getByRole('link', { name: 'Vos paramètres' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await page.getByRole('link', { name: 'Mon agenda SAS' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Agenda SAS de /);
	await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
	await page.waitForTimeout(3_000);
	expect(attempts).toEqual([]);
	expect(reads).toEqual([]);

	// The browser believes it is online but nothing gets through: edits do not each knock, back-off paces the tries.
	await context.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
	await goOnline(context);
	for (const start of ['10:00', '11:00', '12:00', '13:00', '14:00', '15:00']) {
		await createAvailability(page, { date: nextWeek(6), start, end: `${start.slice(0, 2)}:30` });
	}
	const before = attempts.length;
	await page.waitForTimeout(6_000);
	// 1 + 2 + 4 s of back-off (halved at most by the jitter) leave room for four or five tries, not one per edit.
	expect(attempts.length).toBeLessThanOrEqual(6);
	expect(attempts.length - before).toBeLessThanOrEqual(4);
	// What waits is listed, one line per change, and marked as waiting in the calendar (not by colour alone).
	await expect(occurrence(page, '10:00 – 10:30')).toContainText('en attente d’envoi');
	await page.goto('/synchronisation');
	await expect(page.getByTestId('waiting-list').getByRole('listitem')).toHaveCount(9);
	await expect(page.getByTestId('waiting-list')).toContainText('Disponibilité — ');
	await context.unroute('**/api/sync/**');
	await page.evaluate(() => window.dispatchEvent(new Event('online')));
	await expect(syncStatus(page)).toHaveText(SYNCED);
});

test('« Se déconnecter » offline with a change waiting: the doctor is warned, signed out at once, and the server session ends when the network is back', async ({ page, context }) => {
	const doctor = demoDoctor(34);
	await signInWithPsc(page, doctor);
	await expect(syncStatus(page)).toHaveText(SYNCED);
	await showNextWeek(page);
	await goOffline(context);
	await createAvailability(page, { date: nextWeek(2), start: '06:00', end: '06:30' });
	await page.getByRole('button', { name: 'Se déconnecter' }).click();
	const dialog = page.getByRole('dialog', { name: 'Se déconnecter ?' });
	await expect(dialog.getByTestId('sign-out-waiting')).toHaveText('1 modification n’a pas encore été envoyée.');
	await dialog.getByRole('button', { name: 'Envoyer maintenant' }).click();
	await expect(dialog.getByRole('alert')).toContainText('L’envoi n’a pas abouti');
	await dialog.getByRole('button', { name: 'Garder pour la prochaine connexion' }).click();
	// Signed out on the device at once, network or not.
	await expect(page.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Se déconnecter' })).toHaveCount(0);
	// Back online: the session the cookie named ends on the server, and the cookie goes.
	await goOnline(context);
	await expect.poll(async () => (await context.cookies()).some((c) => c.name === 'sas_session')).toBe(false);
	expect(await page.evaluate(async () => (await fetch('/api/session')).status)).toBe(401);
	await page.goto('/agenda');
	await expect(page).toHaveURL(/\/$/);
	// What was kept leaves at the next sign-in.
	await signInWithPsc(page, doctor);
	await expect(syncStatus(page)).toHaveText(SYNCED);
	const agenda = await page.evaluate(async (id) => (await fetch(`/api/practitioners/${id}/agenda`)).json(), doctor.id);
	expect((agenda.availabilities as { date: string; start: string }[]).some((a) => a.date === nextWeek(2) && a.start === '06:00')).toBe(true);
});

test('« Abandonner ces modifications »: what waited is dropped with the device’s copy, nothing reaches the server', async ({ page, context }) => {
	const doctor = demoDoctor(34);
	await signInWithPsc(page, doctor);
	await expect(syncStatus(page)).toHaveText(SYNCED);
	await showNextWeek(page);
	await goOffline(context);
	await createAvailability(page, { date: nextWeek(4), start: '06:00', end: '06:30' });
	await page.getByRole('button', { name: 'Se déconnecter' }).click();
	await page.getByRole('dialog', { name: 'Se déconnecter ?' }).getByRole('button', { name: 'Abandonner ces modifications' }).click();
	await expect(page.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' })).toBeVisible();
	await goOnline(context);
	await signInWithPsc(page, doctor);
	await expect(syncStatus(page)).toHaveText(SYNCED);
	const agenda = await page.evaluate(async (id) => (await fetch(`/api/practitioners/${id}/agenda`)).json(), doctor.id);
	expect((agenda.availabilities as { date: string; start: string }[]).some((a) => a.date === nextWeek(4) && a.start === '06:00')).toBe(false);
});
