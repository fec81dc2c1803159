import { checkCentreRpps } from '$lib/server/api/operations/structures';
import { requireStructure } from '$lib/server/access';
import { endpoint } from '$lib/server/http/endpoint';

/** Only a health centre adding a doctor asks, and learns only whether the RPPS is taken. */
export const GET = endpoint(checkCentreRpps, async ({ event, params }) => {
	await requireStructure(event.locals.db, event.locals.actor, params.id, 'structure.practitioner.create');
	const found = await event.locals.db.selectFrom('practitioners').select('id').where('rpps', '=', params.rpps).executeTakeFirst();
	return { registered: found !== undefined };
});
