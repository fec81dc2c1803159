import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A load balancer for tests: each request goes to the next backend in turn (not each connection,
 * so that a browser's kept-alive connection still reaches every server). Nothing is kept between
 * requests: the servers behind must share all that matters through their database.
 */
export async function roundRobinProxy(backends: string[], port = 0): Promise<{ url: string; port: number; served: number[]; close(): Promise<void> }> {
	let next = 0;
	const served = backends.map(() => 0);
	const server: Server = createServer((req: IncomingMessage, res) => {
		const index = next++ % backends.length;
		served[index]!++;
		const target = new URL(req.url ?? '/', backends[index]);
		const upstream = request(target, { method: req.method, headers: req.headers, agent: false }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', () => {
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
			res.end('Serveur injoignable derrière le proxy.');
		});
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const actual = (server.address() as AddressInfo).port;
	return {
		url: `http://localhost:${actual}`,
		port: actual,
		served,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}
