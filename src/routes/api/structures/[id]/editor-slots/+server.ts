import { listStructureEditorSlots } from '$lib/server/api/operations/structures';
import { requireStructure } from '$lib/server/access';
import { endpoint } from '$lib/server/http/endpoint';
import { runtime } from '$lib/server/runtime';

/** « N créneaux dans les 48 h via son logiciel », for every interfaced member of the structure. */
export const GET = endpoint(listStructureEditorSlots, async ({ event, params }) => {
	const structure = await requireStructure(event.locals.db, event.locals.actor, params.id, 'structure.members.read');
	const members = await event.locals.db
		.selectFrom('participationSettings')
		.select('practitionerId')
		.where('structureId', '=', structure.id)
		.where('deleted', '=', false)
		.where('participates', '=', true)
		.execute();
	const { editors } = await runtime();
	const slots = await editors.slotsOf(members.map((m) => m.practitionerId));
	return slots.map(({ slots: list, until: _until, ...rest }) => ({ ...rest, count: list.length }));
});
