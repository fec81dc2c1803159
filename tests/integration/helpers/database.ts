import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate, openDatabase, type DatabaseHandle } from '../../../src/lib/server/db';

/**
 * A database of its own for a test file: PGlite in memory from the migrated template, or, when
 * DATABASE_URL names a PostgreSQL server, a new database on it, dropped by `close()`.
 */
export async function openTestDatabase(): Promise<DatabaseHandle> {
	const serverUrl = process.env.DATABASE_URL;
	if (serverUrl) {
		const name = `agenda_sas_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
		const admin = new pg.Client({ connectionString: serverUrl });
		await admin.connect();
		await admin.query(`create database ${name}`);
		await admin.end();
		const url = new URL(serverUrl);
		url.pathname = `/${name}`;
		const handle = await openDatabase({ databaseUrl: url.toString() });
		await migrate(handle.db);
		return {
			...handle,
			close: async () => {
				await handle.close();
				const cleanup = new pg.Client({ connectionString: serverUrl });
				await cleanup.connect();
				// An autovacuum worker on the database cannot be ended by this role (42501): it finishes soon.
				for (let attempt = 1; ; attempt++) {
					try {
						await cleanup.query(`drop database if exists ${name} with (force)`);
						break;
					} catch (error) {
						if ((error as { code?: string }).code !== '42501' || attempt === 20) throw error;
						await new Promise((resolve) => setTimeout(resolve, 250));
					}
				}
				await cleanup.end();
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
