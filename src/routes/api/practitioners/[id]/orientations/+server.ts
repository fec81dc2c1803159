import { listPractitionerOrientations } from '$lib/server/api/operations/regulation';
import { endpoint } from '$lib/server/http/endpoint';
import { orientationsOf } from '$lib/server/services/orientation.service';

export const GET = endpoint(listPractitionerOrientations, async ({ event, params }) => orientationsOf(event.locals.db, event.locals.actor, params.id));
