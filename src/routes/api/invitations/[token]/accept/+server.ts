import { acceptInvitation } from '$lib/server/api/operations/identity';
import { appOrigin, isSecure } from '$lib/server/access';
import { loadActor } from '$lib/server/auth/actor';
import { choosePassword } from '$lib/server/auth/password-links.service';
import { createSession, setSessionCookie } from '$lib/server/auth/sessions';
import { endpoint } from '$lib/server/http/endpoint';
import { runtime } from '$lib/server/runtime';
import { sessionView } from '$lib/server/services/session.service';

/** The password chosen (invitation or reset), the account is signed in at once (a session like a password sign-in's). */
export const POST = endpoint(acceptInvitation, async ({ event, params, body }) => {
	const { db, config } = await runtime();
	const { accountId } = await choosePassword(db, params.token, body.password);
	const session = await createSession(db, accountId, config.session, event.request.headers.get('user-agent'));
	setSessionCookie(event.cookies, session.token, session.expiresAt, isSecure(await appOrigin(event)));
	return sessionView((await loadActor(db, accountId))!, session.token);
});
