import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { runtime, shutdown } from '$lib/server/runtime';
import { HttpProblem, problemResponse } from '$lib/server/http/problem';
import { loadActor } from '$lib/server/auth/actor';
import { readSession, SESSION_COOKIE } from '$lib/server/auth/sessions';

export const init: ServerInit = async () => {
	// Prerendering the shell at build time needs no database.
	if (building) return;
	await runtime();
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

export const handle: Handle = async ({ event, resolve }) => {
	if (building) return resolve(event, resolveOptions);
	const { db, config } = await runtime();
	event.locals.db = db;
	event.locals.actor = null;
	event.locals.sessionToken = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const session = await readSession(db, token, config.session);
		if (session) {
			event.locals.actor = await loadActor(db, session.accountId);
			event.locals.sessionToken = token;
		}
	}
	const api = event.url.pathname.startsWith('/api/');
	let response: Response;
	try {
		response =
			api && crossSiteWrite(event.request, event.url.origin)
				? problemResponse(new HttpProblem(403, 'Requête d’une autre origine refusée.'))
				: await resolve(event, resolveOptions);
	} catch (error) {
		if (!api) throw error;
		console.error(error);
		response = problemResponse(new HttpProblem(500, 'Une erreur inattendue est survenue.'));
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
