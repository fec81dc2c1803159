import { defaultRadiusKm } from '$lib/domain/regulation-search';
import { authorizeRegulation } from '$lib/server/services/regulation-access';
import { searchOffer } from '$lib/server/api/operations/regulation';
import { endpoint } from '$lib/server/http/endpoint';
import { runtime } from '$lib/server/runtime';
import { findCandidates, resolvePlace, searchWindow } from '$lib/server/services/regulation-search.service';

export const GET = endpoint(searchOffer, async ({ event, query }) => {
	authorizeRegulation(event.locals.actor);
	const { config } = await runtime();
	const now = Date.now();
	const place = await resolvePlace(event.locals.db, query, config.geocoderUrl);
	const radiusKm = query.radiusKm ?? defaultRadiusKm(place.department);
	const candidates = await findCandidates(event.locals.db, place, { radiusKm, specialty: query.specialty, now });
	return { place, radiusKm, until: searchWindow(now).to, now, candidates };
});
