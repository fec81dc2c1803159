import { disableAccount } from '$lib/server/api/operations/identity';
import { setAccountDisabled } from '$lib/server/auth/accounts.service';
import { endpoint } from '$lib/server/http/endpoint';

export const POST = endpoint(disableAccount, async ({ event, params }) => {
	await setAccountDisabled(event.locals.db, event.locals.actor, params.id, true);
	return new Response(null, { status: 204 });
});
