import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

	constructor(readonly port: number) {}

	get url(): string {
		return `http://localhost:${this.port}`;
	}

	/** Copies the build; `version` changes the service worker the way a new build does. */
	async start(version?: string): Promise<void> {
		const dir = join(this.root, `build-${version ?? 'initial'}`);
		cpSync('build', dir, { recursive: true });
		if (version) {
			const sw = join(dir, 'client', 'service-worker.js');
			writeFileSync(sw, `${readFileSync(sw, 'utf8')}\n// ${version}\n`);
			// The precompressed copies would still hold the old worker.
			rmSync(`${sw}.br`, { force: true });
			rmSync(`${sw}.gz`, { force: true });
		}
		this.server = spawn(process.execPath, [join(process.cwd(), dir, 'index.js')], {
			env: { ...process.env, PORT: String(this.port), ORIGIN: this.url, DATA_DIR: this.dataDir, DEMO_DATA: 'true' },
			stdio: 'ignore'
		});
		for (let i = 0; i < 120; i++) {
			try {
				if ((await fetch(`${this.url}/api/health`)).ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(`the server on port ${this.port} did not start`);
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = null;
		if (!server || server.exitCode !== null) return;
		const exited = new Promise((resolve) => server.once('exit', resolve));
		server.kill('SIGTERM');
		await exited;
	}

	async dispose(): Promise<void> {
		await this.stop();
		rmSync(this.root, { recursive: true, force: true });
	}
}
