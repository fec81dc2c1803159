import { authorizeRegulation as decide } from '$lib/domain/policy';
import type { ServerActor } from '../auth/actor';
import { HttpProblem } from '../http/problem';

/** Regulators only: 401 without a session, 403 for any other role. */
export function authorizeRegulation(actor: ServerActor | null): void {
	const decision = decide(actor, 'regulation.search');
	if (!decision.allowed) throw new HttpProblem(actor ? 403 : 401, decision.reason);
}
