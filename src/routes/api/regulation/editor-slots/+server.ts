import { withSasOrigin } from '$lib/domain/regulation-search';
import { searchEditorOffers } from '$lib/server/api/operations/regulation';
import { endpoint } from '$lib/server/http/endpoint';
import { runtime } from '$lib/server/runtime';
import { authorizeRegulation } from '$lib/server/services/regulation-access';

const CONSULTATION = { AMB: 'office', VR: 'teleconsultation', HH: 'home_visit' } as const;

/** One page of cards asks for its interfaced doctors' editor slots: they show as editors answer. */
export const GET = endpoint(searchEditorOffers, async ({ event, query }) => {
	authorizeRegulation(event.locals.actor);
	const { editors } = await runtime();
	const results = await editors.slotsOf(query.ids);
	return results.map((r) => ({
		practitionerId: r.practitionerId,
		editor: r.editor,
		state: r.state,
		failingSince: r.failingSince,
		offers: r.slots.map((s) => ({
			source: 'editor' as const,
			start: Date.parse(s.start),
			end: Date.parse(s.end),
			kind: s.appointmentTypes.includes('WALKIN') ? ('walk_in' as const) : ('slot' as const),
			capacity: null,
			taken: 0,
			consultationTypes: s.consultationTypes.map((c) => CONSULTATION[c]),
			availabilityId: null,
			addressId: null,
			bookingUrl: s.bookingUrl ? withSasOrigin(s.bookingUrl) : null
		}))
	}));
});
