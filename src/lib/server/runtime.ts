import { loadConfig, type Config } from './config';
import { migrate, openDatabase, pgliteDataDir, type DatabaseHandle } from './db';
import { isEmpty, seedDemoData } from './seed';
import { startLocating } from './locations/locate';

export interface Runtime extends DatabaseHandle {
	config: Config;
}

let starting: Promise<Runtime> | null = null;
let stopLocating: (() => void) | null = null;

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
	if (!config.psc && !config.pscSandbox) {
		console.warn('[agenda-sas] Pro Santé Connect n’est pas configuré (PSC_ISSUER, PSC_CLIENT_ID, PSC_CLIENT_SECRET) : les médecins ne peuvent pas se connecter.');
	} else if (config.pscSandbox) {
		console.warn('[agenda-sas] bac à sable Pro Santé Connect actif (/oidc) : n’importe qui s’y connecte avec un RPPS valide — démonstration et tests uniquement.');
	}
	console.info(`[agenda-sas] base ${handle.kind === 'pglite' ? `PGlite (${pgliteDataDir(config.dataDir)})` : 'PostgreSQL'} prête`);
	// Places of practice located through the Base Adresse Nationale, in the background.
	if (config.geocoderUrl) stopLocating = startLocating(handle.db, config.geocoderUrl);
	return { ...handle, config };
}

export async function shutdown(): Promise<void> {
	const current = starting;
	starting = null;
	stopLocating?.();
	stopLocating = null;
	if (current) await (await current).close();
}
