import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../free-port';
import { roundRobinProxy } from './round-robin-proxy';
import { scratchDatabase } from './scratch-database';

export interface AppServer {
	url: string;
	dataDir: string;
	pid: number;
	log(): string;
	/** Whether the process is still running. */
	alive(): boolean;
	stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * The production build (build/index.js) on a free port (or `port`), with a fresh data folder
 * unless one is given: PGlite there, or DATABASE_URL in `env`. Resolves once /api/health answers.
 */
export async function startAppServer(env: Record<string, string | undefined>, options: { port?: number; dataDir?: string; origin?: string } = {}): Promise<AppServer> {
	const port = options.port ?? (await freePort());
	const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'agenda-sas-server-'));
	const url = `http://localhost:${port}`;
	const server: ChildProcess = spawn(process.execPath, ['build/index.js'], {
		env: { ...process.env, PORT: String(port), ORIGIN: options.origin ?? url, DATA_DIR: dataDir, DEMO_DATA: 'true', GEOCODER_URL: 'off', BODY_SIZE_LIMIT: '1M', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	server.stdout!.on('data', (chunk) => (log += String(chunk)));
	server.stderr!.on('data', (chunk) => (log += String(chunk)));
	const reap = () => server.kill('SIGKILL');
	process.once('exit', reap);
	for (let i = 0; ; i++) {
		if (server.exitCode !== null) throw new Error(`le serveur s’est arrêté : ${log}`);
		try {
			if ((await fetch(`${url}/api/health`)).ok) break;
		} catch {
			// not listening yet
		}
		if (i > 480) throw new Error(`le serveur ne démarre pas : ${log}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	return {
		url,
		dataDir,
		pid: server.pid!,
		log: () => log,
		alive: () => server.exitCode === null && server.signalCode === null,
		async stop(signal = 'SIGTERM') {
			if (server.exitCode === null && server.signalCode === null) {
				const exited = new Promise((resolve) => server.once('exit', resolve));
				server.kill(signal);
				await exited;
			}
			process.off('exit', reap);
			if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** The links of the messages the server wrote for `address` (no SMTP: .eml files in DATA_DIR/mail), oldest first. */
export function mailLinks(dataDir: string, address: string): string[] {
	let files: string[];
	try {
		files = readdirSync(join(dataDir, 'mail')).sort();
	} catch {
		return [];
	}
	const suffix = `${address.replace(/[^a-z0-9@._-]/gi, '_')}.eml`;
	return files
		.filter((f) => f.endsWith(suffix))
		.flatMap((f) => {
			// Quoted-printable: soft line breaks and =XX escapes.
			const body = readFileSync(join(dataDir, 'mail', f), 'utf8').replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
			return [...body.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
		});
}

export interface Topology {
	/** Where the browser goes: the one server, or the proxy in front of two. */
	url: string;
	dataDir: string;
	servers: AppServer[];
	/** Requests each server answered (behind the proxy), to check that every one took part. */
	served: number[];
	/** The link of the last message to `address` whose path starts with `prefix` (« /mot-de-passe/ »). */
	lastMailLink(address: string, prefix: string): string;
	stop(): Promise<void>;
}

function withMail(t: Omit<Topology, 'lastMailLink'>): Topology {
	return {
		...t,
		lastMailLink(address, prefix) {
			const link = mailLinks(t.dataDir, address).filter((l) => new URL(l).pathname.startsWith(prefix)).at(-1);
			if (!link) throw new Error(`aucun message pour ${address} avec un lien ${prefix}`);
			return link;
		}
	};
}

/** One server on its own embedded database: what `npm start` runs. */
export async function singleServer(): Promise<Topology> {
	const server = await startAppServer({});
	return withMail({ url: server.url, dataDir: server.dataDir, servers: [server], served: [], stop: () => server.stop() });
}

/**
 * Two servers on one PostgreSQL database behind a round-robin proxy, started together on the empty
 * database (both migrate, one seeds), sharing one data folder for the mail they write.
 */
export async function twoServers(postgresUrl: string): Promise<Topology> {
	const database = await scratchDatabase(postgresUrl, 'agenda_sas_e2e');
	const dataDir = mkdtempSync(join(tmpdir(), 'agenda-sas-two-'));
	const port = await freePort();
	const origin = `http://localhost:${port}`;
	const env = { DATABASE_URL: database.url };
	const servers = await Promise.all([startAppServer(env, { dataDir, origin }), startAppServer(env, { dataDir, origin })]);
	const proxy = await roundRobinProxy(
		servers.map((s) => s.url),
		port
	);
	return withMail({
		url: proxy.url,
		dataDir,
		servers,
		served: proxy.served,
		async stop() {
			await proxy.close();
			await Promise.all(servers.map((s) => s.stop()));
			// A database left behind is a throw-away one: tearing down never fails on it.
			await database.drop().catch(() => undefined);
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
}
