import * as oidc from 'openid-client';
import type { Config } from '../config';
import type { DB } from '../db';
import { createSandbox, type Sandbox } from '../psc-sandbox';
import { hashToken, randomToken } from './tokens';
import { pscIdentityFromClaims, type PscIdentity } from './psc-identity';

/** An OpenID Connect sign-in must come back within this delay. */
const FLOW_TTL_MS = 10 * 60_000;
export const PSC_FLOW_COOKIE = 'sas_oidc';
/**
 * Set by the browser when someone signs out on it (offline too): the next Pro Santé Connect sign-in
 * asks the provider to authenticate again (`prompt=login`), so that the next person on a shared
 * computer never slips into the previous doctor's provider session.
 */
export const REAUTH_COOKIE = 'sas_reauth';

interface Client {
	configuration: oidc.Configuration;
	scopes: string;
}

let sandbox: Promise<Sandbox> | null = null;
let client: Promise<Client> | null = null;

/** The sandbox provider, created once per process on the app's origin (PSC_ISSUER unset). */
export function pscSandbox(config: Config, origin: string, db: DB): Promise<Sandbox> {
	sandbox ??= createSandbox({
		origin,
		db,
		demoDoctors: async () =>
			config.demoData
				? (
						await db
							.selectFrom('practitioners')
							.select(['rpps', 'firstName', 'lastName'])
							.where('healthCentreId', 'is', null)
							.orderBy('lastName')
							.limit(8)
							.execute()
					).map((p) => ({ rpps: p.rpps, name: `Dr ${p.firstName} ${p.lastName}` }))
				: []
	}).catch((error) => {
		sandbox = null;
		throw error;
	});
	return sandbox;
}

async function discover(config: Config, origin: string, db: DB): Promise<Client> {
	if (config.psc) {
		const issuer = new URL(config.psc.issuer);
		const configuration = await oidc.discovery(
			issuer,
			config.psc.clientId,
			config.psc.clientSecret,
			oidc.ClientSecretBasic(config.psc.clientSecret),
			issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined
		);
		return { configuration, scopes: config.psc.scopes };
	}
	if (!config.pscSandbox) throw new PscNotConfigured('Pro Santé Connect n’est pas configuré sur ce serveur.');
	const local = await pscSandbox(config, origin, db);
	// The sandbox runs in this process: its back-channel calls (discovery, token, userinfo) go to
	// it directly instead of through the network to ourselves.
	const configuration = await oidc.discovery(new URL(local.issuer), local.clientId, local.clientSecret, oidc.ClientSecretBasic(local.clientSecret), {
		execute: origin.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
		[oidc.customFetch]: (url, options) =>
			local.handle(new Request(url, { method: options.method, headers: options.headers, body: options.body as BodyInit | undefined, redirect: 'manual' }))
	});
	return { configuration, scopes: config.pscScopes };
}

function pscClient(config: Config, origin: string, db: DB): Promise<Client> {
	client ??= discover(config, origin, db)
		.then((found) => {
			// The ID token and a JWT userinfo are checked against the provider's published keys,
			// not only trusted because they came over TLS.
			oidc.enableNonRepudiationChecks(found.configuration);
			return found;
		})
		.catch((error) => {
			client = null;
			throw error;
		});
	return client;
}

/** Starts the authorization code flow with PKCE (S256), state and nonce; returns where to send the browser. */
export async function startPscLogin(db: DB, config: Config, origin: string, options: { reauthenticate?: boolean } = {}) {
	const { configuration, scopes } = await pscClient(config, origin, db);
	const flow = randomToken();
	const state = oidc.randomState();
	const nonce = oidc.randomNonce();
	const codeVerifier = oidc.randomPKCECodeVerifier();
	await db.deleteFrom('oidcFlows').where('createdAt', '<', new Date(Date.now() - FLOW_TTL_MS)).execute();
	await db.insertInto('oidcFlows').values({ id: hashToken(flow), state, nonce, codeVerifier }).execute();
	const url = oidc.buildAuthorizationUrl(configuration, {
		redirect_uri: `${origin}/auth/psc/callback`,
		scope: scopes,
		acr_values: 'eidas1',
		code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
		code_challenge_method: 'S256',
		state,
		nonce,
		...(options.reauthenticate ? { prompt: 'login' } : {})
	});
	return { url: url.href, flow, maxAgeSeconds: FLOW_TTL_MS / 1000 };
}

export class PscLoginError extends Error {}
/** Neither PSC nor its sandbox: doctors cannot sign in on this server until PSC_ISSUER is set. */
export class PscNotConfigured extends Error {}

/** Completes the flow: checks state, nonce and the ID token, reads userinfo; single use. */
export async function finishPscLogin(db: DB, config: Config, origin: string, callbackUrl: URL, flow: string | undefined): Promise<PscIdentity> {
	if (!flow) throw new PscLoginError('La connexion a expiré ou a été ouverte dans un autre navigateur. Recommencez.');
	const saved = await db.deleteFrom('oidcFlows').where('id', '=', hashToken(flow)).returningAll().executeTakeFirst();
	if (!saved || saved.createdAt.getTime() < Date.now() - FLOW_TTL_MS) {
		throw new PscLoginError('La connexion a expiré. Recommencez.');
	}
	const error = callbackUrl.searchParams.get('error');
	if (error) {
		throw new PscLoginError(error === 'access_denied' ? 'Connexion annulée.' : 'Pro Santé Connect a refusé la connexion.');
	}
	const { configuration } = await pscClient(config, origin, db);
	const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
		pkceCodeVerifier: saved.codeVerifier,
		expectedState: saved.state,
		expectedNonce: saved.nonce,
		idTokenExpected: true
	});
	const claims = tokens.claims()!;
	const userinfo = await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub);
	try {
		return pscIdentityFromClaims({ ...claims, ...userinfo });
	} catch (cause) {
		throw new PscLoginError((cause as Error).message);
	}
}
