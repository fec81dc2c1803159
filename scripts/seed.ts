/**
 * npm run seed: resets the database to the demo data (DATABASE_URL, else PGlite in DATA_DIR).
 * Stop the server first when it runs on PGlite: an embedded database has one process.
 */
import { loadConfig } from '$lib/server/config';
import { migrate, openDatabase, pgliteDataDir } from '$lib/server/db';
import { seedDemoData, wipe } from '$lib/server/seed';

const config = loadConfig();
const handle = await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: pgliteDataDir(config.dataDir) });
try {
	await migrate(handle.db);
	await wipe(handle.db);
	const data = await seedDemoData(handle.db);
	console.info(
		`[agenda-sas] données de démonstration : ${data.structures.length} structures, ${data.practitioners.length} médecins, ` +
			`${data.availabilities.length} disponibilités, ${data.unavailabilities.length} indisponibilités`
	);
} finally {
	await handle.close();
}
