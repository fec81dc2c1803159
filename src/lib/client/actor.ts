import type { Actor, PractitionerResource } from '$lib/domain/policy';
import type { LocalAgenda } from './queries';
import type { SessionUser } from './session.svelte';

/** The signed-in user as the policy sees them, to mirror on the device what the server enforces. */
export function actorOf(user: SessionUser): Actor {
	return {
		accountId: user.accountId,
		role: user.role,
		disabled: false,
		practitionerId: user.practitionerId,
		structures: user.structures,
		territory: user.territory
	};
}

export function resourceOf(agenda: LocalAgenda): PractitionerResource {
	return {
		type: 'practitioner',
		id: agenda.practitioner.id,
		healthCentreId: agenda.practitioner.healthCentreId,
		participation: agenda.participation
	};
}
