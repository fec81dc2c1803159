import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/** A Fetch API Request from a Node request (for the listeners that do not go through SvelteKit). */
export function fetchRequest(req: IncomingMessage, origin: string): Request {
	const headers = new Headers();
	for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
	const method = req.method ?? 'GET';
	const body = method === 'GET' || method === 'HEAD' ? undefined : (Readable.toWeb(req) as ReadableStream);
	// The Host the caller used names the resources it gets back (self links, Location).
	const base = req.headers.host && /^[\w.:[\]-]+$/.test(req.headers.host) ? `${new URL(origin).protocol}//${req.headers.host}` : origin;
	return new Request(new URL(req.url ?? '/', base), { method, headers, body, duplex: 'half' } as RequestInit);
}

/** Writes a Fetch API Response to a Node response. */
export async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
	res.statusCode = response.status;
	response.headers.forEach((value, name) => res.setHeader(name, value));
	res.end(Buffer.from(await response.arrayBuffer()));
}

/** A Node request listener over a Fetch API handler; a thrown error is a 500, never a crash. */
export function nodeListener(origin: string, handle: (request: Request, req: IncomingMessage) => Promise<Response>) {
	return (req: IncomingMessage, res: ServerResponse) => {
		void (async () => {
			try {
				await sendResponse(res, await handle(fetchRequest(req, origin), req));
			} catch (error) {
				console.error(error);
				if (!res.headersSent) res.statusCode = 500;
				res.end();
			}
		})();
	};
}
