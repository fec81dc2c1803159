import { getAgenda } from '$lib/server/api/operations/agenda';
import { endpoint } from '$lib/server/http/endpoint';
import * as agenda from '$lib/server/services/agenda.service';

export const GET = endpoint(getAgenda, async ({ event, params }) => agenda.getAgenda(event.locals.db, params.id));
