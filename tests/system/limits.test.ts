import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../support/app-server';

/**
 * Limits a client meets on the production build (its own server: the limits count per address and
 * would spill over other tests): bodies too large answered 413 with the reason, never a reset
 * connection; the attestation check open without an account, limited per address.
 */
let app: AppServer;
beforeAll(async () => {
	app = await startAppServer({ DATABASE_URL: undefined });
}, 180_000);
afterAll(() => app?.stop());

/** A raw upload of `bytes` bytes, with or without its length announced: the status and body the client gets. */
function upload(path: string, bytes: number, options: { type: string; chunked?: boolean }): Promise<{ status: number; type: string; body: string }> {
	return new Promise((resolve, reject) => {
		const url = new URL(path, app.url);
		const req = request(url, { method: 'POST', headers: { 'content-type': options.type, origin: app.url, ...(options.chunked ? {} : { 'content-length': String(bytes) }) } }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (c) => (body += c));
			res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
		});
		req.on('error', reject);
		const chunk = Buffer.alloc(64 * 1024, 'a');
		let sent = 0;
		const pump = () => {
			while (sent < bytes) {
				const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
				sent += part.length;
				if (!req.write(part)) return void req.once('drain', pump);
			}
			req.end();
		};
		pump();
	});
}

describe('bodies too large', () => {
	it.each([
		['announced', false],
		['sent without its length', true]
	])('are answered 413 problem details by the API, %s, past the server’s own 1 MB', async (_, chunked) => {
		for (const bytes of [600 * 1024, 3 * 1024 * 1024]) {
			const answer = await upload('/api/session', bytes, { type: 'application/json', chunked });
			expect(answer.status).toBe(413);
			expect(answer.type).toBe('application/problem+json');
			expect(JSON.parse(answer.body).detail).toMatch(/^Le corps de la requête dépasse 512 Ko/);
		}
	});

	it('are answered 413 OperationOutcome by /fhir (3 MB appointment)', async () => {
		for (const chunked of [false, true]) {
			const answer = await upload('/fhir/Appointment', 3 * 1024 * 1024, { type: 'application/fhir+json', chunked });
			expect(answer.status).toBe(413);
			expect(answer.type).toMatch(/^application\/fhir\+json/);
			expect(JSON.parse(answer.body)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'too-long' }] });
		}
	});
});

describe('checking an attestation without an account', () => {
	it('is limited per address: 20 unknown codes an hour, then 429 with Retry-After', async () => {
		const unknown = (i: number) => `AAAA-BBBB-CCCC-DD${'ABCDEFGHJK'[i % 10]}${'23456789'[Math.floor(i / 10)]}`;
		for (let i = 0; i < 20; i++) expect((await fetch(`${app.url}/api/verification/${unknown(i)}`)).status).toBe(404);
		const limited = await fetch(`${app.url}/api/verification/AAAA-BBBB-CCCC-DDDD`);
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await limited.json()).detail).toMatch(/^Trop de codes inconnus depuis votre adresse réseau\. Réessayez dans \d+ minutes?\.$/);
	});
});
