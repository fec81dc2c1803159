import { loadConfig, type Config } from './config';
import { migrate, openDatabase, pgliteDataDir, type DatabaseHandle } from './db';
import { isEmpty, seedDemoData } from './seed';

export interface Runtime extends DatabaseHandle {
	config: Config;
}

let starting: Promise<Runtime> | null = null;

/** The server's one database and configuration, opened, migrated and seeded once per process. */
export function runtime(): Promise<Runtime> {
	starting ??= start().catch((error) => {
		starting = null;
		throw error;
	});
	return starting;
}

async function start(): Promise<Runtime> {
	const config = loadConfig();
	const handle = await openDatabase(
		config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: pgliteDataDir(config.dataDir) }
	);
	const applied = await migrate(handle.db);
	if (applied.length > 0) console.info(`[agenda-sas] migrations appliquées : ${applied.join(', ')}`);
	if (config.demoData && (await isEmpty(handle.db))) {
		await seedDemoData(handle.db);
		console.info('[agenda-sas] base vide : données de démonstration créées');
	}
	console.info(`[agenda-sas] base ${handle.kind === 'pglite' ? `PGlite (${pgliteDataDir(config.dataDir)})` : 'PostgreSQL'} prête`);
	return { ...handle, config };
}

export async function shutdown(): Promise<void> {
	const current = starting;
	starting = null;
	if (current) await (await current).close();
}
