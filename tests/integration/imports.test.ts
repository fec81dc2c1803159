import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRACTITIONER_ID, demoId } from '../../src/lib/demo';
import { addDays, startOfIsoWeek } from '../../src/lib/domain/civil';
import { newId } from '../../src/lib/domain/ids';
import { todayIn } from '../../src/lib/domain/time';
import type { ServerActor } from '../../src/lib/server/auth/actor';
import type { DatabaseHandle } from '../../src/lib/server/db';
import { DirectoryFileRefused, importFiness } from '../../src/lib/server/directories/import-finess';
import { importRpps } from '../../src/lib/server/directories/import-rpps';
import { MAX_LINE_CHARS } from '../../src/lib/server/directories/text';
import { seedDemoData } from '../../src/lib/server/seed';
import { push } from '../../src/lib/server/sync/push';
import { availability } from '../factories';
import { RPPS_ROWS, rppsFile, writeGeneratedFiness, writeGeneratedRpps } from '../fixtures/directory-files';
import { doctorActor } from './helpers/actors';
import { openTestDatabase } from './helpers/database';

/**
 * Directory files that must not be taken: an import refuses them whole, with a French message
 * naming the line, and the directory and the structures stay as they were.
 */
const dir = mkdtempSync(join(tmpdir(), 'agenda-sas-imports-'));
const write = (name: string, content: string | Buffer) => {
	const path = join(dir, name);
	writeFileSync(path, content);
	return path;
};

let handle: DatabaseHandle;
let doctor: ServerActor;
/** A national-looking extract: 12,000 establishments, about 700 of them CPTS, MSP or centres. */
let national: string;
let nationalText: string;

beforeAll(async () => {
	handle = await openTestDatabase();
	await seedDemoData(handle.db);
	doctor = await doctorActor(handle.db);
	national = join(dir, 'etalab-cs1100507-stock.csv');
	await writeGeneratedFiness(national, 12_000);
	nationalText = readFileSync(national, 'utf8');
});
afterAll(() => handle.close());

const snapshot = () => handle.db.selectFrom('structures').select(['id', 'version', 'closed', 'seq']).orderBy('id').execute();
const imports = async (kind: 'finess' | 'rpps') => (await handle.db.selectFrom('directoryImports').select('id').where('kind', '=', kind).execute()).length;

async function refusal(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof DirectoryFileRefused) return error.message;
		throw error;
	}
	throw new Error('the file was imported');
}

describe('a FINESS file is checked whole before anything is written', () => {
	it('imports the national extract, in batches that let a push through while it runs', async () => {
		// The import writes 50 structures a transaction: a doctor's push gets its change number
		// between two batches, not after the whole file.
		const importing = importFiness(handle.db, national);
		for (let i = 0; i < 400 && (await handle.db.selectFrom('structures').select('id').where('updatedBy', '=', 'Import FINESS').limit(1).execute()).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
		const id = newId();
		const monday = addDays(startOfIsoWeek(todayIn('Europe/Paris')), 7);
		const [pushed] = await push(handle.db, doctor, [
			{ mutationId: newId(), entity: 'availabilities', id, op: 'put', baseVersion: 0, data: availability({ id, practitionerId: DEMO_PRACTITIONER_ID, addressId: demoId('address:Claire Aubert'), date: monday, start: '10:00', end: '11:00' }) as never }
		]);
		expect(pushed!.status).toBe('applied');
		const summary = await importing;
		expect(summary).toMatchObject({ closed: 0, dryRun: false });
		expect(summary.created).toBeGreaterThan(700);
		const { seq: pushSeq } = await handle.db.selectFrom('availabilities').select('seq').where('id', '=', id).executeTakeFirstOrThrow();
		const { last } = await handle.db.selectFrom('structures').select((eb) => eb.fn.max('seq').as('last')).where('updatedBy', '=', 'Import FINESS').executeTakeFirstOrThrow();
		// PostgreSQL runs the push beside the import: it waits for one batch's end at most. (PGlite runs
		// one transaction at a time: each query of the push waits for the batch under way, not the file.)
		if (handle.kind === 'postgres') expect(Number(pushSeq)).toBeLessThan(Number(last));
	});

	it('refuses an empty file, a header alone, a file of another format and a UTF-16 one, naming the line', async () => {
		const before = await snapshot();
		const count = await imports('finess');
		expect(await refusal(importFiness(handle.db, write('vide.csv', '')))).toBe('Le fichier est vide. Rien n’a été importé.');
		expect(await refusal(importFiness(handle.db, write('entete.csv', 'finess;etalab;111;2026-05-12\n')))).toBe('Le fichier ne contient aucun établissement. Rien n’a été importé.');
		expect(await refusal(importFiness(handle.db, write('autre.csv', 'nom;adresse\nx;y\n')))).toMatch(/^La première ligne n’est pas l’en-tête d’une extraction FINESS/);
		const garbage = ['finess;etalab;111;2026-05-12', ...Array.from({ length: 50 }, (_, i) => `structureet;${i};n’importe quoi`)].join('\n');
		expect(await refusal(importFiness(handle.db, write('illisible.csv', garbage)))).toMatch(/^50 lignes refusées pour 0 lues \(la première, ligne 2 : ligne incomplète/);
		const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(nationalText.slice(0, 5_000), 'utf16le')]);
		expect(await refusal(importFiness(handle.db, write('utf16.csv', utf16)))).toMatch(/^Ligne 1 : octet nul/);
		expect(await snapshot()).toEqual(before);
		expect(await imports('finess')).toBe(count);
	});

	it('refuses a file cut short that would close most structures, unless --force; --dry-run says it and writes nothing', async () => {
		const before = await snapshot();
		const lines = nationalText.split('\n');
		// Cut at 30 %, in the middle of a line, as an interrupted download leaves it.
		const cut = write('tronque.csv', `${lines.slice(0, Math.floor(lines.length * 0.3)).join('\n')}\n${lines[Math.floor(lines.length * 0.3)]!.slice(0, 17)}`);
		expect(await refusal(importFiness(handle.db, cut))).toMatch(/^Le fichier s’arrête au milieu d’une ligne \(ligne \d+ refusée\) : il semble tronqué/);
		// Cut at a line end: nothing says so but what it would close.
		const short = write('court.csv', lines.slice(0, Math.floor(lines.length * 0.3)).join('\n') + '\n');
		expect(await refusal(importFiness(handle.db, short))).toMatch(/^Ce fichier fermerait [1-9]\d\d structures sur 7\d\d par rapport au précédent import \(le \d\d\/\d\d\/\d{4}\) : fichier tronqué ou incomplet \? Relancez avec --force/);
		const dry = await importFiness(handle.db, short, { dryRun: true, force: true });
		expect(dry).toMatchObject({ dryRun: true, created: 0 });
		expect(dry.closed).toBeGreaterThan(100);
		expect(await snapshot()).toEqual(before);
		const forced = await importFiness(handle.db, short, { force: true });
		expect(forced.closed).toBe(dry.closed);
		expect((await snapshot()).filter((s) => s.closed).length).toBeGreaterThanOrEqual(dry.closed);
		// The whole file again reopens them.
		expect((await importFiness(handle.db, national)).updated).toBe(dry.closed);
	});

	it('refuses a file without line ends at the line where it passes the limit, without reading it whole', async () => {
		const path = write('sans-fin.csv', `finess;etalab;111;2026-05-12\n${'x'.repeat(MAX_LINE_CHARS * 3)}`);
		expect(await refusal(importFiness(handle.db, path))).toBe('Ligne 2 : plus de 64 Kio sans fin de ligne — ce n’est pas une extraction de l’annuaire. Rien n’a été importé.');
	});
});

describe('an RPPS file is checked whole before the directory is replaced', () => {
	it('keeps the directory when the file has its header only, or far fewer médecins, unless --force', async () => {
		const big = join(dir, 'PS_LibreAcces_Personne_activite.txt');
		await writeGeneratedRpps(big, 3_000);
		const first = await importRpps(handle, big);
		expect(first.practitioners).toBe(500);
		const held = async () => (await handle.db.selectFrom('directoryPractitioners').select('rpps').execute()).length;
		const headerOnly = write('entete.txt', rppsFile([]));
		expect(await refusal(importRpps(handle, headerOnly))).toMatch(/^Le fichier ne contient aucun professionnel/);
		const few = write('peu.txt', rppsFile(RPPS_ROWS));
		expect(await refusal(importRpps(handle, few))).toMatch(/^Ce fichier retirerait de l’annuaire 498 médecins sur 500 par rapport au précédent import/);
		expect(await held()).toBe(500);
		expect(await importRpps(handle, few, { dryRun: true, force: true })).toMatchObject({ dryRun: true, practitioners: 2 });
		expect(await held()).toBe(500);
		expect(await importRpps(handle, few, { force: true })).toMatchObject({ practitioners: 2 });
		expect(await held()).toBe(2);
	});
});
