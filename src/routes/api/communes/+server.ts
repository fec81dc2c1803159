import { listCommunes } from '$lib/server/api/operations/structures';
import { communesByCode, searchCommunes } from '$lib/server/communes';
import { endpoint } from '$lib/server/http/endpoint';
import { HttpProblem } from '$lib/server/http/problem';

// Public reference data (the COG): any signed-in user may search it.
export const GET = endpoint(listCommunes, async ({ event, query }) => {
	if (!event.locals.actor) throw new HttpProblem(401, 'Connectez-vous pour continuer.');
	if (query.codes) return communesByCode(query.codes.split(',').slice(0, 200));
	return searchCommunes(query.q ?? '', { department: query.departement });
});
