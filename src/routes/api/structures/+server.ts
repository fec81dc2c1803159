import type { StructureKind } from '$lib/domain/reference';
import { listStructures } from '$lib/server/api/operations/identity';
import { endpoint } from '$lib/server/http/endpoint';

// Names and places of structures are what every signed-in user chooses from; nothing private.
export const GET = endpoint(listStructures, async ({ event, query }) => {
	let select = event.locals.db
		.selectFrom('structures')
		.select(['id', 'kind', 'name', 'city', 'postalCode', 'territory', 'finess'])
		.where('deleted', '=', false)
		.orderBy('name');
	if (query.territory) select = select.where('territory', '=', query.territory);
	return (await select.execute()).map((s) => ({ ...s, kind: s.kind as StructureKind }));
});
