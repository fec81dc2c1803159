import { getEditorSlots } from '$lib/server/api/operations/agenda';
import { requirePractitioner } from '$lib/server/access';
import { endpoint } from '$lib/server/http/endpoint';
import { runtime } from '$lib/server/runtime';

/** « Créneaux publiés par son logiciel »: read from the editor (cached a minute, stale if it fails). */
export const GET = endpoint(getEditorSlots, async ({ event, params }) => {
	const practitioner = await requirePractitioner(event.locals.db, event.locals.actor, params.id, 'practitioner.read');
	const { editors } = await runtime();
	const [editorSlots] = await editors.slotsOf([practitioner.id]);
	return { interfaced: editorSlots !== undefined, editorSlots: editorSlots ?? null };
});
