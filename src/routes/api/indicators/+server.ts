import { getIndicators } from '$lib/server/api/operations/structures';
import { endpoint } from '$lib/server/http/endpoint';
import { indicatorsFor } from '$lib/server/services/indicators.service';

export const GET = endpoint(getIndicators, async ({ event, query }) => indicatorsFor(event.locals.db, event.locals.actor!, query));
