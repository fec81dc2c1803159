import { getDashboard } from '$lib/server/api/operations/proof';
import { endpoint } from '$lib/server/http/endpoint';
import { dashboardFor } from '$lib/server/proof/dashboard.service';

export const GET = endpoint(getDashboard, async ({ event, query }) => {
	return dashboardFor(event.locals.db, event.locals.actor!, query);
});
