/**
 * npm run seed [-- --members N]: resets the database to the demo data (DATABASE_URL, else PGlite in
 * DATA_DIR); with --members, N generated doctors join the demo CPTS du Comtat Venaissin, whose
 * coordinator then measures a large structure (see bench/browser.bench.ts).
 * Stop the server first when it runs on PGlite: an embedded database has one process.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '$lib/server/config';
import { migrate, openDatabase, pgliteDataDir } from '$lib/server/db';
import { seedDemoData, wipe } from '$lib/server/seed';
import { seedGeneratedMembers } from '$lib/server/seed/generated';
import { todayIn } from '$lib/domain/time';

const { values } = parseArgs({ options: { members: { type: 'string' } } });
const members = values.members === undefined ? 0 : Number(values.members);
if (!Number.isInteger(members) || members < 0 || members > 100_000) {
	console.error('[agenda-sas] --members attend un nombre entier de 0 à 100 000');
	process.exit(2);
}

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
	if (members > 0) {
		const generated = await seedGeneratedMembers(handle.db, members, todayIn('Europe/Paris'));
		const rows = Object.values(generated).reduce((n, list) => n + list.length, 0);
		console.info(`[agenda-sas] ${members} médecins générés dans la CPTS du Comtat Venaissin (${rows} lignes)`);
	}
} finally {
	await handle.close();
}
