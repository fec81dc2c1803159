import { enableAccount } from '$lib/server/api/operations/identity';
import { setAccountDisabled } from '$lib/server/auth/accounts.service';
import { endpoint } from '$lib/server/http/endpoint';

export const POST = endpoint(enableAccount, async ({ event, params }) => {
	await setAccountDisabled(event.locals.db, event.locals.actor, params.id, false);
	return new Response(null, { status: 204 });
});
