import type { RequestHandler } from './$types';
import { appOrigin, isSecure } from '$lib/server/access';
import { PSC_FLOW_COOKIE, PscNotConfigured, REAUTH_COOKIE, startPscLogin } from '$lib/server/auth/psc';
import { runtime } from '$lib/server/runtime';

/** "Se connecter avec Pro Santé Connect": starts the authorization code flow. */
export const GET: RequestHandler = async (event) => {
	const { db, config } = await runtime();
	const origin = await appOrigin(event);
	try {
		const { url, flow, maxAgeSeconds } = await startPscLogin(db, config, origin, { reauthenticate: event.cookies.get(REAUTH_COOKIE) === '1' });
		event.cookies.set(PSC_FLOW_COOKIE, flow, { path: '/auth/psc', httpOnly: true, sameSite: 'lax', secure: isSecure(origin), maxAge: maxAgeSeconds });
		return new Response(null, { status: 303, headers: { location: url } });
	} catch (error) {
		if (error instanceof PscNotConfigured) return new Response(null, { status: 303, headers: { location: '/?erreur=psc-non-configure' } });
		console.error('[agenda-sas] Pro Santé Connect injoignable', error);
		return new Response(null, { status: 303, headers: { location: '/?erreur=psc-injoignable' } });
	}
};
