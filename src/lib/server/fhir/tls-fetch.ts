import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';

export interface ClientTls {
	/** PEM contents (not paths). */
	cert?: string;
	key?: string;
	ca?: string;
}

/**
 * A `fetch` that presents a client certificate (the guide's mTLS, IGC-Santé certificates) and
 * refuses anything below TLS 1.2. Node's own fetch cannot take a client certificate without the
 * undici package; the few calls to editors need no more than this.
 */
export function tlsFetch(tls: ClientTls): typeof fetch {
	return (async (input: string | URL | Request, init: RequestInit = {}) => {
		const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
		const headers = new Headers(init.headers);
		const body = typeof init.body === 'string' ? init.body : init.body == null ? undefined : String(init.body);
		if (body !== undefined) headers.set('content-length', String(Buffer.byteLength(body)));
		const options: RequestOptions = {
			method: init.method ?? 'GET',
			headers: Object.fromEntries(headers),
			signal: init.signal ?? undefined,
			...(url.protocol === 'https:' ? { cert: tls.cert, key: tls.key, ca: tls.ca, minVersion: 'TLSv1.2' as const } : {})
		};
		return new Promise<Response>((resolve, reject) => {
			const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('error', reject);
				res.on('end', () => {
					const responseHeaders = new Headers();
					for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
					const status = res.statusCode ?? 502;
					resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers: responseHeaders }));
				});
			});
			req.on('error', (error) => reject(init.signal?.aborted ? (init.signal.reason ?? error) : error));
			req.end(body);
		});
	}) as typeof fetch;
}
