import { indicatorsCsv, type IndicatorGroup } from '$lib/domain/indicators';
import { exportIndicators } from '$lib/server/api/operations/structures';
import { download } from '$lib/server/http/download';
import { endpoint } from '$lib/server/http/endpoint';
import { indicatorsFor } from '$lib/server/services/indicators.service';

export const GET = endpoint(exportIndicators, async ({ event, query }) => {
	const { territory, weekStart, groups } = await indicatorsFor(event.locals.db, event.locals.actor!, query);
	const group: IndicatorGroup = groups[0] ?? { kind: query.kind, rows: [], totals: { structures: 0, members: 0, manual: 0, meetingTarget: 0 } };
	return download(indicatorsCsv(group), 'text/csv; charset=utf-8', `effecteurs-${query.kind.toLowerCase()}-${territory ?? 'structures'}-${weekStart}.csv`);
});
