import { departmentOfPostalCode } from '$lib/domain/directory';
import type { ServerActor } from '../auth/actor';
import type { DB } from '../db';

const MODE_OF_KIND = { CPTS: 'cpts', MSP: 'msp', SOS: 'sos' } as const;

/**
 * The practitioners an account may read, as one query: the doctor themself; for a structure
 * manager, the members who participate through one of their structures with the matching mode,
 * and the doctors of their health centres. It must say exactly what the policy's
 * 'practitioner.read' says (tests/integration/sync-scope.test.ts checks every demo pair).
 */
export async function readablePractitioners(db: DB, actor: ServerActor | null): Promise<string[]> {
	if (!actor || actor.disabled) return [];
	if (actor.role === 'practitioner') return actor.practitionerId ? [actor.practitionerId] : [];
	if (actor.role !== 'structureManager' || actor.structures.length === 0) return [];
	const centres = actor.structures.filter((s) => s.kind === 'CDS').map((s) => s.id);
	const through = actor.structures.filter((s) => s.kind !== 'CDS');
	const rows = await db
		.selectFrom('practitioners')
		.leftJoin('participationSettings', (join) =>
			join.onRef('participationSettings.practitionerId', '=', 'practitioners.id').on('participationSettings.deleted', '=', false)
		)
		.select('practitioners.id')
		.where('practitioners.deleted', '=', false)
		.where((eb) =>
			eb.or([
				...(centres.length ? [eb('practitioners.healthCentreId', 'in', centres)] : []),
				...through.map((s) =>
					eb.and([
						eb('practitioners.healthCentreId', 'is', null),
						eb('participationSettings.participates', '=', true),
						eb('participationSettings.structureId', '=', s.id),
						eb('participationSettings.mode', '=', MODE_OF_KIND[s.kind as keyof typeof MODE_OF_KIND])
					])
				)
			])
		)
		.orderBy('practitioners.id')
		.execute();
	return rows.map((r) => r.id);
}

/**
 * The structures a device holds: those of the account's départements (a doctor's: where their
 * places are; an account manager's or a regulator's: their territory) and those it deals with (a
 * manager's own, a doctor's CPTS or centre). Not all 6,000 of France: a phone pulls a few dozen.
 * Encoded for the device as `territory:84` and structure ids; when it grows, the device pulls again
 * from the start (as for practitioners) to get the older rows now in scope.
 */
export async function readableStructures(db: DB, actor: ServerActor | null): Promise<{ territories: string[]; ids: string[] }> {
	if (!actor || actor.disabled) return { territories: [], ids: [] };
	const territories = new Set<string>(actor.territory ? [actor.territory] : []);
	const ids = new Set<string>(actor.structures.map((s) => s.id));
	for (const s of actor.structures) territories.add(s.territory);
	if (actor.role === 'practitioner' && actor.practitionerId) {
		const id = actor.practitionerId;
		const places = await db.selectFrom('addresses').select('postalCode').where('practitionerId', '=', id).where('deleted', '=', false).execute();
		for (const { postalCode } of places) {
			const department = departmentOfPostalCode(postalCode);
			if (department) territories.add(department);
		}
		const own = await db
			.selectFrom('practitioners')
			.leftJoin('participationSettings', 'participationSettings.practitionerId', 'practitioners.id')
			.select(['practitioners.healthCentreId', 'participationSettings.structureId'])
			.where('practitioners.id', '=', id)
			.execute();
		for (const row of own) for (const structureId of [row.healthCentreId, row.structureId]) if (structureId) ids.add(structureId);
	}
	return { territories: [...territories].sort(), ids: [...ids].sort() };
}

/** The structure scope as the device keeps it: one list, compared element by element. */
export const structureScopeKeys = (scope: { territories: string[]; ids: string[] }) => [...scope.territories.map((t) => `territory:${t}`), ...scope.ids];
