import { version } from '$app/environment';
import { getHealth } from '$lib/server/api/operations/system';
import { recentDatabaseState } from '$lib/server/db';
import { endpoint } from '$lib/server/http/endpoint';
import { HttpProblem } from '$lib/server/http/problem';
import { runtime } from '$lib/server/runtime';

export const GET = endpoint(getHealth, async () => {
	const { db, kind, config } = await runtime();
	try {
		return { status: 'ok' as const, database: { kind, ...(await recentDatabaseState(db)) }, version, demo: config.demoData, psc: config.psc ? ('configured' as const) : config.pscSandbox ? ('sandbox' as const) : ('absent' as const) };
	} catch {
		throw new HttpProblem(503, 'La base de données ne répond pas.');
	}
});
