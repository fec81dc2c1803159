import { json } from '@sveltejs/kit';
import { requestPasswordReset } from '$lib/server/api/operations/identity';
import { appOrigin } from '$lib/server/access';
import * as links from '$lib/server/auth/password-links.service';
import { endpoint } from '$lib/server/http/endpoint';
import { runtime } from '$lib/server/runtime';

export const POST = endpoint(requestPasswordReset, async ({ event, body }) => {
	await links.requestPasswordReset(event.locals.db, (await runtime()).config, await appOrigin(event), { email: body.email, ip: event.getClientAddress() });
	return json({ detail: 'Si un compte actif correspond à cette adresse, un lien pour choisir un nouveau mot de passe vient d’y être envoyé (valable 1 heure).' }, { status: 202 });
});
