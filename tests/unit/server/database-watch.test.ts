import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isTransientDatabaseError } from '../../../src/lib/server/db/watch';

describe('what says the database is gone', () => {
	it.each<[string, unknown, boolean, boolean]>([
		// [case, error, unavailable (the server is down), transient (worth a 503)]
		['admin shutdown (restart)', { code: '57P01', message: 'terminating connection due to administrator command' }, true, true],
		['starting up', { code: '57P03', message: 'the database system is starting up' }, true, true],
		['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), true, true],
		['pool wait over', new Error('timeout exceeded when trying to connect'), true, true],
		['dropped mid-query', new Error('Connection terminated unexpectedly'), true, true],
		['wrapped in a cause', new Error('query failed', { cause: { code: '08006' } }), true, true],
		['statement timeout', { code: '57014', message: 'canceling statement due to statement timeout' }, false, true],
		['lock not available', { code: '55P03' }, false, true],
		['unique violation', { code: '23505', message: 'duplicate key' }, false, false],
		['syntax error', { code: '42601' }, false, false],
		['a plain bug', new TypeError('x is undefined'), false, false],
		['nothing', null, false, false]
	])('%s', (_, error, unavailable, transient) => {
		expect(isDatabaseUnavailable(error)).toBe(unavailable);
		expect(isTransientDatabaseError(error)).toBe(transient);
	});
});
