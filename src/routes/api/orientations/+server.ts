import { json } from '@sveltejs/kit';
import { createOrientation } from '$lib/server/api/operations/regulation';
import { endpoint } from '$lib/server/http/endpoint';
import { once } from '$lib/server/services/idempotency';
import { orient } from '$lib/server/services/orientation.service';

export const POST = endpoint(createOrientation, async ({ event, body }) => {
	const actor = event.locals.actor!;
	const key = event.request.headers.get('idempotency-key');
	const outcome = await once(event.locals.db, { accountId: actor.accountId, operation: 'createOrientation', key, body }, async () => ({ status: 201, body: await orient(event.locals.db, actor, body) }));
	return json(outcome.body, { status: outcome.status });
});
