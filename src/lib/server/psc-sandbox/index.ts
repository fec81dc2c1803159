import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { nameSchema, rppsSchema } from '$lib/domain/schemas';
import { nodeRequest, runNodeHandler } from '../node-bridge';
import { PSC_SCOPE_ALL_CLAIMS, pscClaims, type SandboxIdentity } from './claims';
import { loginPage } from './login-page';
import { databaseAdapter, identityOf, keepIdentity, sandboxSecrets } from './store';
import type { DB } from '../db';

export const SANDBOX_MOUNT = '/oidc';
export const SANDBOX_CLIENT_ID = 'agenda-sas-sandbox';

export interface Sandbox {
	issuer: string;
	clientId: string;
	clientSecret: string;
	/** Answers every request under /oidc: the provider's endpoints and its sign-in page. */
	handle(request: Request): Promise<Response>;
}

export interface SandboxOptions {
	origin: string;
	/** Where its state lives, so that every app server continues a sign-in any other began. */
	db: DB;
	/** Shown on the sign-in page in demo mode, so that testers can sign in as a demo doctor. */
	demoDoctors: () => Promise<{ rpps: string; name: string }[]>;
}

const PAGE_HEADERS = {
	'content-type': 'text/html; charset=utf-8',
	'cache-control': 'no-store',
	'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
};

/**
 * A local OpenID provider that stands in for Pro Santé Connect when PSC_ISSUER is not set:
 * authorization code + PKCE (S256), acr eidas1, PSC-shaped claims, so that the whole code flow
 * runs locally and in tests. Its state and keys live in the database: several app servers behind
 * one load balancer act as one provider. Development, demo and tests only.
 */
export async function createSandbox({ origin, db, demoDoctors }: SandboxOptions): Promise<Sandbox> {
	const issuer = `${origin}${SANDBOX_MOUNT}`;
	const { clientSecret, cookieKey, signingKey } = await sandboxSecrets(db);

	const configuration: Configuration = {
		clients: [
			{
				client_id: SANDBOX_CLIENT_ID,
				client_secret: clientSecret,
				redirect_uris: [`${origin}/auth/psc/callback`],
				post_logout_redirect_uris: [`${origin}/`],
				response_types: ['code'],
				grant_types: ['authorization_code'],
				token_endpoint_auth_method: 'client_secret_basic',
				// As PSC does: userinfo comes back as a JWT signed with the provider's key.
				userinfo_signed_response_alg: 'RS256'
			}
		],
		pkce: { required: () => true },
		scopes: ['openid', 'scope_all'],
		claims: { openid: ['sub'], scope_all: PSC_SCOPE_ALL_CLAIMS },
		acrValues: ['eidas1'],
		jwks: { keys: [{ ...signingKey, kid: 'sandbox', use: 'sig', alg: 'RS256' }] as never },
		cookies: { keys: [cookieKey] },
		adapter: databaseAdapter(db),
		features: { devInteractions: { enabled: false }, userinfo: { enabled: true }, jwtUserinfo: { enabled: true }, rpInitiatedLogout: { enabled: true } },
		interactions: { url: (_ctx, interaction) => `${SANDBOX_MOUNT}/interaction/${interaction.uid}` },
		ttl: { AccessToken: 300, AuthorizationCode: 60, IdToken: 300, Interaction: 600, Session: 3_600, Grant: 3_600 },
		async findAccount(_ctx, sub) {
			const identity = await identityOf<SandboxIdentity>(db, sub);
			if (!identity) return undefined;
			return { accountId: sub, claims: async () => pscClaims(identity) };
		},
		// The sandbox's only client is ours: consent is implied, as it is with PSC for a registered service.
		async loadExistingGrant(ctx: KoaContextWithOIDC) {
			const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
			if (grantId) return ctx.oidc.provider.Grant.find(grantId);
			const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
			grant.addOIDCScope('openid scope_all');
			grant.addOIDCClaims(PSC_SCOPE_ALL_CLAIMS);
			await grant.save();
			return grant;
		},
		renderError(ctx, out) {
			ctx.type = 'html';
			ctx.body = `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Erreur Pro Santé Connect (bac à sable)</title><main><h1>Connexion impossible</h1><p>${String(out.error_description ?? out.error).replace(/[<>&]/g, '')}</p><p><a href="${origin}/">Revenir à Agenda SAS</a></p></main></html>`;
		}
	};
	const provider = new Provider(issuer, configuration);
	provider.proxy = true;
	const callback = provider.callback();

	async function page(request: Request, uid: string, values: SandboxIdentity, errors: Record<string, string>, status = 200) {
		const html = loginPage({
			action: `${SANDBOX_MOUNT}/interaction/${uid}/login`,
			abort: `${SANDBOX_MOUNT}/interaction/${uid}/abort`,
			values: { rpps: values.rpps, lastName: values.lastName, firstName: values.firstName },
			errors,
			demoDoctors: await demoDoctors()
		});
		return new Response(html, { status, headers: PAGE_HEADERS });
	}

	/** The provider's interaction API reads cookies only: it gets the request without its body. */
	const headersOnly = (request: Request) => nodeRequest(new Request(request.url, { headers: request.headers }), SANDBOX_MOUNT);

	async function finish(request: Request, result: Parameters<Provider['interactionResult']>[2]): Promise<Response> {
		const { req, res } = await headersOnly(request);
		const returnTo = await provider.interactionResult(req, res, result, { mergeWithLastSubmission: false });
		return new Response(null, { status: 303, headers: { location: returnTo } });
	}

	async function interaction(request: Request, uid: string, step: string | undefined): Promise<Response> {
		const { req, res } = await headersOnly(request);
		let details;
		try {
			details = await provider.interactionDetails(req, res);
		} catch {
			return new Response('Cette demande de connexion a expiré. Recommencez depuis Agenda SAS.', { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
		}
		if (details.uid !== uid) return new Response('Demande de connexion inconnue.', { status: 400 });
		if (request.method === 'GET' && step === undefined) return page(request, uid, { rpps: '', lastName: '', firstName: '' }, {});
		if (request.method === 'GET' && step === 'abort') {
			return finish(request, { error: 'access_denied', error_description: 'Connexion annulée par l’utilisateur' });
		}
		if (request.method === 'POST' && step === 'login') {
			const form = await request.formData();
			const values = { rpps: String(form.get('rpps') ?? ''), lastName: String(form.get('lastName') ?? ''), firstName: String(form.get('firstName') ?? '') };
			const errors: Record<string, string> = {};
			const rpps = rppsSchema.safeParse(values.rpps);
			if (!rpps.success) errors.rpps = rpps.error.issues[0]!.message;
			const lastName = nameSchema.safeParse(values.lastName);
			if (!lastName.success) errors.lastName = lastName.error.issues[0]!.message;
			const firstName = nameSchema.safeParse(values.firstName);
			if (!firstName.success) errors.firstName = firstName.error.issues[0]!.message;
			if (!rpps.success || !lastName.success || !firstName.success) return page(request, uid, values, errors, 422);
			const identity = { rpps: rpps.data, lastName: lastName.data, firstName: firstName.data };
			const accountId = pscClaims(identity).sub;
			await keepIdentity(db, accountId, identity, 3_600);
			return finish(request, { login: { accountId, acr: 'eidas1', amr: ['pwd'] } });
		}
		return new Response('Méthode non autorisée', { status: 405 });
	}

	return {
		issuer,
		clientId: SANDBOX_CLIENT_ID,
		clientSecret,
		async handle(request) {
			const path = new URL(request.url).pathname.slice(SANDBOX_MOUNT.length);
			const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(path);
			if (match) return interaction(request, match[1]!, match[2]);
			return runNodeHandler(request, callback, SANDBOX_MOUNT);
		}
	};
}
