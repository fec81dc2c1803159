#!/usr/bin/env node
// npm start: build the app if there is no build yet, then serve it with adapter-node.
// The server migrates the database and seeds the demo data itself when it starts (src/hooks.server.ts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('build/index.js')) {
	console.info('[agenda-sas] pas de build : construction de l’application…');
	const built = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
	if (built.status !== 0) process.exit(built.status ?? 1);
}

const env = { ...process.env, PORT: process.env.PORT || '3000' };
// Without ORIGIN, adapter-node takes every request for https; locally the app is plain http.
env.ORIGIN ??= `http://localhost:${env.PORT}`;
// adapter-node reads the body size limit and the shutdown timeout from these; ours are sane defaults.
env.BODY_SIZE_LIMIT ??= '1M';
env.SHUTDOWN_TIMEOUT ??= '10';

const server = spawn(process.execPath, ['build/index.js'], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
console.info(`[agenda-sas] http://${env.HOST && env.HOST !== '0.0.0.0' ? env.HOST : 'localhost'}:${env.PORT}`);
