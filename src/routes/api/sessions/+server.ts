import { deleteAllSessions } from '$lib/server/api/operations/identity';
import { appOrigin, isSecure } from '$lib/server/access';
import { clearSessionCookie, deleteAccountSessions } from '$lib/server/auth/sessions';
import { endpoint } from '$lib/server/http/endpoint';

export const DELETE = endpoint(deleteAllSessions, async ({ event }) => {
	await deleteAccountSessions(event.locals.db, event.locals.actor!.accountId);
	clearSessionCookie(event.cookies, isSecure(await appOrigin(event)));
	return new Response(null, { status: 204 });
});
