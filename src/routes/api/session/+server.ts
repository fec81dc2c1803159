import { createPasswordSession, deleteSession, getSession } from '$lib/server/api/operations/identity';
import { isSecure, appOrigin } from '$lib/server/access';
import { loadActor } from '$lib/server/auth/actor';
import { loginWithPassword } from '$lib/server/auth/accounts.service';
import { clearSessionCookie, deleteSession as endSession, setSessionCookie, readSession } from '$lib/server/auth/sessions';
import { endpoint } from '$lib/server/http/endpoint';
import { runtime } from '$lib/server/runtime';
import { sessionView } from '$lib/server/services/session.service';

export const GET = endpoint(getSession, async ({ event }) => sessionView(event.locals.actor!, event.locals.sessionToken!));

export const POST = endpoint(createPasswordSession, async ({ event, body }) => {
	const { db, config } = await runtime();
	const session = await loginWithPassword(db, config, {
		...body,
		ip: event.getClientAddress(),
		userAgent: event.request.headers.get('user-agent')
	});
	setSessionCookie(event.cookies, session.token, session.expiresAt, isSecure(await appOrigin(event)));
	const live = await readSession(db, session.token, config.session);
	return sessionView((await loadActor(db, live!.accountId))!, session.token);
});

export const DELETE = endpoint(deleteSession, async ({ event }) => {
	if (event.locals.sessionToken) await endSession(event.locals.db, event.locals.sessionToken);
	clearSessionCookie(event.cookies, isSecure(await appOrigin(event)));
	return new Response(null, { status: 204 });
});
