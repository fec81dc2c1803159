import type { ServerActor } from '../auth/actor';
import { hashToken } from '../auth/tokens';

/**
 * The session as the browser sees it (and caches, to work offline). `sessionHandle` names this
 * session without being able to open it (the hash of its token, as the database keys it): a sign-out
 * made offline ends it later through DELETE /api/sessions/{handle}, whoever signed in since.
 */
export function sessionView(actor: ServerActor, sessionToken: string) {
	return {
		accountId: actor.accountId,
		role: actor.role,
		firstName: actor.firstName,
		lastName: actor.lastName,
		email: actor.email,
		practitionerId: actor.practitionerId,
		territory: actor.territory,
		regulationHead: actor.regulationHead ?? false,
		structures: actor.structures,
		sessionHandle: hashToken(sessionToken)
	};
}
