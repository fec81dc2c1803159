import type { RequestHandler } from './$types';
import { runtime } from '$lib/server/runtime';
import { admitFromProxy, type Admission } from '$lib/server/fhir/client-certificate';
import { outcomeResponse } from '$lib/server/fhir/outcome';
import { handleFhir } from '$lib/server/fhir/server';

/**
 * /fhir on the app's own origin: behind a reverse proxy that checked the client certificate
 * (FHIR_CLIENT_CERT_FROM_PROXY), or open in the demo only. With the app's own mTLS listener
 * (FHIR_TLS_PORT), FHIR is answered there and not here.
 */
const handler: RequestHandler = async ({ request, params, url, locals, getClientAddress }) => {
	const { config, editors } = await runtime();
	let admission: Admission;
	if (config.fhir.proxy) admission = admitFromProxy(request.headers, config.fhir.proxy, config.fhir, getClientAddress());
	else if (config.fhir.open) admission = { allowed: true, caller: 'démonstration' };
	else {
		admission = {
			allowed: false,
			status: 403,
			reason: config.fhir.tls
				? `Le point d’accès FHIR répond en TLS mutuel sur le port ${config.fhir.tls.port}.`
				: 'Le point d’accès FHIR demande un certificat client (mTLS) : il n’est pas configuré sur ce serveur.'
		};
	}
	if (!admission.allowed) return outcomeResponse(admission.status, 'security', admission.reason);
	try {
		return await handleFhir(request, params.path, {
			db: locals.db,
			origin: (config.origin ?? url.origin).replace(/\/$/, ''),
			baseUrl: `${url.origin}/fhir`,
			sender: editors.byCertificate(admission.caller)?.name ?? admission.caller
		});
	} catch (error) {
		console.error(error);
		return outcomeResponse(500, 'exception', 'Une erreur inattendue est survenue.');
	}
};

export const GET = handler;
export const POST = handler;
export const PUT = handler;
export const DELETE = handler;
export const PATCH = handler;
