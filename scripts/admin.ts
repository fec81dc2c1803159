/**
 * npm run admin -- create-account-manager --email E --territory 84 [--first-name P] [--last-name N]
 * Creates the first account manager of a territory and prints its invitation link (7 days).
 */
import { parseArgs } from 'node:util';
import { newAccountSchema } from '$lib/domain/schemas';
import { bootstrapAccountManager } from '$lib/server/auth/accounts.service';
import { loadConfig } from '$lib/server/config';
import { migrate, openDatabase, pgliteDataDir } from '$lib/server/db';
import { HttpProblem } from '$lib/server/http/problem';

const USAGE = 'Usage : npm run admin -- create-account-manager --email adresse@exemple.fr --territory 84 [--first-name Prénom] [--last-name Nom]';

const { positionals, values } = parseArgs({
	allowPositionals: true,
	options: { email: { type: 'string' }, territory: { type: 'string' }, 'first-name': { type: 'string' }, 'last-name': { type: 'string' } }
});
if (positionals[0] !== 'create-account-manager') {
	console.error(USAGE);
	process.exit(2);
}
const input = newAccountSchema.safeParse({
	email: values.email,
	territory: values.territory,
	firstName: values['first-name'] ?? 'Gestionnaire',
	lastName: values['last-name'] ?? `de comptes ${values.territory ?? ''}`.trim(),
	role: 'accountManager',
	structureIds: []
});
if (!input.success) {
	for (const issue of input.error.issues) console.error(`--${String(issue.path[0])} : ${issue.message}`);
	console.error(USAGE);
	process.exit(2);
}

const config = loadConfig();
const origin = config.origin ?? `http://localhost:${process.env.PORT || 3000}`;
const handle = await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: pgliteDataDir(config.dataDir) });
try {
	await migrate(handle.db);
	const { invitationUrl } = await bootstrapAccountManager(handle.db, config, origin, input.data);
	console.info(`Compte gestionnaire de comptes créé pour ${input.data.email} (territoire ${input.data.territory}).`);
	console.info(`Lien d’invitation (valable 7 jours, à usage unique) :\n${invitationUrl}`);
} catch (error) {
	console.error(error instanceof HttpProblem ? error.detail : error);
	process.exitCode = 1;
} finally {
	await handle.close();
}
