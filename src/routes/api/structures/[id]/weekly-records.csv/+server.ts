import { recordsCsv } from '$lib/domain/weekly-records';
import { exportStructureRecords } from '$lib/server/api/operations/proof';
import { requireStructure } from '$lib/server/access';
import { download } from '$lib/server/http/download';
import { endpoint } from '$lib/server/http/endpoint';
import { structureRecords } from '$lib/server/proof/records.service';

export const GET = endpoint(exportStructureRecords, async ({ event, params, query }) => {
	await requireStructure(event.locals.db, event.locals.actor, params.id, 'structure.indicators.read');
	const rows = await structureRecords(event.locals.db, params.id, query.from, query.to);
	return download(recordsCsv(rows), 'text/csv; charset=utf-8', `heures-sas-membres-${query.from}-${query.to}.csv`);
});
