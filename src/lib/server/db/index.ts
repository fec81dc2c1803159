import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, sql, type Dialect } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations';
import { PGliteDialect } from './pglite-dialect';
import { embeddedWatch, watchPostgres, type DatabaseWatch } from './watch';
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
	/** Whether the database answers (a probe on PostgreSQL when `watch` was asked; PGlite is always up). */
	watch: DatabaseWatch;
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
	/** PostgreSQL: probe the server in the background (app servers do; tools and tests need not). */
	watch?: boolean;
}

/**
 * Limits that turn a database in trouble into fast errors instead of hung requests: a connection
 * (or a free one in the pool) within 1.5 s, a statement within 30 s, a transaction left idle by a
 * crashed request ended after 15 s (its locks released).
 */
export const POOL_LIMITS = {
	max: 10,
	connectionTimeoutMillis: 1_500,
	idleTimeoutMillis: 30_000,
	statement_timeout: 30_000,
	idle_in_transaction_session_timeout: 15_000,
	keepAlive: true
} as const;

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
	let dialect: Dialect;
	let kind: DatabaseHandle['kind'];
	let watch = embeddedWatch();
	if (options.databaseUrl) {
		const pool = new pg.Pool({ connectionString: options.databaseUrl, ...POOL_LIMITS });
		if (options.watch) watch = watchPostgres(options.databaseUrl);
		// Without a listener, one idle connection ended by the server (restart, failover,
		// pg_terminate_backend) is an unhandled 'error' event that ends the process. The pool
		// drops that client and opens a new one when next asked.
		const lost = (error: Error) => {
			console.warn(`[agenda-sas] connexion à la base perdue : ${error.message}`);
			void watch.report(error);
		};
		pool.on('error', lost);
		// The pool listens to its idle clients only: a connection that drops while checked out (inside a
		// transaction, between two queries) would emit an error nobody hears.
		pool.on('connect', (client) => client.on('error', lost));
		dialect = new PostgresDialect({ pool });
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
	return {
		db,
		kind,
		watch,
		...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
		close: async () => {
			watch.stop();
			await db.destroy();
		}
	};
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
	for (let attempt = 1; ; attempt++) {
		const { error, results } = await migrator.migrateToLatest();
		if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
		// Servers starting together on an empty database race to create the migrator's own tables
		// (23505 on the catalogue, 42P07): the loser finds them made and takes the migrator's lock.
		const code = (error as { code?: string }).code;
		if (attempt >= 3 || (code !== '23505' && code !== '42P07')) throw error instanceof Error ? error : new Error(String(error));
		await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
	}
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
