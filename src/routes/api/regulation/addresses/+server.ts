import { suggestSearchAddresses } from '$lib/server/api/operations/regulation';
import { endpoint } from '$lib/server/http/endpoint';
import { suggestAddresses } from '$lib/server/locations/geocoder';
import { runtime } from '$lib/server/runtime';
import { authorizeRegulation } from '$lib/server/services/regulation-access';

export const GET = endpoint(suggestSearchAddresses, async ({ event, query }) => {
	authorizeRegulation(event.locals.actor);
	const { config } = await runtime();
	return config.geocoderUrl ? suggestAddresses(config.geocoderUrl, query.q, query.inseeCode) : [];
});
