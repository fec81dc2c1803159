import { updateStructure } from '$lib/server/api/operations/structures';
import { endpoint } from '$lib/server/http/endpoint';
import { ifMatchVersion } from '$lib/server/http/if-match';
import { HttpProblem } from '$lib/server/http/problem';
import * as cards from '$lib/server/services/structure-card.service';

export const PATCH = endpoint(updateStructure, async ({ event, params, body }) => {
	const version = ifMatchVersion(event.request, 'la structure');
	if (version === null) throw new HttpProblem(428, 'Indiquez dans l’en-tête If-Match la version de la structure modifiée.');
	return cards.updateStructure(event.locals.db, event.locals.actor, params.id, version, body);
});
