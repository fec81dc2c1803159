import type { RequestHandler } from './$types';
import { appOrigin, isSecure } from '$lib/server/access';
import { finishPscLogin, PscLoginError, PSC_FLOW_COOKIE, REAUTH_COOKIE } from '$lib/server/auth/psc';
import { signInWithPsc } from '$lib/server/auth/psc-login.service';
import { setSessionCookie } from '$lib/server/auth/sessions';
import { HttpProblem } from '$lib/server/http/problem';
import { runtime } from '$lib/server/runtime';

/** Pro Santé Connect sends the doctor back here; the session starts and the agenda opens. */
export const GET: RequestHandler = async (event) => {
	const { db, config } = await runtime();
	const origin = await appOrigin(event);
	const flow = event.cookies.get(PSC_FLOW_COOKIE);
	event.cookies.delete(PSC_FLOW_COOKIE, { path: '/auth/psc', httpOnly: true, sameSite: 'lax', secure: isSecure(origin) });
	// The URL PSC redirected to, on our public origin (behind a proxy the request URL may differ).
	const callbackUrl = new URL(`${origin}${event.url.pathname}${event.url.search}`);
	let failure: string;
	try {
		const identity = await finishPscLogin(db, config, origin, callbackUrl, flow);
		const session = await signInWithPsc(db, config, identity, event.request.headers.get('user-agent'));
		setSessionCookie(event.cookies, session.token, session.expiresAt, isSecure(origin));
		event.cookies.delete(REAUTH_COOKIE, { path: '/', httpOnly: false, sameSite: 'lax', secure: isSecure(origin) });
		return new Response(null, { status: 303, headers: { location: '/agenda' } });
	} catch (error) {
		if (error instanceof PscLoginError) failure = error.message.includes('annulée') ? 'psc-annulee' : 'psc-expiree';
		else if (error instanceof HttpProblem && error.status === 403) failure = 'compte-desactive';
		else {
			console.error('[agenda-sas] échec de la connexion Pro Santé Connect', error);
			failure = 'psc-refusee';
		}
	}
	return new Response(null, { status: 303, headers: { location: `/?erreur=${failure}` } });
};
