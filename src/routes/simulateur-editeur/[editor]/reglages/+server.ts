import { json, type RequestHandler } from '@sveltejs/kit';
import { runtime } from '$lib/server/runtime';
import { HttpProblem, problemResponse } from '$lib/server/http/problem';
import { SIMULATOR_FAILURES } from '$lib/server/fhir/simulator';

/**
 * Demo only: how a simulated editor behaves — latency (ms) and failure: « aucune », « erreur »
 * (503), « delai » (answers after 8 s, past the SAS's 7 s), « malforme » (half the slots unreadable),
 * « illisible » (not JSON). E.g. curl -X POST …/simulateur-editeur/doctolib/reglages -d '{"failure":"erreur"}'
 */
export const GET: RequestHandler = async ({ params }) => {
	const { editors } = await runtime();
	const behaviour = editors.setBehaviour(params.editor ?? '', {});
	return behaviour ? json(behaviour) : problemResponse(new HttpProblem(404, 'Pas de simulateur pour ce logiciel.'));
};

export const POST: RequestHandler = async ({ params, request }) => {
	const { editors } = await runtime();
	const body = (await request.json().catch(() => null)) as { latencyMs?: unknown; failure?: unknown } | null;
	const latencyMs = body?.latencyMs;
	const failure = body?.failure;
	if (!body || (latencyMs !== undefined && !(Number.isInteger(latencyMs) && (latencyMs as number) >= 0 && (latencyMs as number) <= 60_000))) {
		return problemResponse(new HttpProblem(422, 'Réglages invalides.', { latencyMs: ['Latence : un entier de 0 à 60000 ms'] }));
	}
	if (failure !== undefined && !SIMULATOR_FAILURES.includes(failure as never)) {
		return problemResponse(new HttpProblem(422, 'Réglages invalides.', { failure: [`Panne : ${SIMULATOR_FAILURES.join(', ')}`] }));
	}
	const behaviour = editors.setBehaviour(params.editor ?? '', { ...(latencyMs !== undefined ? { latencyMs: latencyMs as number } : {}), ...(failure !== undefined ? { failure: failure as never } : {}) });
	return behaviour ? json(behaviour) : problemResponse(new HttpProblem(404, 'Pas de simulateur pour ce logiciel.'));
};
