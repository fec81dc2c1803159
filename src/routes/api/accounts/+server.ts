import { createAccount, listAccounts } from '$lib/server/api/operations/identity';
import { appOrigin } from '$lib/server/access';
import * as accounts from '$lib/server/auth/accounts.service';
import { endpoint } from '$lib/server/http/endpoint';
import { runtime } from '$lib/server/runtime';

export const GET = endpoint(listAccounts, async ({ event }) => accounts.listAccounts(event.locals.db, event.locals.actor));

export const POST = endpoint(createAccount, async ({ event, body }) =>
	accounts.createAccount(event.locals.db, (await runtime()).config, await appOrigin(event), event.locals.actor, body)
);
