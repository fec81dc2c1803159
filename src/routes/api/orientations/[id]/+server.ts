import { updateOrientation } from '$lib/server/api/operations/regulation';
import { endpoint } from '$lib/server/http/endpoint';
import { ifMatchVersion } from '$lib/server/http/if-match';
import { setOrientationStatus } from '$lib/server/services/orientation.service';
import { json } from '@sveltejs/kit';

export const PATCH = endpoint(updateOrientation, async ({ event, params, body }) => {
	const result = await setOrientationStatus(event.locals.db, event.locals.actor, params.id, body.status, ifMatchVersion(event.request, 'l’orientation'));
	return json(result, { headers: { etag: `"${result.version}"` } });
});
