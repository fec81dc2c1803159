import type { RequestHandler } from './$types';
import { runtime } from '$lib/server/runtime';
import { outcomeResponse } from '$lib/server/fhir/outcome';

/** The bundled editor simulator (demo only, EDITOR_SIMULATOR): one FHIR server per booking software. */
const handler: RequestHandler = async ({ request, params }) => {
	const { editors } = await runtime();
	const entry = editors.simulator(params.editor);
	if (!entry) return outcomeResponse(404, 'not-found', 'Pas de simulateur pour ce logiciel (EDITOR_SIMULATOR désactivé, ou éditeur réel configuré).');
	return entry.simulator.handle(request, params.path);
};

export const GET = handler;
export const POST = handler;
export const PUT = handler;
