import pg from 'pg';

/**
 * Whether the database answers, as one app server sees it. A PostgreSQL that restarts, fails over,
 * drops its connections or freezes must give fast 503s and a server that comes back by itself —
 * never a process that exits or requests that hang.
 *
 * A probe asks `select 1` on a connection of its own, with its own deadline, every PROBE_EVERY_MS
 * (faster while the database is down). A request that meets a connection error reports it and
 * gets a probe at once: one connection lost (pg_terminate_backend, a pooled connection the server
 * dropped) is not a database down — the probe decides, and a read that met it can run again on a
 * fresh connection. Requests in flight when the database goes down are answered 503 by the hook
 * (`onDown`), so none waits on a frozen server.
 */

export type DatabaseStatus = { state: 'up'; since: Date } | { state: 'down'; since: Date; reason: string };

/** Seconds a client is told to wait (Retry-After) while the database is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

const PROBE_EVERY_MS = 1_000;
const PROBE_WHILE_DOWN_MS = 500;
/** A probe that takes longer than this counts as a database that does not answer. */
export const PROBE_DEADLINE_MS = 1_000;

/** SQLSTATE classes and codes that mean the database went away, not that a query was wrong. */
const UNAVAILABLE_CODES = /^(08|57P0[1-4]|53300|3D000)/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|the database system is (starting up|shutting down|in recovery mode)|terminating connection|Query read timeout/i;

/**
 * A failure worth a 503 and a retry: the database unreachable, or a statement it stopped because
 * it took too long or waited too long for a lock (57014, 55P03) — the next attempt may pass.
 */
export function isTransientDatabaseError(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return code === '57014' || code === '55P03' || isDatabaseUnavailable(error);
}

/** A failure that says the database cannot be reached now (as opposed to a bad query). */
export function isDatabaseUnavailable(error: unknown): boolean {
	if (!error || typeof error !== 'object') return false;
	const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
	if (typeof e.code === 'string' && (UNAVAILABLE_CODES.test(e.code) || UNAVAILABLE_ERRNO.has(e.code))) return true;
	if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
	if (Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)) return true;
	return e.cause !== undefined && e.cause !== error && isDatabaseUnavailable(e.cause);
}

export interface DatabaseWatch {
	status(): DatabaseStatus;
	/**
	 * A request met this failure: if it says a connection was lost, probe now and resolve with what
	 * the probe found (`up`: that connection alone was gone, a retry may pass); otherwise the status.
	 */
	report(error: unknown): Promise<DatabaseStatus>;
	/** Calls `listener` when the database goes down (at once if it is); returns the unsubscribe. */
	onDown(listener: (status: DatabaseStatus) => void): () => void;
	stop(): void;
}

/** The embedded database lives in the process: it is up while the process is. */
export function embeddedWatch(): DatabaseWatch {
	const since = new Date();
	return { status: () => ({ state: 'up', since }), report: async () => ({ state: 'up', since }), onDown: () => () => undefined, stop: () => undefined };
}

export function watchPostgres(connectionString: string, log: (line: string) => void = (line) => console.warn(line)): DatabaseWatch {
	let status: DatabaseStatus = { state: 'up', since: new Date() };
	let client: pg.Client | null = null;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let stopped = false;
	let probing: Promise<void> | null = null;
	const listeners = new Set<(s: DatabaseStatus) => void>();

	const drop = () => {
		const c = client;
		client = null;
		if (!c) return;
		// end() waits for the server's goodbye, which a frozen server never sends.
		(c as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
		c.end().catch(() => undefined);
	};
	const down = (reason: string) => {
		if (status.state === 'down') return;
		status = { state: 'down', since: new Date(), reason };
		log(`[agenda-sas] base de données injoignable (${reason}) : réponses 503 jusqu’à son retour`);
		for (const listener of [...listeners]) listener(status);
		schedule(0);
	};
	const up = () => {
		if (status.state === 'up') return;
		log(`[agenda-sas] base de données de retour après ${Math.round((Date.now() - status.since.getTime()) / 100) / 10} s`);
		status = { state: 'up', since: new Date() };
	};
	const deadline = <T>(promise: Promise<T>): Promise<T> =>
		new Promise<T>((resolve, reject) => {
			// A busy process may run this timer late, before it reads the answer that came meanwhile:
			// setImmediate lets the pending reads in first, so only a database that did not answer
			// counts as one (a server busy for a second is not a database down).
			const t = setTimeout(() => setImmediate(() => reject(new Error(`pas de réponse en ${PROBE_DEADLINE_MS} ms`))), PROBE_DEADLINE_MS);
			promise.then(
				(v) => (clearTimeout(t), resolve(v)),
				(e) => (clearTimeout(t), reject(e))
			);
		});
	async function ask(): Promise<void> {
		if (!client) {
			const fresh = new pg.Client({ connectionString, connectionTimeoutMillis: PROBE_DEADLINE_MS, application_name: 'agenda-sas-probe' });
			// A connection dropped between probes is noticed by the next one.
			fresh.on('error', () => undefined);
			client = fresh;
			await deadline(fresh.connect());
		}
		await deadline(client.query('select 1'));
	}
	async function attempt(): Promise<void> {
		try {
			const reused = client !== null;
			try {
				await ask();
			} catch (error) {
				// The probe's own connection may be the one the server ended: ask once more on a new
				// one (never after a deadline: a frozen server would take two).
				drop();
				if (!reused || !isDatabaseUnavailable(error)) throw error;
				await ask();
			}
			up();
		} catch (error) {
			drop();
			down((error as Error).message || 'erreur de connexion');
		} finally {
			probing = null;
			schedule(status.state === 'up' ? PROBE_EVERY_MS : PROBE_WHILE_DOWN_MS);
		}
	}
	/** Probes now, or joins the probe under way. */
	function probe(): Promise<void> {
		if (stopped) return Promise.resolve();
		probing ??= attempt();
		return probing;
	}
	function schedule(ms: number) {
		if (stopped) return;
		if (timer) clearTimeout(timer);
		timer = setTimeout(() => void probe(), ms);
		timer.unref();
	}
	schedule(PROBE_EVERY_MS);
	return {
		status: () => status,
		async report(error) {
			if (isDatabaseUnavailable(error)) await probe();
			return status;
		},
		onDown(listener) {
			if (status.state === 'down') listener(status);
			else listeners.add(listener);
			return () => listeners.delete(listener);
		},
		stop() {
			stopped = true;
			if (timer) clearTimeout(timer);
			drop();
			listeners.clear();
		}
	};
}
