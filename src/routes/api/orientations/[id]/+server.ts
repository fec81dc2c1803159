import { updateOrientation } from '$lib/server/api/operations/regulation';
import { endpoint } from '$lib/server/http/endpoint';
import { setOrientationStatus } from '$lib/server/services/orientation.service';

export const PATCH = endpoint(updateOrientation, async ({ event, params, body }) => setOrientationStatus(event.locals.db, event.locals.actor, params.id, body.status));
