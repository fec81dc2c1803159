import { checkCentreRpps } from '$lib/server/api/operations/structures';
import { requireStructure } from '$lib/server/access';
import { endpoint } from '$lib/server/http/endpoint';
import { lookUpRpps } from '$lib/server/directories/lookup';

/** Only a health centre adding a doctor asks; it learns whether the RPPS is taken, and the public directory's names for it. */
export const GET = endpoint(checkCentreRpps, async ({ event, params }) => {
	await requireStructure(event.locals.db, event.locals.actor, params.id, 'structure.practitioner.create');
	const found = await event.locals.db.selectFrom('practitioners').select('id').where('rpps', '=', params.rpps).executeTakeFirst();
	return { registered: found !== undefined, directory: await lookUpRpps(event.locals.db, params.rpps) };
});
