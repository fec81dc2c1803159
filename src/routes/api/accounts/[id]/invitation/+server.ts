import { reissueInvitation } from '$lib/server/api/operations/identity';
import { appOrigin } from '$lib/server/access';
import * as accounts from '$lib/server/auth/accounts.service';
import { endpoint } from '$lib/server/http/endpoint';
import { runtime } from '$lib/server/runtime';

export const POST = endpoint(reissueInvitation, async ({ event, params }) =>
	accounts.reissueInvitation(event.locals.db, (await runtime()).config, await appOrigin(event), event.locals.actor, params.id)
);
