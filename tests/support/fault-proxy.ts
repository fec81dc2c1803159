import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type FaultMode = 'open' | 'down' | 'frozen';

/**
 * A TCP relay between the app and PostgreSQL that a test turns into an outage: `down` drops every
 * connection and refuses new ones (a restart, a failover), `frozen` keeps them open and passes no
 * byte (a hung server, a network partition), `open` relays again.
 */
export async function faultProxy(upstream: { host: string; port: number }): Promise<{ port: number; set(mode: FaultMode): void; close(): Promise<void> }> {
	let mode: FaultMode = 'open';
	const pairs = new Set<[Socket, Socket | null]>();
	const waiting: Socket[] = [];

	function relay(client: Socket) {
		const server = connect(upstream);
		const pair: [Socket, Socket | null] = [client, server];
		pairs.add(pair);
		const end = () => {
			client.destroy();
			server.destroy();
			pairs.delete(pair);
		};
		client.on('error', end).on('close', end);
		server.on('error', end).on('close', end);
		client.pipe(server);
		server.pipe(client);
	}

	const listener = createServer((client) => {
		if (mode === 'down') return void client.destroy();
		if (mode === 'frozen') {
			// Accepted, never answered: what a client sees of a frozen server.
			waiting.push(client);
			client.on('error', () => undefined);
			return;
		}
		relay(client);
	});
	await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
	return {
		port: (listener.address() as AddressInfo).port,
		set(next) {
			mode = next;
			for (const [client, server] of pairs) {
				if (next === 'down') {
					client.destroy();
					server?.destroy();
				} else if (next === 'frozen') {
					client.pause();
					server?.pause();
				} else {
					client.resume();
					server?.resume();
				}
			}
			if (next === 'down') {
				pairs.clear();
				for (const c of waiting.splice(0)) c.destroy();
			}
			if (next === 'open') for (const c of waiting.splice(0)) if (!c.destroyed) relay(c);
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const [client, server] of pairs) {
					client.destroy();
					server?.destroy();
				}
				for (const c of waiting) c.destroy();
				listener.close(() => resolve());
			})
	};
}
