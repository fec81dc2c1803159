import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { readyRuntime, runtime, shutdown, startInBackground } from '$lib/server/runtime';
import { databaseUnavailable, HttpProblem, problemResponse } from '$lib/server/http/problem';
import { isDatabaseUnavailable, isTransientDatabaseError, RETRY_AFTER_SECONDS, type DatabaseWatch } from '$lib/server/db/watch';
import { loadActor } from '$lib/server/auth/actor';
import { readSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { MAX_BODY_BYTES } from '$lib/server/http/endpoint';
import { MAX_FHIR_BODY_BYTES } from '$lib/server/fhir/server';
import { outcomeResponse } from '$lib/server/fhir/outcome';

export const init: ServerInit = async () => {
	// Prerendering the shell at build time needs no database.
	if (building) return;
	try {
		await runtime();
	} catch (error) {
		// A database that does not answer yet (PostgreSQL starting, a failover): the server listens,
		// answers 503 and keeps trying, rather than exiting.
		if (!isTransientDatabaseError(error)) throw error;
		console.warn(`[agenda-sas] base de données injoignable au démarrage (${(error as Error).message}) : nouvel essai en arrière-plan`);
		startInBackground();
	}
	// adapter-node emits this on SIGINT/SIGTERM once requests are drained; PGlite must be closed
	// or the process never exits.
	process.once('sveltekit:shutdown' as 'beforeExit', () => void shutdown());
};

const SECURITY_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'strict-origin-when-cross-origin',
	'x-frame-options': 'DENY',
	'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
	'cross-origin-opener-policy': 'same-origin'
};

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** API writes come from our own pages: a cross-site request is refused before it reaches a handler. */
function crossSiteWrite(request: Request, origin: string): boolean {
	if (!UNSAFE_METHODS.has(request.method)) return false;
	const from = request.headers.get('origin');
	return request.headers.get('sec-fetch-site') === 'cross-site' || (from !== null && from !== origin);
}

/**
 * Besides the scripts and stylesheets, the shell asks early for the two Marianne faces every page
 * shows, so that text is not laid out twice when they arrive (layout shift).
 */
const resolveOptions = {
	preload: ({ type, path }: { type: 'js' | 'css' | 'font' | 'asset'; path: string }) =>
		type === 'js' || type === 'css' || (type === 'font' && /Marianne-(Regular|Bold)\.[\w-]+\.woff2$/.test(path))
};

/** The answer while the database is unreachable: problem details for the API, a short page otherwise. */
function unavailable(api: boolean): Response {
	if (api) return problemResponse(databaseUnavailable());
	return new Response('<!doctype html><html lang="fr"><meta charset="utf-8"><title>Service momentanément indisponible</title><p>Le service est momentanément indisponible. Réessayez dans quelques secondes.</p></html>', {
		status: 503,
		headers: { 'retry-after': String(RETRY_AFTER_SECONDS), 'content-type': 'text/html; charset=utf-8' }
	});
}

/**
 * `work` unless the database goes down first: a request in flight on a frozen database is answered
 * 503 at once rather than left hanging (what it started may still finish when the database comes
 * back; writes carry mutation ids or idempotency keys so that the client's retry is safe).
 */
async function unlessDatabaseDown(watch: DatabaseWatch, api: boolean, work: () => Promise<Response>): Promise<Response> {
	let off = () => {};
	const outage = new Promise<Response>((resolve) => (off = watch.onDown(() => resolve(unavailable(api)))));
	const once = () => {
		const working = work();
		working.catch(() => undefined);
		return Promise.race([working, outage]);
	};
	try {
		return await once();
	} catch (error) {
		if (!isTransientDatabaseError(error)) throw error;
		// Only the session's reading throws here (the route's own failures are answered inside):
		// nothing was done yet, so a connection the server had ended is worth one more try.
		const status = await watch.report(error);
		if (status.state === 'up' && isDatabaseUnavailable(error)) {
			return await once().catch((again) => {
				if (isTransientDatabaseError(again)) return unavailable(api);
				throw again;
			});
		}
		return unavailable(api);
	} finally {
		off();
	}
}

/** The largest body the API (512 Kio) and /fhir (256 Kio) read. */
const BODY_LIMITS: [RegExp, number][] = [
	[/^\/api\//, MAX_BODY_BYTES],
	[/^\/fhir(\/|$)/, MAX_FHIR_BODY_BYTES]
];

/**
 * Reads the rest of an upload and drops it: a request left unread stalls its client, whose
 * connection is then reset instead of getting the answer.
 */
function discardBody(event: Parameters<Handle>[0]['event']): void {
	event.platform?.req?.resume();
	const body = event.request.body;
	if (!body) return;
	void (async () => {
		const reader = body.getReader();
		try {
			while (!(await reader.read()).done);
		} catch {
			// The server's own limit ended the stream; Node drops what follows.
		}
	})();
}

/**
 * A body announced larger than the route reads: 413 at once, and the rest of the upload read and
 * dropped, so that the client gets the answer instead of a reset connection in the middle of its
 * upload.
 */
function tooLarge(event: Parameters<Handle>[0]['event']): Response | null {
	const length = Number(event.request.headers.get('content-length') ?? 0);
	const limit = BODY_LIMITS.find(([path]) => path.test(event.url.pathname))?.[1];
	if (limit === undefined || !(length > limit)) return null;
	discardBody(event);
	const kib = Math.round(limit / 1024);
	if (event.url.pathname.startsWith('/fhir')) return outcomeResponse(413, 'too-long', `Ressource trop volumineuse (${kib} Kio au plus).`);
	return problemResponse(new HttpProblem(413, `Le corps de la requête dépasse ${kib} Ko : envoyez moins de données à la fois.`));
}

/** Pages are the service worker's shell (no server rendering): they need neither session nor database. */
const SERVER_ROUTES = /^\/(api|auth|oidc|fhir|simulateur-editeur)(\/|$)/;

export const handle: Handle = async ({ event, resolve }) => {
	if (building) return resolve(event, resolveOptions);
	const api = event.url.pathname.startsWith('/api/');
	const ready = readyRuntime() ?? (await runtime().catch((error) => (isTransientDatabaseError(error) ? null : Promise.reject(error))));
	event.locals.actor = null;
	event.locals.sessionToken = null;
	let response: Response;
	const refused = tooLarge(event);
	if (refused) response = refused;
	else if (!ready) response = unavailable(api);
	else {
		const { db, config, watch } = ready;
		event.locals.db = db;
		event.locals.watch = watch;
		const serverRoute = SERVER_ROUTES.test(event.url.pathname);
		const down = watch.status().state === 'down';
		const serve = async () => {
			const token = event.cookies.get(SESSION_COOKIE);
			if (token) {
				const session = await readSession(db, token, config.session);
				if (session) {
					event.locals.actor = await loadActor(db, session.accountId);
					event.locals.sessionToken = token;
				}
			}
			try {
				return api && crossSiteWrite(event.request, event.url.origin)
					? problemResponse(new HttpProblem(403, 'Requête d’une autre origine refusée.'))
					: await resolve(event, resolveOptions);
			} catch (error) {
				if (!api || isTransientDatabaseError(error)) throw error;
				console.error(error);
				return problemResponse(new HttpProblem(500, 'Une erreur inattendue est survenue.'));
			}
		};
		// While the database is down the health check answers itself (since when); otherwise it is
		// cut short like any request when the database freezes under it.
		if (!serverRoute || (down && event.url.pathname === '/api/health')) response = await resolve(event, resolveOptions);
		else if (down) response = unavailable(api);
		else response = await unlessDatabaseDown(watch, api, serve);
	}
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	// Machine endpoints (the API, FHIR, the demo's editor simulator) answer data, never pages.
	const machine = api || /^\/(fhir|simulateur-editeur)(\/|$)/.test(event.url.pathname);
	if (machine && !response.headers.has('content-security-policy')) {
		response.headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
		response.headers.set('cache-control', response.headers.get('cache-control') ?? 'no-store');
	}
	if (event.url.protocol === 'https:') {
		response.headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
	}
	return response;
};

export const handleError: HandleServerError = ({ error, status }) => {
	if (status !== 404) console.error(error);
	return { message: status === 404 ? 'Page introuvable' : 'Une erreur inattendue est survenue.' };
};
