import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reservedPort } from '../free-port';

/**
 * A server of its own, started from a copy of the production build, that a test can stop and
 * start again — on the same port and data folder — with a new version of the service worker:
 * what a real deployment looks like to a browser that has the app installed.
 */
export class Deployment {
	// Inside the project, so that the copied server still finds node_modules.
	readonly root = (mkdirSync('test-results', { recursive: true }), mkdtempSync(join('test-results', 'deploy-')));
	readonly dataDir = join(this.root, 'data');
	private server: ChildProcess | null = null;

	port = 0;

	/** `env`: settings of this server (e.g. DEMO_DATA=false for a production start). */
	constructor(private readonly env: Record<string, string> = {}) {}

	get url(): string {
		return `http://localhost:${this.port}`;
	}

	/** Copies the build; `version` changes the service worker the way a new build does. */
	async start(version?: string): Promise<void> {
		this.port ||= await reservedPort();
		const dir = join(this.root, `build-${version ?? 'initial'}`);
		cpSync('build', dir, { recursive: true });
		if (version) {
			const sw = join(dir, 'client', 'service-worker.js');
			writeFileSync(sw, `${readFileSync(sw, 'utf8')}\n// ${version}\n`);
			// The precompressed copies would still hold the old worker.
			rmSync(`${sw}.br`, { force: true });
			rmSync(`${sw}.gz`, { force: true });
		}
		const server = spawn(process.execPath, [join(process.cwd(), dir, 'index.js')], {
			env: { ...process.env, PORT: String(this.port), ORIGIN: this.url, DATA_DIR: this.dataDir, DEMO_DATA: 'true', GEOCODER_URL: 'off', ...this.env },
			stdio: ['ignore', 'ignore', 'pipe']
		});
		this.server = server;
		let errors = '';
		server.stderr!.on('data', (chunk) => (errors += String(chunk)));
		// Never leave a server behind when the test process ends, however it ends.
		const reap = () => server.kill('SIGKILL');
		process.once('exit', reap);
		server.once('exit', () => process.off('exit', reap));
		for (let i = 0; i < 120; i++) {
			if (server.exitCode !== null || server.signalCode !== null) throw new Error(`the server on port ${this.port} exited: ${errors}`);
			try {
				// Answered by our own process: another one on the port would make this one exit.
				if ((await fetch(`${this.url}/api/health`)).ok && server.exitCode === null) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(`the server on port ${this.port} did not start: ${errors}`);
	}

	/** SIGTERM lets it finish its requests and close the database; SIGKILL is a crash. */
	async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
		const server = this.server;
		this.server = null;
		if (!server || server.exitCode !== null || server.signalCode !== null) return;
		const exited = new Promise((resolve) => server.once('exit', resolve));
		server.kill(signal);
		await exited;
	}

	async dispose(): Promise<void> {
		await this.stop();
		rmSync(this.root, { recursive: true, force: true });
	}
}
