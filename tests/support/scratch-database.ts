import pg from 'pg';

/**
 * A database of its own on the PostgreSQL server `serverUrl` (a test file, a fuzz run, the two
 * e2e servers), dropped by `drop()`.
 */
export async function scratchDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
	const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	await admin.query(`create database ${name}`);
	await admin.end();
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		async drop() {
			const cleanup = new pg.Client({ connectionString: serverUrl });
			await cleanup.connect();
			try {
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
			} finally {
				await cleanup.end();
			}
		}
	};
}
