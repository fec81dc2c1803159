import { version } from '$app/environment';
import { getHealth } from '$lib/server/api/operations/system';
import { recentDatabaseState } from '$lib/server/db';
import { endpoint } from '$lib/server/http/endpoint';
import { databaseUnavailable, HttpProblem } from '$lib/server/http/problem';
import { runtime } from '$lib/server/runtime';

export const GET = endpoint(getHealth, async ({ event }) => {
	const { db, kind, config } = await runtime();
	const status = event.locals.watch.status();
	const since = status.since.toISOString();
	if (status.state === 'down') {
		const problem = databaseUnavailable();
		throw new HttpProblem(503, `La base de données ne répond pas depuis ${since} (${status.reason}).`, undefined, problem.headers);
	}
	const state = await recentDatabaseState(db).catch((error) => {
		void event.locals.watch.report(error);
		throw new HttpProblem(503, 'La base de données ne répond pas.', undefined, databaseUnavailable().headers);
	});
	return {
		status: 'ok' as const,
		database: { kind, state: 'up' as const, since, ...state },
		version,
		demo: config.demoData,
		psc: config.psc ? ('configured' as const) : config.pscSandbox ? ('sandbox' as const) : ('absent' as const)
	};
});
