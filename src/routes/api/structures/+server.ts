import { authorizeDirectory } from '$lib/domain/policy';
import type { StructureKind } from '$lib/domain/reference';
import { HttpProblem } from '$lib/server/http/problem';
import { listStructures } from '$lib/server/api/operations/identity';
import { createStructure } from '$lib/server/api/operations/structures';
import * as cards from '$lib/server/services/structure-card.service';
import { endpoint } from '$lib/server/http/endpoint';

// Names and places of structures are what every signed-in user chooses from; nothing private.
export const GET = endpoint(listStructures, async ({ event, query }) => {
	const decision = authorizeDirectory(event.locals.actor);
	if (!decision.allowed) throw new HttpProblem(403, decision.reason);
	let select = event.locals.db
		.selectFrom('structures')
		.select(['id', 'kind', 'name', 'city', 'postalCode', 'territory', 'finess'])
		.where('deleted', '=', false)
		.orderBy('name');
	if (query.territory) select = select.where('territory', '=', query.territory);
	return (await select.execute()).map((s) => ({ ...s, kind: s.kind as StructureKind }));
});

export const POST = endpoint(createStructure, async ({ event, body }) => cards.createStructure(event.locals.db, event.locals.actor, body));
