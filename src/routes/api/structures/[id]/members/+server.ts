import { WEEK_STATUS_LABELS } from '$lib/domain/weekly-check';
import { listStructureMembers } from '$lib/server/api/operations/structures';
import { requireStructure } from '$lib/server/access';
import { endpoint } from '$lib/server/http/endpoint';
import { membersOf } from '$lib/server/services/structure.service';

export const GET = endpoint(listStructureMembers, async ({ event, params, query }) => {
	const structure = await requireStructure(event.locals.db, event.locals.actor, params.id, 'structure.members.read');
	const members = (await membersOf(event.locals.db, [{ ...structure, finess: null }], { from: query.from })).get(structure.id) ?? [];
	return members
		.sort((a, b) => a.name.localeCompare(b.name, 'fr'))
		.map((m) => ({
			id: m.practitioner.id,
			name: m.name,
			rpps: m.practitioner.rpps,
			specialties: m.practitioner.specialties,
			registeredAt: m.registeredAt,
			manualAgenda: m.manual,
			weeks: m.weeks.map((w) => ({ ...w, label: WEEK_STATUS_LABELS[w.status] }))
		}));
});
