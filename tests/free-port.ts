import { createServer } from 'node:net';

/** A port nobody listens on now: a server left behind by another run never breaks a test. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}

/** Below the system's ephemeral range (32768–60999 on Linux), where `freePort` never lands. */
const RESERVED_PORTS = { from: 20_000, to: 32_000 };

/**
 * A free port for a server that stops and starts again on it (a redeployment): taken outside the
 * ephemeral range, so that no server another worker starts meanwhile on a `freePort` can take it
 * in the instant it is released.
 */
export async function reservedPort(): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = RESERVED_PORTS.from + Math.floor(Math.random() * (RESERVED_PORTS.to - RESERVED_PORTS.from));
		const free = await new Promise<boolean>((resolve) => {
			const probe = createServer();
			probe.once('error', () => resolve(false));
			probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
		});
		if (free) return port;
	}
	throw new Error('aucun port libre entre 20000 et 32000');
}
