import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * Runs a Node (req, res) handler — the bundled OpenID provider is a Koa app — on a Fetch API
 * Request and returns its Response, so that it lives inside SvelteKit on the app's own origin.
 * `mountPath` is stripped from the URL the handler sees and kept in `originalUrl`, as Express does.
 */
export async function runNodeHandler(request: Request, handler: NodeHandler, mountPath: string): Promise<Response> {
	const { req, res } = await nodeRequest(request, mountPath);
	return new Promise<Response>((resolve, reject) => {
		const chunks: Buffer[] = [];
		const toBuffer = (chunk: unknown, encoding?: BufferEncoding): Buffer =>
			Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, encoding) : Buffer.from(chunk as Uint8Array);
		res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
			chunks.push(toBuffer(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined));
			(typeof encoding === 'function' ? encoding : callback as (() => void) | undefined)?.();
			return true;
		}) as typeof res.write;
		res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
			if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
				chunks.push(toBuffer(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined));
			}
			resolve(toResponse(res, Buffer.concat(chunks)));
			res.emit('finish');
			return res;
		}) as typeof res.end;
		Promise.resolve(handler(req, res)).catch(reject);
	});
}

/** A Node request and response over `request`, for APIs that read cookies from `req` and write to `res`. */
export async function nodeRequest(request: Request, mountPath: string): Promise<{ req: IncomingMessage; res: ServerResponse }> {
	const url = new URL(request.url);
	const req = new IncomingMessage(new Socket());
	req.method = request.method;
	const path = url.pathname.startsWith(mountPath) ? url.pathname.slice(mountPath.length) || '/' : url.pathname;
	req.url = `${path}${url.search}`;
	(req as IncomingMessage & { originalUrl: string }).originalUrl = `${url.pathname}${url.search}`;
	const headers: Record<string, string> = Object.fromEntries(request.headers);
	headers.host = url.host;
	headers['x-forwarded-proto'] = url.protocol.slice(0, -1);
	const body = request.body ? Buffer.from(await request.arrayBuffer()) : null;
	// Node body parsers (type-is) only see a body when its length is declared.
	if (body?.length) headers['content-length'] = String(body.length);
	req.headers = headers;
	if (body?.length) req.push(body);
	req.push(null);
	return { req, res: new ServerResponse(req) };
}

function toResponse(res: ServerResponse, body: Buffer): Response {
	const headers = new Headers();
	for (const [name, value] of Object.entries(res.getHeaders())) {
		if (value === undefined) continue;
		for (const item of Array.isArray(value) ? value : [value]) headers.append(name, String(item));
	}
	const empty = [204, 304].includes(res.statusCode) || body.length === 0;
	return new Response(empty ? null : new Uint8Array(body), { status: res.statusCode, headers });
}
