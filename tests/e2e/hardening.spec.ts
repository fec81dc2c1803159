import { buildDemoData } from '../../src/lib/server/seed/demo-data';
import { todayIn } from '../../src/lib/domain/time';
import { Deployment } from './deployment';
import { DEMO_PASSWORDS, DEMO_PRACTITIONER_ID, demoId, expect, newRpps, signInWithPsc, test, violations } from './fixtures';

test.describe('the platform API under hostile input', () => {
	test.beforeEach(async ({ request }) => {
		const [email, password] = DEMO_PASSWORDS.cptsComtat;
		expect((await request.post('/api/session', { data: { email, password } })).status()).toBe(200);
	});

	test('an availability of another practitioner answers 404 like an unknown id, never a 422 that says it exists', async ({ request }) => {
		const outsider = demoId('doctor:Aurélie Imbert');
		const theirs = buildDemoData(todayIn('Europe/Paris')).availabilities.find((a) => a.practitionerId === outsider)!;
		const path = `/api/practitioners/${DEMO_PRACTITIONER_ID}/availabilities/${theirs.id}`;
		const { id: _, practitionerId: __, ...body } = theirs;
		const written = await request.put(path, { data: { ...body, addressId: demoId('address:Claire Aubert') } });
		expect(written.status()).toBe(404);
		expect(await written.json()).toMatchObject({ detail: 'Cette disponibilité est introuvable.' });
		const deleted = await request.delete(path, { headers: { 'if-match': '"1"' } });
		expect(deleted.status()).toBe(404);
	});

	test('bodies over the limit answer 413 problem details in French; a batch over 100 changes answers 413 or 422', async ({ request }) => {
		for (const size of [2_000_000, 10_000_000]) {
			const response = await request.post('/api/sync/push', { headers: { 'content-type': 'application/json' }, data: `{"mutations":[],"x":"${'a'.repeat(size)}"}` });
			expect(response.status()).toBe(413);
			expect(response.headers()['content-type']).toContain('application/problem+json');
			expect(await response.json()).toMatchObject({ status: 413, detail: 'Le corps de la requête dépasse 512 Ko : envoyez moins de données à la fois.' });
		}
		const mutation = (i: number) => ({ mutationId: `0190a0a0-0000-7000-8000-${String(i).padStart(12, '0')}`, entity: 'complementaryInfo', id: DEMO_PRACTITIONER_ID, op: 'delete', baseVersion: 1 });
		for (const count of [101, 10_000]) {
			const response = await request.post('/api/sync/push', { data: { mutations: Array.from({ length: count }, (_, i) => mutation(i)) } });
			expect([413, 422]).toContain(response.status());
			if (response.status() === 422) expect(await response.json()).toMatchObject({ errors: { mutations: ['100 modifications au plus par envoi'] } });
		}
	});

	test('a date in year 0000 answers 422 with the field message, not 500', async ({ request }) => {
		for (const path of [`/api/practitioners/${DEMO_PRACTITIONER_ID}/weekly-check?from=0000-01-01`, `/api/structures/${demoId('structure:cpts-comtat')}/members?from=0000-01-01`]) {
			const response = await request.get(path);
			expect(response.status(), path).toBe(422);
			expect(await response.json()).toMatchObject({ errors: { from: ['Date hors des années prises en charge (1900 à 2199)'] } });
		}
	});
});

test('without Pro Santé Connect configured and out of demo mode, nobody signs in as a doctor: the sandbox is gone and the page says why', async ({ page }) => {
	const production = new Deployment({ DEMO_DATA: 'false' });
	try {
		await production.start();
		expect(await (await fetch(`${production.url}/api/health`)).json()).toMatchObject({ demo: false, psc: 'absent' });
		expect((await fetch(`${production.url}/oidc/.well-known/openid-configuration`)).status).toBe(404);
		const login = await fetch(`${production.url}/auth/psc/login`, { redirect: 'manual' });
		expect(login.headers.get('location')).toBe('/?erreur=psc-non-configure');
		await page.goto(`${production.url}/`);
		await expect(page.getByText('La connexion Pro Santé Connect n’est pas encore configurée sur ce service')).toBeVisible();
		await expect(page.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' })).toHaveCount(0);
	} finally {
		await production.dispose();
	}
});

test('a doctor whose record a health centre created is asked at first sign-in, and a refusal takes the centre’s access away', async ({ page, request }) => {
	const [email, password] = DEMO_PASSWORDS.cdsChartreux;
	expect((await request.post('/api/session', { data: { email, password } })).status()).toBe(200);
	const centre = demoId('structure:cds-chartreux');
	const doctor = { id: crypto.randomUUID(), rpps: newRpps(), lastName: 'Lemaire', firstName: 'Inès' };
	const put = (entity: string, data: Record<string, unknown>) => ({ mutationId: crypto.randomUUID(), entity, id: data.id, op: 'put', baseVersion: 0, data });
	const pushed = await request.post('/api/sync/push', {
		data: {
			mutations: [
				put('practitioners', { ...doctor, specialties: ['Médecine générale'], phone: null, registeredAt: null, healthCentreId: centre }),
				put('addresses', { id: crypto.randomUUID(), practitionerId: doctor.id, street: '12 boulevard Françoise Duparc', postalCode: '13004', city: 'Marseille', inseeCode: null, phone: null, timeZone: 'Europe/Paris' })
			]
		}
	});
	expect((await pushed.json()).results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
	const members = async () => ((await (await request.get(`/api/structures/${centre}/members`)).json()) as { id: string }[]).map((m) => m.id);
	expect(await members()).toContain(doctor.id);

	await signInWithPsc(page, doctor);
	await page.waitForURL('**/rattachement');
	await expect(page.getByRole('heading', { name: 'Votre fiche SAS a été créée par un centre de santé' })).toBeVisible();
	await expect(page.getByText('Centre de santé des Chartreux')).toBeVisible();
	expect(await violations(page)).toEqual([]);
	await page.getByRole('button', { name: 'Refuser' }).click();
	await expect(page.getByText('Le centre n’aura plus accès à votre agenda')).toBeVisible();
	await page.getByRole('button', { name: 'Confirmer le refus' }).click();
	await page.waitForURL('**/agenda');
	expect(await members()).not.toContain(doctor.id);
});
