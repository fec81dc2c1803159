import type { PGlite } from '@electric-sql/pglite';
import {
	CompiledQuery,
	PostgresAdapter,
	PostgresIntrospector,
	PostgresQueryCompiler,
	type DatabaseConnection,
	type Dialect,
	type Driver,
	type Kysely,
	type QueryResult
} from 'kysely';

/**
 * Kysely on PGlite. PGlite is one connection: a transaction must own it until it ends, or
 * another request's statements would run inside it. So connections are handed out one at a
 * time, in order, and released when the query or transaction is over.
 */
class PGliteConnection implements DatabaseConnection {
	constructor(private readonly pglite: PGlite) {}

	async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
		// Like node-postgres, a query without parameters goes through the simple protocol, which
		// also accepts several statements at once (migrations).
		const result =
			compiled.parameters.length === 0
				? ((await this.pglite.exec(compiled.sql)).at(-1) ?? { rows: [], affectedRows: 0 })
				: await this.pglite.query<R>(compiled.sql, [...compiled.parameters]);
		const affected = result.affectedRows ?? 0;
		return {
			rows: result.rows as R[],
			...(['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes((result as { command?: string }).command ?? '')
				? { numAffectedRows: BigInt(affected) }
				: {})
		};
	}

	// eslint-disable-next-line require-yield
	async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
		throw new Error('PGlite does not stream query results');
	}
}

class PGliteDriver implements Driver {
	private queue: Promise<void> = Promise.resolve();
	private readonly connection: PGliteConnection;
	private release: (() => void) | null = null;

	constructor(private readonly pglite: PGlite) {
		this.connection = new PGliteConnection(pglite);
	}

	async init(): Promise<void> {
		await this.pglite.waitReady;
	}

	async acquireConnection(): Promise<DatabaseConnection> {
		const previous = this.queue;
		let release!: () => void;
		this.queue = new Promise((resolve) => (release = resolve));
		await previous;
		this.release = release;
		return this.connection;
	}

	async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('begin'));
	}

	async commitTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('commit'));
	}

	async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('rollback'));
	}

	async releaseConnection(): Promise<void> {
		const release = this.release;
		this.release = null;
		release?.();
	}

	async destroy(): Promise<void> {
		if (!this.pglite.closed) await this.pglite.close();
	}
}

export class PGliteDialect implements Dialect {
	constructor(private readonly pglite: PGlite) {}

	createAdapter() {
		return new PostgresAdapter();
	}

	createDriver(): Driver {
		return new PGliteDriver(this.pglite);
	}

	createIntrospector(db: Kysely<unknown>) {
		return new PostgresIntrospector(db);
	}

	createQueryCompiler() {
		return new PostgresQueryCompiler();
	}
}
