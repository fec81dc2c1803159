import type { SyncedRow } from '$lib/domain/entities';
import { newId } from '$lib/domain/ids';
import type { Mutation, MutationResult } from '$lib/domain/sync';
import { deleteAvailability, putAvailability } from '$lib/server/api/operations/structures';
import { endpoint } from '$lib/server/http/endpoint';
import { HttpProblem } from '$lib/server/http/problem';
import { ifMatchVersion } from '$lib/server/http/if-match';
import { applyMutation } from '$lib/server/sync/push';

const ifMatch = (request: Request) => ifMatchVersion(request, 'la disponibilité');

/**
 * A single write for API clients, through the very path the sync takes (one mutation: policy,
 * version check, rules, audit). Its answer becomes an HTTP status: refused by the policy → 403,
 * by a rule → 422, another version → 409.
 */
function answer(result: MutationResult, status = 200): Response | SyncedRow<'availabilities'> {
	if (result.status === 'applied') return status === 204 ? new Response(null, { status }) : (result.row as SyncedRow<'availabilities'>);
	if (result.status === 'conflict') {
		throw new HttpProblem(result.server ? 409 : 404, result.server ? `Cette disponibilité a changé entre-temps (version ${result.server.version}) : relisez-la avant de la modifier.` : 'Cette disponibilité est introuvable.');
	}
	throw new HttpProblem(result.code === 'forbidden' ? 403 : 422, result.reason, Object.keys(result.errors).length ? result.errors : undefined);
}

/**
 * An id that is another practitioner's availability is answered like an id that does not exist
 * under this practitioner: nothing tells the caller whose it is.
 */
async function requireUnderPractitioner(event: { locals: App.Locals }, practitionerId: string, availabilityId: string, mustExist: boolean): Promise<void> {
	const existing = await event.locals.db.selectFrom('availabilities').select('practitionerId').where('id', '=', availabilityId).executeTakeFirst();
	if ((existing && existing.practitionerId !== practitionerId) || (!existing && mustExist)) throw new HttpProblem(404, 'Cette disponibilité est introuvable.');
}

export const PUT = endpoint(putAvailability, async ({ event, params, body }) => {
	await requireUnderPractitioner(event, params.id, params.availabilityId, false);
	const mutation: Mutation = {
		mutationId: newId(),
		entity: 'availabilities',
		id: params.availabilityId,
		op: 'put',
		baseVersion: ifMatch(event.request) ?? 0,
		data: { ...body, id: params.availabilityId, practitionerId: params.id }
	};
	// A live call: nothing new may end in the past (the sync allows offline edits some delay).
	return answer(await applyMutation(event.locals.db, event.locals.actor!, mutation, { pastGraceMs: 0 }));
});

export const DELETE = endpoint(deleteAvailability, async ({ event, params }) => {
	const version = ifMatch(event.request);
	if (version === null) throw new HttpProblem(428, 'Indiquez dans l’en-tête If-Match la version de la disponibilité à supprimer.');
	await requireUnderPractitioner(event, params.id, params.availabilityId, true);
	const mutation: Mutation = { mutationId: newId(), entity: 'availabilities', id: params.availabilityId, op: 'delete', baseVersion: version };
	return answer(await applyMutation(event.locals.db, event.locals.actor!, mutation), 204) as Response;
});
