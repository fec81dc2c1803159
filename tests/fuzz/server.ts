import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../free-port';

/** The production build (build/index.js) on a free port, with a fresh embedded database or DATABASE_URL. */
export async function startServer(env: Record<string, string | undefined>): Promise<{ url: string; stop(): Promise<void>; log(): string }> {
	const port = await freePort();
	const dataDir = mkdtempSync(join(tmpdir(), 'agenda-sas-fuzz-'));
	const url = `http://localhost:${port}`;
	const server: ChildProcess = spawn(process.execPath, ['build/index.js'], {
		env: { ...process.env, PORT: String(port), ORIGIN: url, DATA_DIR: dataDir, DEMO_DATA: 'true', ...env },
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
		if (i > 240) throw new Error(`le serveur ne démarre pas : ${log}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	return {
		url,
		log: () => log,
		async stop() {
			const exited = new Promise((resolve) => server.once('exit', resolve));
			server.kill('SIGTERM');
			await exited;
			process.off('exit', reap);
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
