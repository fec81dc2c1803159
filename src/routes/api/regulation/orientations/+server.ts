import { listMyOrientations } from '$lib/server/api/operations/regulation';
import { endpoint } from '$lib/server/http/endpoint';
import { myOrientations } from '$lib/server/services/orientation.service';

export const GET = endpoint(listMyOrientations, async ({ event }) => myOrientations(event.locals.db, event.locals.actor));
