import { getWeeklyCheck } from '$lib/server/api/operations/agenda';
import { endpoint } from '$lib/server/http/endpoint';
import * as agenda from '$lib/server/services/agenda.service';

export const GET = endpoint(getWeeklyCheck, async ({ event, params, query }) =>
	agenda.getWeeklyCheck(event.locals.db, params.id, query.from, query.weeks)
);
