import { getAgenda } from '$lib/server/api/operations/agenda';
import { requirePractitioner } from '$lib/server/access';
import { endpoint } from '$lib/server/http/endpoint';
import * as agenda from '$lib/server/services/agenda.service';

export const GET = endpoint(getAgenda, async ({ event, params }) => {
	await requirePractitioner(event.locals.db, event.locals.actor, params.id, 'practitioner.read');
	return agenda.getAgenda(event.locals.db, params.id);
});
