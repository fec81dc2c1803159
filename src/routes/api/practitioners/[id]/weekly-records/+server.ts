import { getWeeklyRecords } from '$lib/server/api/operations/proof';
import { requirePractitioner } from '$lib/server/access';
import { endpoint } from '$lib/server/http/endpoint';
import { practitionerRecords } from '$lib/server/proof/records.service';

export const GET = endpoint(getWeeklyRecords, async ({ event, params }) => {
	await requirePractitioner(event.locals.db, event.locals.actor, params.id, 'practitioner.read');
	return practitionerRecords(event.locals.db, params.id);
});
