import type { ServerActor } from '../auth/actor';

/** The session as the browser sees it (and caches, to work offline). */
export function sessionView(actor: ServerActor) {
	return {
		accountId: actor.accountId,
		role: actor.role,
		firstName: actor.firstName,
		lastName: actor.lastName,
		email: actor.email,
		practitionerId: actor.practitionerId,
		territory: actor.territory,
		regulationHead: actor.regulationHead ?? false,
		structures: actor.structures
	};
}
