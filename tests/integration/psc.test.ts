import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../src/lib/domain/ids';
import { finishPscLogin, pscSandbox, PscLoginError, startPscLogin } from '../../src/lib/server/auth/psc';
import { loadConfig } from '../../src/lib/server/config';
import type { DatabaseHandle } from '../../src/lib/server/db';
import { createSandbox, type Sandbox } from '../../src/lib/server/psc-sandbox';
import { openTestDatabase } from './helpers/database';

/**
 * The Pro Santé Connect code flow, without a browser: the app's client (openid-client) against
 * the bundled sandbox (oidc-provider), the browser's part played by a cookie jar.
 */
const ORIGIN = 'http://localhost:4174';
const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'agenda-sas-psc-')), DEMO_DATA: 'false', PSC_SANDBOX: 'true' });
const rpps = (stem: string) => `${stem}${luhnCheckDigit(stem)}`;

let handle: DatabaseHandle;
let sandbox: Sandbox;
let original: Sandbox['handle'];
/** What the app's back channel received from the provider, by path. */
let backChannel: { path: string; contentType: string }[];
/** Lets a test alter a back-channel answer, as a forged or corrupted response would. */
let tamper: ((path: string, body: string) => string) | null;

beforeAll(async () => {
	handle = await openTestDatabase();
	sandbox = await pscSandbox(config, ORIGIN, handle.db);
	original = sandbox.handle;
	// The app's client reaches the sandbox through `handle`: watch (and corrupt) what it gets.
	sandbox.handle = async (request) => {
		const response = await original(request);
		const path = new URL(request.url).pathname;
		backChannel.push({ path, contentType: response.headers.get('content-type') ?? '' });
		if (!tamper) return response;
		return new Response(tamper(path, await response.text()), { status: response.status, headers: response.headers });
	};
});
afterAll(async () => {
	await handle?.close();
});
beforeEach(() => {
	backChannel = [];
	tamper = null;
});

/** The browser: follows the provider's redirects with its cookies, fills the login form, and stops at the app's callback. */
async function browse(identity: { rpps: string; lastName: string; firstName: string }, servers: Sandbox['handle'][] = [original]) {
	const { url, flow } = await startPscLogin(handle.db, config, ORIGIN);
	const jar = new Map<string, string>();
	let hop = 0;
	const go = async (target: string, init: RequestInit = {}) => {
		const headers = new Headers(init.headers);
		headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
		// Round robin, as a load balancer in front of several app servers would.
		const server = servers[hop++ % servers.length]!;
		const response = await server(new Request(target, { ...init, headers, redirect: 'manual' }));
		for (const cookie of response.headers.getSetCookie()) {
			const [pair] = cookie.split(';');
			const [name, ...value] = pair!.split('=');
			if (/max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) jar.delete(name!);
			else jar.set(name!, value.join('='));
		}
		return response;
	};
	let response = await go(url);
	let location = new URL(response.headers.get('location')!, url).href;
	const form = await go(location);
	expect(await form.text()).toContain('Identifiant RPPS');
	response = await go(`${location}/login`, { method: 'POST', body: new URLSearchParams(identity) });
	// Back to the authorization endpoint, which then sends the browser to the app's callback.
	for (let hops = 0; hops < 5 && response.status >= 300 && response.status < 400; hops++) {
		location = new URL(response.headers.get('location')!, location).href;
		if (location.startsWith(`${ORIGIN}/auth/psc/callback`)) return { callback: new URL(location), flow };
		response = await go(location);
	}
	throw new Error(`no callback: ${response.status} ${await response.text()}`);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Rewrites a compact JWS's payload, keeping its header and signature. */
function forge(jws: string, change: (claims: Record<string, unknown>) => Record<string, unknown>): string {
	const [header, payload, signature] = jws.split('.');
	return [header, base64url(change(JSON.parse(Buffer.from(payload!, 'base64url').toString()))), signature].join('.');
}

/** Why a sign-in failed: openid-client's message and the cause it wraps. */
async function refusal(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (error) {
		const messages: string[] = [];
		for (let e = error as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) messages.push(String(e.message));
		return messages.join(' / ');
	}
	throw new Error('the sign-in went through');
}

describe('Pro Santé Connect, code flow through the sandbox', () => {
	it('signs a doctor in with the RPPS and names of a signed userinfo, checked against the provider’s keys', async () => {
		const { callback, flow } = await browse({ rpps: rpps('1000053741'), lastName: 'Ferrand', firstName: 'Lucie' });
		expect(callback.searchParams.get('state')).toBeTruthy();
		const identity = await finishPscLogin(handle.db, config, ORIGIN, callback, flow);
		expect(identity).toMatchObject({ rpps: rpps('1000053741'), lastName: 'Ferrand', firstName: 'Lucie' });
		const userinfo = backChannel.find((c) => c.path.endsWith('/me'));
		expect(userinfo?.contentType).toMatch(/^application\/jwt/);
		expect(backChannel.some((c) => c.path.endsWith('/jwks'))).toBe(true);
	});

	it('goes through whichever app server each step reaches: its state and keys are the database’s, not one process’s', async () => {
		// A second provider, as a second app server builds it on the same database.
		const other = await createSandbox({ origin: ORIGIN, db: handle.db, demoDoctors: async () => [] });
		expect(other.clientSecret).toBe(sandbox.clientSecret);
		const { callback, flow } = await browse({ rpps: rpps('1000053746'), lastName: 'Klein', firstName: 'Ines' }, [original, other.handle]);
		// The app's back channel (token, userinfo, keys) reaches the first one.
		const identity = await finishPscLogin(handle.db, config, ORIGIN, callback, flow);
		expect(identity).toMatchObject({ rpps: rpps('1000053746'), lastName: 'Klein', firstName: 'Ines' });
	});

	it('is single use: the same callback a second time is refused', async () => {
		const { callback, flow } = await browse({ rpps: rpps('1000053742'), lastName: 'Garnier', firstName: 'Paul' });
		await finishPscLogin(handle.db, config, ORIGIN, callback, flow);
		await expect(finishPscLogin(handle.db, config, ORIGIN, callback, flow)).rejects.toThrow(PscLoginError);
	});

	it('refuses a callback whose state is not the one the flow started with', async () => {
		const { callback, flow } = await browse({ rpps: rpps('1000053743'), lastName: 'Hugues', firstName: 'Anne' });
		callback.searchParams.set('state', 'forged-state');
		expect(await refusal(finishPscLogin(handle.db, config, ORIGIN, callback, flow))).toMatch(/unexpected "state"/);
	});

	it('refuses a userinfo whose claims were changed after signing', async () => {
		const { callback, flow } = await browse({ rpps: rpps('1000053744'), lastName: 'Imbert', firstName: 'Marc' });
		tamper = (path, body) => (path.endsWith('/me') ? forge(body, (claims) => ({ ...claims, family_name: 'Usurpateur' })) : body);
		expect(await refusal(finishPscLogin(handle.db, config, ORIGIN, callback, flow))).toMatch(/JWT signature verification failed/);
	});

	it('refuses an ID token whose claims were changed after signing', async () => {
		const { callback, flow } = await browse({ rpps: rpps('1000053745'), lastName: 'Jourdan', firstName: 'Rose' });
		tamper = (path, body) => {
			if (!path.endsWith('/token')) return body;
			const tokens = JSON.parse(body) as { id_token: string };
			return JSON.stringify({ ...tokens, id_token: forge(tokens.id_token, (claims) => ({ ...claims, sub: 'someone-else' })) });
		};
		expect(await refusal(finishPscLogin(handle.db, config, ORIGIN, callback, flow))).toMatch(/JWT signature verification failed/);
	});
});
