import { getDirectoryEntry } from '$lib/server/api/operations/agenda';
import { requirePractitioner } from '$lib/server/access';
import { directoryEntry } from '$lib/server/directories/lookup';
import { endpoint } from '$lib/server/http/endpoint';

/** What the public directory proposes to a doctor (or to who keeps their agenda): specialty and places. */
export const GET = endpoint(getDirectoryEntry, async ({ event, params }) => {
	const practitioner = await requirePractitioner(event.locals.db, event.locals.actor, params.id, 'practitioner.read');
	const { rpps } = await event.locals.db.selectFrom('practitioners').select('rpps').where('id', '=', practitioner.id).executeTakeFirstOrThrow();
	return directoryEntry(event.locals.db, rpps);
});
