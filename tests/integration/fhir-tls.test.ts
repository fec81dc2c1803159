import { request } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/lib/server/db';
import { EditorClient } from '../../src/lib/server/fhir/editor-client';
import { handleFhir } from '../../src/lib/server/fhir/server';
import { startFhirListener } from '../../src/lib/server/fhir/tls-listener';
import { tlsFetch } from '../../src/lib/server/fhir/tls-fetch';
import { loadEditorsFile } from '../../src/lib/server/fhir/editors';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestPki, type TestPki } from '../support/test-pki';
import { openTestDatabase } from './helpers/database';

let pki: TestPki;
let handle: DatabaseHandle;
let server: Server;
let port = 0;
const callers: string[] = [];

beforeAll(async () => {
	pki = makeTestPki();
	handle = await openTestDatabase();
	server = await startFhirListener(
		{ port: 0, host: '127.0.0.1', cert: pki.server.cert, key: pki.server.key, ca: pki.ca, crl: pki.crl },
		{ allowedCn: ['sas-client'], allowedOu: ['SAS'] },
		(req, caller) => {
			callers.push(caller);
			const path = new URL(req.url).pathname.replace(/^\/fhir/, '');
			return handleFhir(req, path, { db: handle.db, origin: 'https://sas.test', baseUrl: `${new URL(req.url).origin}/fhir`, sender: caller });
		}
	);
	port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
	server.close();
	await handle.close();
});

const SLOT_SEARCH = '/fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge2026-12-01T10:00:00.000%2B01:00&start=le2026-12-03T23:59:59.000%2B01:00&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C810000000017&status=free';

/** One HTTPS request with this client certificate (or none) and these TLS versions: the status, or the handshake's error. */
function call(client: { cert: string; key: string } | null, versions: { min?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2'; max?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3' } = {}): Promise<{ status: number; body: string } | { error: string }> {
	return new Promise((resolve) => {
		const req = request(
			{
				host: '127.0.0.1',
				port,
				path: SLOT_SEARCH,
				servername: 'localhost',
				ca: pki.read(pki.ca),
				...(client ? { cert: pki.read(client.cert), key: pki.read(client.key) } : {}),
				minVersion: versions.min ?? 'TLSv1.2',
				maxVersion: versions.max ?? 'TLSv1.3',
				// So that the client does offer TLS 1.0/1.1 when asked to: the server must be the one refusing.
				ciphers: versions.max && versions.max < 'TLSv1.2' ? 'DEFAULT@SECLEVEL=0' : undefined,
				headers: { accept: 'application/json+fhir' }
			},
			(res) => {
				let body = '';
				res.on('data', (chunk) => (body += chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
				res.on('error', (error) => resolve({ error: error.message }));
			}
		);
		req.on('error', (error) => resolve({ error: `${(error as NodeJS.ErrnoException).code} ${error.message}` }));
		req.end();
	});
}

describe('the guide’s TLS cases against our own mTLS listener', () => {
	it('valid certificate → 200 and a searchset; the caller is named by its CN', async () => {
		const answer = await call(pki.clients.valid);
		expect(answer).toMatchObject({ status: 200 });
		expect(JSON.parse((answer as { body: string }).body)).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 0 });
		expect(callers.at(-1)).toBe('sas-client');
	});

	it('wrong CN, wrong OU → 403 OperationOutcome', async () => {
		for (const client of [pki.clients.wrongCn, pki.clients.wrongOu]) {
			const answer = await call(client);
			expect(answer).toMatchObject({ status: 403 });
			expect(JSON.parse((answer as { body: string }).body)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'security' }] });
		}
	});

	it('revoked certificate, no certificate → the handshake fails', async () => {
		for (const client of [pki.clients.revoked, null]) {
			const answer = await call(client);
			expect(answer).toHaveProperty('error');
		}
	});

	it('TLS 1.0 and 1.1 → refused; TLS 1.2 alone → accepted', async () => {
		for (const max of ['TLSv1', 'TLSv1.1'] as const) {
			const answer = await call(pki.clients.valid, { min: 'TLSv1', max });
			// The server's alert (number 70, protocol version), not the client giving up.
			expect(answer).toMatchObject({ error: expect.stringMatching(/alert protocol version/) });
		}
		expect(await call(pki.clients.valid, { max: 'TLSv1.2' })).toMatchObject({ status: 200 });
	});
});

describe('the SAS as mTLS client of an editor', () => {
	it('presents its client certificate: read with it, refused without', async () => {
		const window = { from: Date.parse('2026-12-01T09:00:00Z'), to: Date.parse('2026-12-03T22:59:59Z') };
		const ca = pki.read(pki.ca);
		const base = `https://localhost:${port}/fhir`;
		const withCertificate = new EditorClient({ fetch: tlsFetch({ ca, cert: pki.read(pki.clients.valid.cert), key: pki.read(pki.clients.valid.key) }) });
		const [ok] = await withCertificate.search({ name: 'Doctolib', baseUrl: base }, ['10000000017'], window);
		expect(ok!.answer).toEqual({ kind: 'no-slot' });
		const without = new EditorClient();
		const [refused] = await without.search({ name: 'Doctolib', baseUrl: base, fetch: tlsFetch({ ca }) }, ['10000000017'], window);
		expect(refused!.answer.kind).toBe('unavailable');
	});
});

describe('EDITORS_FILE', () => {
	it('names each editor with its base URL and the certificate the SAS presents to it (paths relative to the file)', async () => {
		const file = join(pki.dir, 'editeurs.json');
		writeFileSync(file, JSON.stringify([{ name: 'Doctolib', baseUrl: `https://localhost:${port}/fhir/`, clientCert: 'valid.pem', clientKey: 'valid.key', ca: 'ca.pem', certificateCn: 'sas-client' }]));
		const [editor] = loadEditorsFile(file);
		expect(editor).toMatchObject({ name: 'Doctolib', baseUrl: `https://localhost:${port}/fhir`, certificateCn: 'sas-client' });
		const [result] = await new EditorClient().search(editor!, ['10000000017'], { from: Date.now(), to: Date.now() + 86_400_000 });
		expect(result!.answer).toEqual({ kind: 'no-slot' });
	});

	it('refuses a file it cannot use, saying what is wrong', () => {
		const write = (content: unknown) => {
			const file = join(pki.dir, `mauvais-${Math.random()}.json`);
			writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
			return file;
		};
		expect(() => loadEditorsFile(write('{'))).toThrow(/EDITORS_FILE illisible/);
		expect(() => loadEditorsFile(write([{ name: 'Inconnu', baseUrl: 'https://e.test' }]))).toThrow(/Logiciel inconnu/);
		expect(() => loadEditorsFile(write([{ name: 'Doctolib', baseUrl: 'ftp://e.test' }]))).toThrow(/URL de base FHIR invalide/);
		expect(() => loadEditorsFile(write([{ name: 'Doctolib', baseUrl: 'https://e.test', clientCert: 'valid.pem' }]))).toThrow(/clientCert et clientKey vont ensemble/);
		expect(() => loadEditorsFile(write([{ name: 'Doctolib', baseUrl: 'https://a.test' }, { name: 'Doctolib', baseUrl: 'https://b.test' }]))).toThrow(/deux fois/);
	});
});
