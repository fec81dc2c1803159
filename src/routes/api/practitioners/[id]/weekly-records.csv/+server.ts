import { recordsCsv } from '$lib/domain/weekly-records';
import { exportWeeklyRecords } from '$lib/server/api/operations/proof';
import { requirePractitioner } from '$lib/server/access';
import { download } from '$lib/server/http/download';
import { endpoint } from '$lib/server/http/endpoint';
import { practitionerRecords } from '$lib/server/proof/records.service';

export const GET = endpoint(exportWeeklyRecords, async ({ event, params }) => {
	await requirePractitioner(event.locals.db, event.locals.actor, params.id, 'practitioner.read');
	const { practitioner, current, records } = await practitionerRecords(event.locals.db, params.id);
	return download(recordsCsv([...[...records].reverse(), current]), 'text/csv; charset=utf-8', `heures-sas-${practitioner.rpps}.csv`);
});
