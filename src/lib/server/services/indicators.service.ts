import { startOfIsoWeek, type LocalDate } from '$lib/domain/civil';
import { groupIndicators } from '$lib/domain/indicators';
import { authorizeStructure } from '$lib/domain/policy';
import type { StructureKind } from '$lib/domain/reference';
import { lastClosedWeek } from '$lib/domain/weekly-records';
import type { ServerActor } from '../auth/actor';
import type { DB } from '../db';
import { HttpProblem } from '../http/problem';
import { indicators, structuresByIds, structuresOfTerritory, type StructureRef } from './structure.service';

/**
 * The structures whose indicators an account reads: an account manager, those of their territory
 * (another territory is refused); a structure manager, their own. Each one is asked of the policy.
 */
async function visibleStructures(db: DB, actor: ServerActor, territory: string | undefined, kind: StructureKind | undefined): Promise<{ territory: string | null; structures: StructureRef[] }> {
	if (actor.role === 'accountManager') {
		const wanted = territory ?? actor.territory;
		if (!wanted) throw new HttpProblem(403, 'Votre compte n’est rattaché à aucun territoire.');
		const structures = await structuresOfTerritory(db, wanted, kind);
		const refused = structures.map((s) => authorizeStructure(actor, 'structure.indicators.read', { type: 'structure', id: s.id, kind: s.kind, territory: wanted })).find((d) => !d.allowed);
		if (refused && !refused.allowed) throw new HttpProblem(403, refused.reason);
		if (wanted !== actor.territory) throw new HttpProblem(403, 'Ce territoire n’est pas le vôtre.');
		return { territory: wanted, structures };
	}
	if (actor.role === 'structureManager') {
		const own = actor.structures.filter((s) => !kind || s.kind === kind);
		return { territory: null, structures: await structuresByIds(db, own.map((s) => s.id)) };
	}
	throw new HttpProblem(403, 'Les indicateurs sont réservés aux gestionnaires de comptes et de structures.');
}

export async function indicatorsFor(db: DB, actor: ServerActor, query: { territory?: string; kind?: StructureKind; from?: LocalDate }) {
	const { territory, structures } = await visibleStructures(db, actor, query.territory, query.kind);
	// The last closed week by default: its figures are recorded and do not move any more.
	const weekStart = query.from ? startOfIsoWeek(query.from) : lastClosedWeek(Date.now(), 'Europe/Paris');
	return { territory, weekStart, groups: groupIndicators(await indicators(db, structures, weekStart)) };
}
