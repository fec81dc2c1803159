import { getIcalFeed } from '$lib/server/api/operations/agenda';
import { endpoint } from '$lib/server/http/endpoint';
import { HttpProblem } from '$lib/server/http/problem';
import { feedCalendar } from '$lib/server/services/calendar-feed.service';

export const GET = endpoint(getIcalFeed, async ({ event, params }) => {
	const calendar = await feedCalendar(event.locals.db, params.token.replace(/\.ics$/, ''));
	if (!calendar) throw new HttpProblem(404, 'Ce lien d’abonnement n’existe pas ou a été révoqué.');
	return new Response(calendar, {
		headers: { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': 'inline; filename="disponibilites-sas.ics"', 'cache-control': 'private, max-age=300' }
	});
});
