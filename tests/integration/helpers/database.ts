import { readFile } from 'node:fs/promises';
import { scratchDatabase } from '../../support/scratch-database';
import { inject } from 'vitest';
import { migrate, openDatabase, type DatabaseHandle } from '../../../src/lib/server/db';

/**
 * A database of its own for a test file: PGlite in memory from the migrated template, or, when
 * DATABASE_URL names a PostgreSQL server, a new database on it, dropped by `close()`.
 */
export async function openTestDatabase(): Promise<DatabaseHandle> {
	const serverUrl = process.env.DATABASE_URL;
	if (serverUrl) {
		const database = await scratchDatabase(serverUrl, 'agenda_sas_test');
		const handle = await openDatabase({ databaseUrl: database.url });
		await migrate(handle.db);
		return {
			...handle,
			close: async () => {
				await handle.close();
				await database.drop();
			}
		};
	}
	const template = inject('pgliteTemplate');
	const handle = await openDatabase({
		dataDir: 'memory://',
		...(template ? { loadDataDir: new Blob([await readFile(template)]) } : {})
	});
	if (!template) await migrate(handle.db);
	return handle;
}

/**
 * A second app server's view of the same database: its own connection pool on PostgreSQL (what
 * races between servers need), the same handle on PGlite (one process, one connection).
 */
export async function openSecondServer(handle: DatabaseHandle): Promise<DatabaseHandle> {
	if (handle.kind !== 'postgres' || !handle.databaseUrl) return { ...handle, close: async () => undefined };
	return openDatabase({ databaseUrl: handle.databaseUrl });
}
