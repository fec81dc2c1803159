import { syncPush } from '$lib/server/api/operations/sync';
import { endpoint } from '$lib/server/http/endpoint';
import { push } from '$lib/server/sync/push';

export const POST = endpoint(syncPush, async ({ event, body }) => ({
	results: await push(event.locals.db, event.locals.actor!, body.mutations)
}));
