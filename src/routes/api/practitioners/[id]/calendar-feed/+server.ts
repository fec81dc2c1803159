import { createCalendarFeed, getCalendarFeed, revokeCalendarFeed } from '$lib/server/api/operations/agenda';
import { appOrigin, requirePractitioner } from '$lib/server/access';
import { endpoint } from '$lib/server/http/endpoint';
import * as feeds from '$lib/server/services/calendar-feed.service';

// The subscription is the doctor's own: only they may see, create or revoke it.
export const GET = endpoint(getCalendarFeed, async ({ event, params }) => {
	await requirePractitioner(event.locals.db, event.locals.actor, params.id, 'participation.write');
	return feeds.feedState(event.locals.db, params.id);
});

export const POST = endpoint(createCalendarFeed, async ({ event, params }) => {
	await requirePractitioner(event.locals.db, event.locals.actor, params.id, 'participation.write');
	return feeds.createFeed(event.locals.db, params.id, event.locals.actor!.accountId, await appOrigin(event));
});

export const DELETE = endpoint(revokeCalendarFeed, async ({ event, params }) => {
	await requirePractitioner(event.locals.db, event.locals.actor, params.id, 'participation.write');
	await feeds.revokeFeed(event.locals.db, params.id);
	return new Response(null, { status: 204 });
});
