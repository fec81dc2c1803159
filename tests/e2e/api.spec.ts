import { expect, test } from './fixtures';

test.describe('the platform API', () => {
	test('answers its health with the database state', async ({ request }) => {
		const response = await request.get('/api/health');
		expect(response.status()).toBe(200);
		expect(await response.json()).toMatchObject({ status: 'ok', database: { kind: 'pglite', ok: true } });
		expect(response.headers()['x-content-type-options']).toBe('nosniff');
	});

	test('answers unknown paths and invalid parameters with French problem details', async ({ request }) => {
		const missing = await request.get('/api/nothing-here');
		expect(missing.status()).toBe(404);
		expect(missing.headers()['content-type']).toContain('application/problem+json');
		expect(await missing.json()).toMatchObject({ status: 404, title: 'Ressource introuvable' });

		const invalid = await request.get('/api/invitations/pas-un-lien');
		expect(invalid.status()).toBe(422);
		expect(await invalid.json()).toMatchObject({ status: 422, errors: { token: ['Lien d’invitation invalide'] } });

		const notJson = await request.post('/api/session', { headers: { 'content-type': 'application/xml' }, data: '<email>a</email>' });
		expect(notJson.status()).toBe(415);
		const badFields = await request.post('/api/session', { data: { email: 'pas une adresse', password: '' } });
		expect(await badFields.json()).toMatchObject({
			status: 422,
			errors: { email: ['Adresse e-mail invalide (ex. : prenom.nom@exemple.fr)'], password: ['Mot de passe obligatoire'] }
		});
	});

	test('publishes an OpenAPI 3.1 document of its operations', async ({ request }) => {
		const document = await (await request.get('/api/openapi.json')).json();
		expect(document.openapi).toBe('3.1.0');
		expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/practitioners/{id}/agenda']));
	});
});
