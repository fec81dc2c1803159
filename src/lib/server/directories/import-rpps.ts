import { once } from 'node:events';
import { basename } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { newId } from '$lib/domain/ids';
import type { DatabaseHandle, DB } from '../db';
import { readRppsLine, rppsColumns, type RppsActivity } from './rpps';
import type { ImportOptions } from './import-finess';
import { checkWholeFile, detectEncoding, DirectoryFileRefused, readLines, refuse, type Encoding, type LineEnd, type Refusal } from './text';

export interface RppsSummary {
	file: string;
	encoding: Encoding;
	/** Columns of the header: 52 or 56 (57 with a trailing `|`). */
	columns: number;
	lines: number;
	/** Activities of médecins kept (profession 10). */
	activities: number;
	/** Activities of other professions, not kept. */
	skipped: number;
	practitioners: number;
	sites: number;
	refused: number;
	refusals: Refusal[];
	/** Largest resident memory seen during the import, in MB. */
	peakMemoryMb: number;
	/** --dry-run: what the directory would hold; nothing was written. */
	dryRun: boolean;
}

const STAGING_COLUMNS = ['rpps', 'last_name', 'first_name', 'specialty_code', 'specialty', 'mode', 'siret', 'finess', 'site_name', 'street', 'postal_code', 'insee_code', 'city', 'phone'] as const;
/** General practice, in the ordinal specialties (TRE_R38): a doctor's specialty of choice when they have several. */
const GENERAL_PRACTICE = ['SM54', 'SM53', 'SM26'];

const stagingValues = (a: RppsActivity) => [a.rpps, a.lastName, a.firstName, a.specialtyCode, a.specialty, a.mode, a.siret, a.finess, a.siteName, a.street, a.postalCode, a.inseeCode, a.city, a.phone];

/** Where the activities read go before they replace the directory: COPY on PostgreSQL, batches on PGlite. */
interface Staging {
	add(activity: RppsActivity): Promise<void>;
	end(): Promise<void>;
}

const CREATE_STAGING = `create temp table rpps_staging (${STAGING_COLUMNS.map((c) => `${c} text`).join(', ')}) on commit drop`;

/** The rows staged, made into the directory: one person per RPPS (general practice first), their distinct sites. */
const REPLACE_DIRECTORY = [
	'delete from directory_sites',
	'delete from directory_practitioners',
	`insert into directory_practitioners (rpps, last_name, first_name, specialty_code, specialty)
		select distinct on (rpps) rpps, last_name, first_name, specialty_code, specialty from rpps_staging
		order by rpps, specialty_code in (${GENERAL_PRACTICE.map((c) => `'${c}'`).join(', ')}) desc nulls last, specialty_code nulls last`,
	`insert into directory_sites (rpps, mode, siret, finess, site_name, street, postal_code, insee_code, city, phone)
		select distinct rpps, mode, siret, finess, site_name, street, postal_code, insee_code, city, phone from rpps_staging
		where coalesce(siret, finess, site_name, street, postal_code, insee_code, city) is not null`
];

/** COPY text format: backslash, tab, newline and carriage return escaped; \N is null. */
const copyField = (value: string | null) => (value === null ? '\\N' : value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!));

async function readInto(path: string, summary: RppsSummary, staging: Staging, end: LineEnd): Promise<void> {
	let columns: ReturnType<typeof rppsColumns> | null = null;
	let number = 0;
	for await (const line of readLines(path, summary.encoding, end)) {
		number++;
		if (!columns) {
			columns = rppsColumns(line);
			summary.columns = line.split('|').length;
			continue;
		}
		if (!line) continue;
		const read = readRppsLine(line, columns, summary.columns);
		if (read.type === 'activity') {
			summary.activities++;
			await staging.add(read.activity);
		} else if (read.type === 'skipped') summary.skipped++;
		else {
			refuse(summary, number, read.reason);
		}
		if (number % 100_000 === 0) summary.peakMemoryMb = Math.max(summary.peakMemoryMb, process.memoryUsage.rss() / 2 ** 20);
	}
	if (!columns) throw new DirectoryFileRefused('Le fichier RPPS est vide : la ligne d’en-tête manque. Rien n’a été importé.');
	summary.lines = number;
	await staging.end();
}

/** Between staging and replacing: the checks of the whole file, against what the directory holds now. */
type Check = (staged: Staged) => Promise<'replace' | 'keep'>;
type Staged = { practitioners: number; sites: number };
const COUNT_STAGED = `select count(distinct rpps)::int as practitioners, count(*)::int as sites from rpps_staging`;

async function importOnPostgres(url: string, path: string, summary: RppsSummary, check: Check, end: LineEnd): Promise<void> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	let copy: ReturnType<typeof copyFrom> | null = null;
	try {
		await client.query('begin');
		await client.query(CREATE_STAGING);
		copy = client.query(copyFrom(`copy rpps_staging (${STAGING_COLUMNS.join(', ')}) from stdin`));
		let buffer = '';
		const flush = async () => {
			if (!buffer) return;
			const chunk = buffer;
			buffer = '';
			if (!copy!.write(chunk)) await once(copy!, 'drain');
		};
		await readInto(path, summary, {
			add: async (activity) => {
				buffer += stagingValues(activity).map(copyField).join('\t') + '\n';
				if (buffer.length > 1 << 16) await flush();
			},
			end: async () => {
				await flush();
				copy!.end();
				await once(copy!, 'finish');
				copy = null;
			}
		}, end);
		const staged = (await client.query<Staged>(COUNT_STAGED)).rows[0]!;
		if ((await check(staged)) === 'keep') {
			await client.query('rollback');
			return;
		}
		for (const statement of REPLACE_DIRECTORY) await client.query(statement);
		await client.query('commit');
	} catch (error) {
		// A COPY under way is abandoned first (CopyFail): the connection takes no query until then.
		if (copy) await new Promise((resolve) => copy!.once('error', resolve).once('close', resolve).destroy(error as Error));
		await client.query('rollback').catch(() => undefined);
		throw error;
	} finally {
		await client.end();
	}
}

/** Rolls a dry run back: nothing of it stays. */
class DryRun extends Error {}

async function importOnPglite(db: DB, path: string, summary: RppsSummary, check: Check, end: LineEnd): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await sql.raw(CREATE_STAGING).execute(trx);
		let batch: RppsActivity[] = [];
		const flush = async () => {
			if (!batch.length) return;
			const rows = batch.map((a) => sql`(${sql.join(stagingValues(a))})`);
			batch = [];
			await sql`insert into rpps_staging (${sql.raw(STAGING_COLUMNS.join(', '))}) values ${sql.join(rows)}`.execute(trx);
		};
		await readInto(path, summary, {
			add: async (activity) => {
				batch.push(activity);
				if (batch.length === 2_000) await flush();
			},
			end: flush
		}, end);
		const { rows } = await sql.raw<Staged>(COUNT_STAGED).execute(trx);
		if ((await check(rows[0]!)) === 'keep') throw new DryRun();
		for (const statement of REPLACE_DIRECTORY) await sql.raw(statement).execute(trx);
	}).catch((error) => {
		if (!(error instanceof DryRun)) throw error;
	});
}

/**
 * Imports the RPPS « Personne activité » extract into the directory of médecins (not accounts: a
 * doctor's account is still made at their first Pro Santé Connect sign-in). Streamed line by line,
 * staged (COPY on PostgreSQL), then the directory is replaced in one transaction: a failed import
 * leaves the previous directory in place. Before replacing, the whole file is checked
 * (`checkWholeFile`): a file empty but for its header, mostly refused, cut short, or bringing far
 * fewer médecins than the directory holds (without --force) replaces nothing. The directory is not
 * synced to devices: replacing it takes no lock a push waits on.
 */
export async function importRpps(handle: DatabaseHandle, path: string, options: ImportOptions = {}): Promise<RppsSummary> {
	const started = new Date();
	const summary: RppsSummary = {
		file: basename(path),
		encoding: await detectEncoding(path),
		columns: 0,
		lines: 0,
		activities: 0,
		skipped: 0,
		practitioners: 0,
		sites: 0,
		refused: 0,
		refusals: [],
		peakMemoryMb: process.memoryUsage.rss() / 2 ** 20,
		dryRun: options.dryRun === true
	};
	const count = async (table: 'directoryPractitioners' | 'directorySites') => Number((await handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
	const [held, previous] = await Promise.all([count('directoryPractitioners'), handle.db.selectFrom('directoryImports').select('finishedAt').where('kind', '=', 'rpps').orderBy('finishedAt', 'desc').executeTakeFirst()]);
	const end: LineEnd = { lastLineEnded: true };
	const check: Check = async (staged) => {
		checkWholeFile({
			records: summary.activities + summary.skipped,
			refused: summary.refused,
			firstRefusal: summary.refusals[0],
			label: 'professionnel (le fichier n’a que sa ligne d’en-tête)',
			cutShort: !end.lastLineEnded && summary.refusals.at(-1)?.line === summary.lines,
			loss: previous ? { now: staged.practitioners, before: held, at: previous.finishedAt, what: 'retirerait de l’annuaire {n} médecins' } : null,
			force: options.force === true
		});
		if (summary.activities === 0) throw new DirectoryFileRefused('Le fichier ne contient aucun médecin (profession 10) : l’annuaire est gardé tel quel. Rien n’a été importé.');
		summary.practitioners = staged.practitioners;
		summary.sites = staged.sites;
		return options.dryRun ? 'keep' : 'replace';
	};
	if (handle.kind === 'postgres' && handle.databaseUrl) await importOnPostgres(handle.databaseUrl, path, summary, check, end);
	else await importOnPglite(handle.db, path, summary, check, end);
	summary.peakMemoryMb = Math.round(Math.max(summary.peakMemoryMb, process.memoryUsage.rss() / 2 ** 20));
	if (options.dryRun) return summary;
	summary.practitioners = await count('directoryPractitioners');
	summary.sites = await count('directorySites');
	await handle.db.insertInto('directoryImports').values({ id: newId(), kind: 'rpps', file: summary.file, startedAt: started, finishedAt: new Date(), summary: JSON.stringify(summary) }).execute();
	return summary;
}
