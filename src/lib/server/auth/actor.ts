import { structureThrough } from '$lib/domain/members';
import type { Actor, PractitionerResource } from '$lib/domain/policy';
import type { StructureKind } from '$lib/domain/reference';
import type { Role } from '$lib/domain/schemas';
import type { DB } from '../db';

/** The signed-in account as the server knows it: the policy's Actor and what the UI shows. */
export interface ServerActor extends Actor {
	firstName: string;
	lastName: string;
	email: string | null;
	structures: { id: string; kind: StructureKind; territory: string; name: string }[];
}

export async function loadActor(db: DB, accountId: string): Promise<ServerActor | null> {
	const account = await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
	if (!account) return null;
	const structures = await db
		.selectFrom('accountStructures')
		.innerJoin('structures', 'structures.id', 'accountStructures.structureId')
		.select(['structures.id', 'structures.kind', 'structures.territory', 'structures.name'])
		.where('accountStructures.accountId', '=', accountId)
		.orderBy('structures.name')
		.execute();
	return {
		accountId: account.id,
		role: account.role as Role,
		disabled: account.disabledAt !== null,
		practitionerId: account.practitionerId,
		territory: account.territory,
		regulationHead: account.regulationHead,
		firstName: account.firstName,
		lastName: account.lastName,
		email: account.email,
		structures: structures.map((s) => ({ ...s, kind: s.kind as StructureKind }))
	};
}

/**
 * Who a practitioner reads in "modifié par …": the doctor, or the structure a manager acts for
 * (the one the doctor participates through), or the person's name for other roles.
 */
export function actorLabel(actor: ServerActor | null, practitioner?: PractitionerResource | null): string {
	if (!actor) return 'Agenda SAS';
	if (actor.role === 'practitioner') return `Dr ${actor.firstName} ${actor.lastName}`;
	if (actor.role === 'structureManager') {
		const through = practitioner ? structureThrough(practitioner) : null;
		return (actor.structures.find((s) => s.id === through) ?? actor.structures[0])?.name ?? `${actor.firstName} ${actor.lastName}`;
	}
	if (actor.role === 'accountManager') return `${actor.firstName} ${actor.lastName} (gestionnaire de comptes)`;
	return `${actor.firstName} ${actor.lastName}`;
}
