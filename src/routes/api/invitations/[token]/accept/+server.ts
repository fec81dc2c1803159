import { acceptInvitation } from '$lib/server/api/operations/identity';
import * as accounts from '$lib/server/auth/accounts.service';
import { endpoint } from '$lib/server/http/endpoint';

export const POST = endpoint(acceptInvitation, async ({ event, params, body }) =>
	accounts.acceptInvitation(event.locals.db, params.token, body.password)
);
