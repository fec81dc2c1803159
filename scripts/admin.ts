/**
 * npm run admin -- <command>
 *   create-account-manager --email E --territory 84 [--first-name P] [--last-name N]
 *       Creates the first account manager of a territory and prints its invitation link (7 days).
 *   import-finess FILE [--dry-run] [--force]   The FINESS establishment extract (etalab cs1100507 or cs1100502).
 *   import-rpps FILE [--dry-run] [--force]     The RPPS extract PS_LibreAcces_Personne_activite.
 * A file that is empty, mostly refused, cut short or that would close (drop) much of what the
 * previous import brought is refused, changing nothing (exit 1); --force takes it anyway, --dry-run
 * says what would change and writes nothing.
 */
import { parseArgs } from 'node:util';
import { newAccountSchema } from '$lib/domain/schemas';
import { bootstrapAccountManager } from '$lib/server/auth/accounts.service';
import { loadConfig } from '$lib/server/config';
import { migrate, openDatabase, pgliteDataDir, type DatabaseHandle } from '$lib/server/db';
import { DirectoryFileRefused, importFiness, type FinessSummary, type Refusal } from '$lib/server/directories/import-finess';
import { importRpps, type RppsSummary } from '$lib/server/directories/import-rpps';
import { HttpProblem } from '$lib/server/http/problem';

const USAGE = `Usage : npm run admin -- create-account-manager --email adresse@exemple.fr --territory 84 [--first-name Prénom] [--last-name Nom]
        npm run admin -- import-finess FICHIER [--dry-run] [--force]   (extraction FINESS des établissements, etalab cs1100507 ou cs1100502)
        npm run admin -- import-rpps FICHIER [--dry-run] [--force]     (extraction RPPS PS_LibreAcces_Personne_activite)
        --dry-run : dit ce qui changerait, sans rien enregistrer ; --force : importe un fichier qui fermerait ou retirerait beaucoup de ce que l’import précédent a apporté`;

const { positionals, values } = parseArgs({
	allowPositionals: true,
	options: { email: { type: 'string' }, territory: { type: 'string' }, 'first-name': { type: 'string' }, 'last-name': { type: 'string' }, 'dry-run': { type: 'boolean' }, force: { type: 'boolean' } }
});
const [command, file] = positionals;
const importOptions = { dryRun: values['dry-run'] === true, force: values.force === true };

function usage(): never {
	console.error(USAGE);
	process.exit(2);
}

const commands: Record<string, (handle: DatabaseHandle, origin: string) => Promise<void>> = {
	'create-account-manager': async (handle, origin) => {
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
			usage();
		}
		const { invitationUrl } = await bootstrapAccountManager(handle.db, loadConfig(), origin, input.data);
		console.info(`Compte gestionnaire de comptes créé pour ${input.data.email} (territoire ${input.data.territory}).`);
		console.info(`Lien d’invitation (valable 7 jours, à usage unique) :\n${invitationUrl}`);
	},
	'import-finess': async (handle) => printFiness(await importFiness(handle.db, file!, importOptions)),
	'import-rpps': async (handle) => printRpps(await importRpps(handle, file!, importOptions))
};

function printRefusals(refused: number, refusals: Refusal[]): void {
	console.info(`Lignes refusées : ${refused}`);
	for (const r of refusals) console.info(`  ligne ${r.line} : ${r.reason}`);
	if (refused > refusals.length) console.info(`  … et ${refused - refusals.length} autres`);
}

const DRY_RUN = 'Essai (--dry-run) : rien n’a été enregistré ; voici ce que l’import changerait.';

function printFiness(s: FinessSummary): void {
	if (s.dryRun) console.info(DRY_RUN);
	console.info(`Import FINESS de ${s.file} (${s.encoding}, extraction du ${s.extractedOn ?? 'date inconnue'})`);
	console.info(`Lignes lues : ${s.lines} · établissements : ${s.establishments}`);
	console.info(`Gardés : ${s.kept.CPTS} CPTS, ${s.kept.MSP} MSP, ${s.kept.CDS} centres de santé · autres catégories ignorées : ${s.skipped}`);
	console.info(`Localisés : ${s.located} · créés : ${s.created} · mis à jour : ${s.updated} · inchangés : ${s.unchanged} · fermés : ${s.closed}`);
	printRefusals(s.refused, s.refusals);
}

function printRpps(s: RppsSummary): void {
	if (s.dryRun) console.info(DRY_RUN);
	console.info(`Import RPPS de ${s.file} (${s.encoding}, ${s.columns} colonnes)`);
	console.info(`Lignes lues : ${s.lines} · activités de médecins : ${s.activities} · autres professions ignorées : ${s.skipped}`);
	console.info(`Annuaire : ${s.practitioners} médecins, ${s.sites} lieux d’exercice · mémoire au plus haut : ${s.peakMemoryMb} Mo`);
	printRefusals(s.refused, s.refusals);
}

const run = command ? commands[command] : undefined;
if (!run || (command !== 'create-account-manager' && !file)) usage();

const config = loadConfig();
const origin = config.origin ?? `http://localhost:${process.env.PORT || 3000}`;
const handle = await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: pgliteDataDir(config.dataDir) });
try {
	await migrate(handle.db);
	await run(handle, origin);
} catch (error) {
	console.error(error instanceof HttpProblem ? error.detail : error instanceof DirectoryFileRefused ? `Fichier refusé : ${error.message}` : error instanceof Error ? error.message : error);
	process.exitCode = 1;
} finally {
	await handle.close();
}
