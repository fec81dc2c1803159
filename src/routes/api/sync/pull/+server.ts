import { syncPull } from '$lib/server/api/operations/sync';
import { endpoint } from '$lib/server/http/endpoint';
import { pull } from '$lib/server/sync/pull';

export const GET = endpoint(syncPull, async ({ event, query }) => pull(event.locals.db, event.locals.actor!, query.cursor, query.limit));
