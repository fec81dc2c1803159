import type { RequestEvent } from '@sveltejs/kit';
import {
	authorizePractitioner,
	authorizeStructure,
	type PractitionerAction,
	type PractitionerResource,
	type StructureAction,
	type StructureResource
} from '$lib/domain/policy';
import type { StructureKind } from '$lib/domain/reference';
import type { ParticipationSettings } from '$lib/domain/schemas';
import type { DB } from './db';
import { HttpProblem } from './http/problem';
import type { ServerActor } from './auth/actor';
import { runtime } from './runtime';

/** What the policy needs to know of a practitioner; 404 when there is none. */
export async function practitionerResource(db: DB, id: string): Promise<PractitionerResource> {
	const row = await db
		.selectFrom('practitioners')
		.leftJoin('participationSettings', (join) =>
			join.onRef('participationSettings.practitionerId', '=', 'practitioners.id').on('participationSettings.deleted', '=', false)
		)
		.select([
			'practitioners.id',
			'practitioners.healthCentreId',
			'participationSettings.participates',
			'participationSettings.mode',
			'participationSettings.structureId',
			'participationSettings.usesSoftware',
			'participationSettings.refusesEditorSlots'
		])
		.where('practitioners.id', '=', id)
		.where('practitioners.deleted', '=', false)
		.executeTakeFirst();
	if (!row) throw new HttpProblem(404, 'Cet effecteur est introuvable.');
	return {
		type: 'practitioner',
		id: row.id,
		healthCentreId: row.healthCentreId,
		participation:
			row.participates === null
				? null
				: {
						participates: row.participates,
						mode: row.mode as ParticipationSettings['mode'],
						structureId: row.structureId,
						usesSoftware: row.usesSoftware,
						refusesEditorSlots: row.refusesEditorSlots ?? false
					}
	};
}

function refuse(actor: ServerActor | null, reason: string): never {
	throw new HttpProblem(actor ? 403 : 401, reason);
}

/** Loads the practitioner and asks the policy; throws 401 / 403 / 404 problem details. */
export async function requirePractitioner(db: DB, actor: ServerActor | null, id: string, action: PractitionerAction): Promise<PractitionerResource> {
	if (!actor) refuse(null, 'Connectez-vous pour continuer.');
	const resource = await practitionerResource(db, id);
	const decision = authorizePractitioner(actor, action, resource);
	if (!decision.allowed) refuse(actor, decision.reason);
	return resource;
}

export async function structureResource(db: DB, id: string): Promise<StructureResource & { name: string }> {
	const row = await db.selectFrom('structures').select(['id', 'kind', 'territory', 'name']).where('id', '=', id).where('deleted', '=', false).executeTakeFirst();
	if (!row) throw new HttpProblem(404, 'Cette structure est introuvable.');
	return { type: 'structure', id: row.id, kind: row.kind as StructureKind, territory: row.territory, name: row.name };
}

export async function requireStructure(db: DB, actor: ServerActor | null, id: string, action: StructureAction) {
	if (!actor) refuse(null, 'Connectez-vous pour continuer.');
	const resource = await structureResource(db, id);
	const decision = authorizeStructure(actor, action, resource);
	if (!decision.allowed) refuse(actor, decision.reason);
	return resource;
}

/** The public origin of the app: ORIGIN when set, else the request's own. */
export async function appOrigin(event: RequestEvent): Promise<string> {
	return (await runtime()).config.origin?.replace(/\/$/, '') ?? event.url.origin;
}

export function isSecure(origin: string): boolean {
	return origin.startsWith('https:');
}
