import { dashboardCsv } from '$lib/domain/dashboard';
import { exportDashboard } from '$lib/server/api/operations/proof';
import { download } from '$lib/server/http/download';
import { endpoint } from '$lib/server/http/endpoint';
import { dashboardFor } from '$lib/server/proof/dashboard.service';

export const GET = endpoint(exportDashboard, async ({ event, query }) => {
	const dashboard = await dashboardFor(event.locals.db, event.locals.actor!, query);
	return download(dashboardCsv(dashboard, query.table), 'text/csv; charset=utf-8', `tableau-de-bord-${query.table}-${dashboard.from}-${dashboard.to}.csv`);
});
