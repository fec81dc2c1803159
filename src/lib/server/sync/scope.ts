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
