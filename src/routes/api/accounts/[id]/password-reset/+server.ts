import { json } from '@sveltejs/kit';
import { resetAccountPassword } from '$lib/server/api/operations/identity';
import { appOrigin } from '$lib/server/access';
import * as accounts from '$lib/server/auth/accounts.service';
import { endpoint } from '$lib/server/http/endpoint';
import { runtime } from '$lib/server/runtime';

export const POST = endpoint(resetAccountPassword, async ({ event, params }) =>
	json(await accounts.resetAccountPassword(event.locals.db, (await runtime()).config, await appOrigin(event), event.locals.actor, params.id), { status: 202 })
);
