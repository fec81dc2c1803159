import { getAuditTrail } from '$lib/server/api/operations/identity';
import { requirePractitioner } from '$lib/server/access';
import { auditTrail } from '$lib/server/audit';
import { endpoint } from '$lib/server/http/endpoint';

export const GET = endpoint(getAuditTrail, async ({ event, params }) => {
	await requirePractitioner(event.locals.db, event.locals.actor, params.id, 'audit.read');
	return auditTrail(event.locals.db, params.id);
});
