import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, sql, type Dialect } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations';
import { PGliteDialect } from './pglite-dialect';
import type { Database } from './types';

export type { Database } from './types';
export type DB = Kysely<Database>;

/** The columns every practitioner-scoped table shares, for the few queries written once for all of them. */
interface ScopedTable {
	id: string;
	practitionerId: string;
	deleted: boolean;
	seq: number;
}

/**
 * The database typed loosely enough to query any synced table by name. Kysely cannot check a
 * query over a union of tables; the callers map rows through `syncedFromRow`, which is typed.
 */
export function byName(db: DB): Kysely<Record<string, ScopedTable>> {
	return db as unknown as Kysely<Record<string, ScopedTable>>;
}

export interface DatabaseHandle {
	db: DB;
	kind: 'pglite' | 'postgres';
	/** PostgreSQL: where it is, for the tools that need a connection of their own (COPY). */
	databaseUrl?: string;
	close(): Promise<void>;
}

// Both drivers return the same JS values: dates as 'YYYY-MM-DD' strings (no local-midnight Date),
// bigint counters (the change sequence) as numbers, timestamps as Date.
const identity = (value: string) => value;
pg.types.setTypeParser(pg.types.builtins.DATE, identity);
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

export interface DatabaseOptions {
	/** postgres://… : a PostgreSQL server. Otherwise PGlite, embedded. */
	databaseUrl?: string;
	/** PGlite's data folder; 'memory://' for a throw-away database. */
	dataDir?: string;
	/** PGlite only: start from a dump of a data folder (tests copy a migrated template). */
	loadDataDir?: Blob;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
	let dialect: Dialect;
	let kind: DatabaseHandle['kind'];
	if (options.databaseUrl) {
		dialect = new PostgresDialect({ pool: new pg.Pool({ connectionString: options.databaseUrl, max: 10 }) });
		kind = 'postgres';
	} else {
		const dataDir = options.dataDir ?? 'memory://';
		if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
		const pglite = await PGlite.create(dataDir, {
			parsers: { [types.DATE]: identity, [types.INT8]: Number },
			...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {})
		});
		dialect = new PGliteDialect(pglite);
		kind = 'pglite';
	}
	const db = new Kysely<Database>({ dialect, plugins: [new CamelCasePlugin()] });
	return { db, kind, ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}), close: () => db.destroy() };
}

export function pgliteDataDir(dataDir: string): string {
	return join(dataDir, 'pglite');
}

/** Applies the migrations not applied yet, in order. Throws with the failing migration's error. */
export async function migrate(db: DB): Promise<string[]> {
	const migrator = new Migrator({
		db,
		provider: { getMigrations: async () => migrations },
		migrationTableName: 'schema_migrations',
		migrationLockTableName: 'schema_migrations_lock'
	});
	const { error, results } = await migrator.migrateToLatest();
	if (error) throw error instanceof Error ? error : new Error(String(error));
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

type DatabaseState = { ok: boolean; migrations: number; latestMigration: string | null };

const STATE_FRESH_MS = 1_000;
const states = new WeakMap<DB, { at: number; state: Promise<DatabaseState> }>();

/**
 * The database state as the health check reports it, asked at most once a second and shared by the
 * requests that come meanwhile: on PGlite, which runs one query at a time, a health check under
 * load would otherwise queue behind every other request. A failed answer is not kept.
 */
export function recentDatabaseState(db: DB, now = Date.now()): Promise<DatabaseState> {
	const known = states.get(db);
	if (known && now - known.at < STATE_FRESH_MS) return known.state;
	const state = databaseState(db);
	states.set(db, { at: now, state });
	state.catch(() => states.delete(db));
	return state;
}

export async function databaseState(db: DB): Promise<DatabaseState> {
	const { rows } = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db);
	return { ok: true, migrations: rows.length, latestMigration: rows.at(-1)?.name ?? null };
}
