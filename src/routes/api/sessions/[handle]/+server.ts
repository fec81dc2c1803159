import { endSessionByHandle } from '$lib/server/api/operations/identity';
import { appOrigin, isSecure } from '$lib/server/access';
import { clearSessionCookie, deleteSessionByHandle, isSessionOf } from '$lib/server/auth/sessions';
import { endpoint } from '$lib/server/http/endpoint';

/** The handle is the session's own key: knowing it ends that session, and nothing else. */
export const DELETE = endpoint(endSessionByHandle, async ({ event, params }) => {
	await deleteSessionByHandle(event.locals.db, params.handle);
	if (isSessionOf(event.locals.sessionToken, params.handle)) clearSessionCookie(event.cookies, isSecure(await appOrigin(event)));
	return new Response(null, { status: 204 });
});
