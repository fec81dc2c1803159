import { createOrientation } from '$lib/server/api/operations/regulation';
import { endpoint } from '$lib/server/http/endpoint';
import { orient } from '$lib/server/services/orientation.service';

export const POST = endpoint(createOrientation, async ({ event, body }) => orient(event.locals.db, event.locals.actor, body));
