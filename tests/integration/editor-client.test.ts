import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EditorClient, batches, offersOf, searchOnce, slotSearchUrl, type Editor } from '../../src/lib/server/fhir/editor-client';

const psBundle = readFileSync(new URL('../fixtures/fhir/Bundle-ExampleBundlePSIndiv.json', import.meta.url), 'utf8');
const window = { from: Date.parse('2021-11-04T14:19:35.760Z'), to: Date.parse('2021-11-06T23:59:59.999Z') };

/** A booking software's FHIR endpoint: answers the IG's example, or fails, or is slow, on demand. */
class FakeEditor {
	mode: 'ok' | 'slow' | 'outcome' | 'html' | 'down' = 'ok';
	requests: URL[] = [];
	private server: Server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://editor');
		this.requests.push(url);
		if (this.mode === 'down') return void response.writeHead(503, { 'content-type': 'application/fhir+json' }).end('{"resourceType":"OperationOutcome","issue":[{"severity":"fatal","code":"transient","diagnostics":"maintenance"}]}');
		if (this.mode === 'outcome') return void response.writeHead(400, { 'content-type': 'application/fhir+json' }).end('{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid","diagnostics":"paramètre start absent"}]}');
		if (this.mode === 'html') return void response.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
		const send = () => response.writeHead(200, { 'content-type': 'application/fhir+json' }).end(psBundle);
		if (this.mode === 'slow') setTimeout(send, 1_000);
		else send();
	});
	url = '';
	async start() {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/fhir`;
	}
	stop = () => new Promise((resolve) => this.server.closeAllConnections() ?? this.server.close(resolve));
}

const fast = new FakeEditor();
const slow = new FakeEditor();
beforeAll(async () => {
	await fast.start();
	await slow.start();
});
afterAll(async () => {
	await fast.stop();
	await slow.stop();
});

const rppsList = (n: number) => Array.from({ length: n }, (_, i) => String(10_000_000_000 + i));

describe('the Slot search sent to editors', () => {
	it('is the IG’s request: includes, window, prefixed identifiers, status, at most 25 practitioners', () => {
		const url = new URL(slotSearchUrl('https://editeur.test/fhir/', ['10100050075', '10002673899'], window));
		expect(url.pathname).toBe('/fhir/Slot');
		expect(url.searchParams.getAll('_include')).toEqual(['Slot:schedule', 'Slot:service-type-reference']);
		expect(url.searchParams.getAll('_include:iterate')).toEqual(['Schedule:actor', 'HealthcareService:organization']);
		expect(url.searchParams.getAll('start')).toEqual(['ge2021-11-04T14:19:35.760+00:00', 'le2021-11-06T23:59:59.999+00:00']);
		expect(url.searchParams.get('schedule.actor:Practitioner.identifier')).toBe('urn:oid:1.2.250.1.71.4.2.1|810100050075,urn:oid:1.2.250.1.71.4.2.1|810002673899');
		expect(url.searchParams.get('status')).toBe('free');
		expect(() => slotSearchUrl('https://e', rppsList(26), window)).toThrow(RangeError);
		expect(batches(rppsList(60)).map((b) => b.length)).toEqual([25, 25, 10]);
	});
});

describe('an editor’s answers', () => {
	it('are read from the wire, and every failure is « unavailable » with its reason', async () => {
		const editor: Editor = { name: 'Éditeur A', baseUrl: fast.url };
		expect(await searchOnce(editor, ['10100050075'], window)).toMatchObject({ kind: 'offers', dropped: 0 });
		fast.mode = 'outcome';
		expect(await searchOnce(editor, ['10100050075'], window)).toEqual({ kind: 'unavailable', reason: 'paramètre start absent' });
		fast.mode = 'html';
		expect(await searchOnce(editor, ['10100050075'], window)).toEqual({ kind: 'unavailable', reason: 'réponse 200 illisible' });
		fast.mode = 'ok';
		slow.mode = 'slow';
		expect(await searchOnce({ name: 'Lent', baseUrl: slow.url }, ['10100050075'], window, { timeoutMs: 200 })).toEqual({ kind: 'unavailable', reason: 'délai de réponse dépassé' });
		slow.mode = 'ok';
	});
});

describe('the client of all editors', () => {
	it('sends one request per 25 practitioners, and a slow editor does not hold up a fast one', async () => {
		fast.requests = [];
		slow.mode = 'slow';
		const client = new EditorClient({ timeoutMs: 800 });
		const started = performance.now();
		const [quick, late] = await Promise.all([
			client.search({ name: 'Rapide', baseUrl: fast.url }, rppsList(60), window).then((r) => ({ r, at: performance.now() - started })),
			client.search({ name: 'Lent', baseUrl: slow.url }, rppsList(3), window).then((r) => ({ r, at: performance.now() - started }))
		]);
		expect(fast.requests).toHaveLength(3);
		expect(quick.at).toBeLessThan(late.at);
		expect(offersOf(quick.r).length).toBeGreaterThan(0);
		expect(late.r.map((x) => x.answer.kind)).toEqual(['unavailable']);
		slow.mode = 'ok';
	});

	it('serves a cached answer, then a stale one while it fetches again, and keeps it when the editor fails', async () => {
		let now = 1_000_000;
		fast.requests = [];
		fast.mode = 'ok';
		const client = new EditorClient({ freshMs: 1_000, staleMs: 10_000, now: () => now });
		const editor = { name: 'A', baseUrl: fast.url };
		const first = await client.search(editor, ['10100050075'], window);
		await client.search(editor, ['10100050075'], window);
		expect(fast.requests).toHaveLength(1);
		now += 2_000;
		fast.mode = 'down';
		const stale = await client.search(editor, ['10100050075'], window);
		expect(stale).toEqual(first);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(fast.requests).toHaveLength(2);
		// The refresh failed: the answer still worth showing is kept (and another refresh starts).
		expect(await client.search(editor, ['10100050075'], window)).toEqual(first);
		await new Promise((resolve) => setTimeout(resolve, 100));
		fast.mode = 'ok';
	});

	it('stops asking an editor that keeps failing, for a while (circuit breaker)', async () => {
		let now = 5_000_000;
		fast.requests = [];
		fast.mode = 'down';
		const client = new EditorClient({ freshMs: 0, staleMs: 0, failuresToOpen: 2, openMs: 30_000, now: () => now });
		const editor = { name: 'A', baseUrl: fast.url };
		for (let i = 0; i < 4; i++) await client.search(editor, ['10100050075'], window);
		expect(fast.requests).toHaveLength(2);
		now += 31_000;
		fast.mode = 'ok';
		expect((await client.search(editor, ['10100050075'], window))[0]!.answer.kind).toBe('offers');
		expect(fast.requests).toHaveLength(3);
	});
});
