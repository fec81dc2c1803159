import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINESS_ROWS, RPPS_ROWS, finessFile, rppsFile } from '../fixtures/directory-files';

function admin(args: string[], dataDir: string) {
	// Always on a PGlite folder of its own, even when the suite runs on a PostgreSQL server.
	const { DATABASE_URL: _, ...env } = process.env;
	const result = spawnSync('npx', ['tsx', 'scripts/admin.ts', ...args], {
		env: { ...env, DATA_DIR: dataDir, ORIGIN: 'https://agenda-sas.example.fr', DEMO_DATA: 'false' },
		encoding: 'utf8',
		timeout: 120_000
	});
	return { status: result.status, out: result.stdout, err: result.stderr };
}

/**
 * The CLI runs on a PGlite folder of its own whatever the suite's database: the PostgreSQL pass of
 * the integration tests (scripts/test-postgres.sh) would only run the same thing again.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);

describe.skipIf(onPostgres)('npm run admin -- create-account-manager', () => {
	it('creates the first account manager of a territory, prints its invitation link and writes the e-mail', () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'agenda-sas-admin-'));
		const run = admin(['create-account-manager', '--email', 'Gestion.05@ARS-paca.test', '--territory', '05'], dataDir);
		expect(run.err).not.toMatch(/Error/);
		expect(run.status).toBe(0);
		expect(run.out).toContain('Compte gestionnaire de comptes créé pour gestion.05@ars-paca.test (territoire 05).');
		const link = /https:\/\/agenda-sas\.example\.fr\/invitation\/[\w-]{40,}/.exec(run.out)?.[0];
		expect(link).toBeDefined();
		const mails = readdirSync(join(dataDir, 'mail'));
		expect(mails).toHaveLength(1);
		const mail = readFileSync(join(dataDir, 'mail', mails[0]!), 'utf8');
		expect(mail).toContain('To: gestion.05@ars-paca.test');
		// The body is quoted-printable: soft line breaks and =XX escapes.
		const body = mail.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
		expect(body).toContain(link);

		const again = admin(['create-account-manager', '--email', 'gestion.05@ars-paca.test', '--territory', '05'], dataDir);
		expect(again.status).toBe(1);
		expect(again.err).toContain('Un compte existe déjà avec cette adresse e-mail.');
	}, 120_000);

	it('explains its usage in French when an argument is wrong', () => {
		const run = admin(['create-account-manager', '--email', 'pas-une-adresse', '--territory', '5'], mkdtempSync(join(tmpdir(), 'agenda-sas-admin-')));
		expect(run.status).toBe(2);
		expect(run.err).toContain('--email : Adresse e-mail invalide');
		expect(run.err).toContain('--territory : Département invalide');
		expect(run.err).toContain('Usage : npm run admin -- create-account-manager');
	}, 120_000);
});

describe.skipIf(onPostgres)('npm run admin -- import-finess / import-rpps', () => {
	it('imports both directories into an empty database and prints what it read, kept, refused', () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'agenda-sas-admin-'));
		const finess = join(dataDir, 'etalab-cs1100507.csv');
		writeFileSync(finess, finessFile(FINESS_ROWS, { extra: ['structureet;trop;court'] }));
		const run = admin(['import-finess', finess], dataDir);
		expect(run.status).toBe(0);
		expect(run.out).toContain('Gardés : 2 CPTS, 1 MSP, 1 centres de santé · autres catégories ignorées : 1');
		expect(run.out).toContain('Localisés : 3 · créés : 4 · mis à jour : 0 · inchangés : 0 · fermés : 0');
		expect(run.out).toContain('ligne 7 : ligne incomplète (3 champs au lieu de 32)');

		const rpps = join(dataDir, 'PS_LibreAcces_Personne_activite.txt');
		writeFileSync(rpps, rppsFile(RPPS_ROWS));
		const imported = admin(['import-rpps', rpps], dataDir);
		expect(imported.status).toBe(0);
		expect(imported.out).toContain('Annuaire : 2 médecins, 3 lieux d’exercice');

		// A file that is not taken: exit 1, why in French, nothing written; --dry-run writes nothing either.
		const empty = join(dataDir, 'vide.csv');
		writeFileSync(empty, '');
		const refused = admin(['import-finess', empty], dataDir);
		expect([refused.status, refused.err.trim()]).toEqual([1, 'Fichier refusé : Le fichier est vide. Rien n’a été importé.']);
		const dry = admin(['import-rpps', rpps, '--dry-run'], dataDir);
		expect(dry.status).toBe(0);
		expect(dry.out).toContain('Essai (--dry-run) : rien n’a été enregistré');

		const missing = admin(['import-rpps'], dataDir);
		expect(missing.status).toBe(2);
		expect(missing.err).toContain('npm run admin -- import-rpps FICHIER');
	}, 180_000);
});
