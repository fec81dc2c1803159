import { authorizeDirectory } from '$lib/domain/policy';
import { syncedFromRow } from '$lib/server/rows';
import { HttpProblem } from '$lib/server/http/problem';
import { listStructures } from '$lib/server/api/operations/identity';
import { createStructure } from '$lib/server/api/operations/structures';
import * as cards from '$lib/server/services/structure-card.service';
import { endpoint } from '$lib/server/http/endpoint';

// Names and places of structures are what every signed-in user chooses from; nothing private.
export const GET = endpoint(listStructures, async ({ event, query }) => {
	const decision = authorizeDirectory(event.locals.actor);
	if (!decision.allowed) throw new HttpProblem(403, decision.reason);
	let select = event.locals.db.selectFrom('structures').selectAll().where('deleted', '=', false).orderBy('name');
	if (query.territory) select = select.where('territory', '=', query.territory);
	return (await select.execute()).map((row) => syncedFromRow('structures', row));
});

export const POST = endpoint(createStructure, async ({ event, body }) => cards.createStructure(event.locals.db, event.locals.actor, body));
