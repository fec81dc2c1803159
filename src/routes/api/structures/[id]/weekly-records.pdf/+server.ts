import { startOfIsoWeek } from '$lib/domain/civil';
import { getStructureRecordsPdf } from '$lib/server/api/operations/proof';
import { requireStructure } from '$lib/server/access';
import { download } from '$lib/server/http/download';
import { endpoint } from '$lib/server/http/endpoint';
import { structureSummaryPdf } from '$lib/server/proof/pdf';
import { structureRecords } from '$lib/server/proof/records.service';

export const GET = endpoint(getStructureRecordsPdf, async ({ event, params, query }) => {
	const structure = await requireStructure(event.locals.db, event.locals.actor, params.id, 'structure.indicators.read');
	const row = await event.locals.db.selectFrom('structures').select('finess').where('id', '=', params.id).executeTakeFirstOrThrow();
	const rows = await structureRecords(event.locals.db, params.id, query.from, query.to);
	const pdf = await structureSummaryPdf({ name: structure.name, finess: row.finess }, startOfIsoWeek(query.from), startOfIsoWeek(query.to), rows, new Date().toISOString());
	return download(pdf, 'application/pdf', `heures-sas-membres-${query.from}-${query.to}.pdf`);
});
