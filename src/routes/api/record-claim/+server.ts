import { decideRecordClaim, getRecordClaim } from '$lib/server/api/operations/identity';
import { endpoint } from '$lib/server/http/endpoint';
import { decideClaim, openClaimOf } from '$lib/server/services/record-claim.service';

export const GET = endpoint(getRecordClaim, async ({ event }) => ({ claim: await openClaimOf(event.locals.db, event.locals.actor!) }));

export const POST = endpoint(decideRecordClaim, async ({ event, body }) => {
	await decideClaim(event.locals.db, event.locals.actor!, body.decision);
	return new Response(null, { status: 204 });
});
