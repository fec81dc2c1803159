import { defaultPeriod } from '$lib/domain/dashboard';
import { todayIn } from '$lib/domain/time';
import { getDashboard } from '$lib/server/api/operations/proof';
import { endpoint } from '$lib/server/http/endpoint';
import { dashboardFor } from '$lib/server/proof/dashboard.service';

export const GET = endpoint(getDashboard, async ({ event, query }) => {
	const period = defaultPeriod(todayIn('Europe/Paris'));
	return dashboardFor(event.locals.db, event.locals.actor!, { ...query, from: query.from ?? period.from, to: query.to ?? period.to });
});
