import { sql, type SelectQueryBuilder } from 'kysely';
import { startOfIsoWeek, type LocalDate } from '$lib/domain/civil';
import { countsByWeek, dashboardPeriod, periodIssue, targetWeeks, unavailabilityCounts, weeksBetween, type Dashboard } from '$lib/domain/dashboard';
import { authorizeDashboard, type DashboardTarget } from '$lib/domain/policy';
import { DECLARATION_KINDS, ORIENTATION_KINDS, ORIENTATION_STATUSES } from '$lib/domain/schemas/orientation';
import { todayIn } from '$lib/domain/time';
import type { ServerActor } from '../auth/actor';
import type { Database, DB } from '../db';
import { HttpProblem } from '../http/problem';

/**
 * The dashboards read the pre-aggregated figures (orientation_stats, declaration_stats,
 * unavailability_stats, weekly_stats), which triggers keep up to date as rows are written: a
 * year of a territory is a few hundred rows, whatever the number of orientations behind them.
 */

export interface DashboardQuery {
	/** Either bound may be left out: `dashboardPeriod` completes it. */
	from?: LocalDate | undefined;
	to?: LocalDate | undefined;
	departement?: string | undefined;
	structureId?: string | undefined;
}

interface Scope {
	label: string;
	departement: string | null;
	/** null: the département's whole row ('' in the tables), counted once. */
	structureIds: string[] | null;
	structures: { id: string; name: string }[];
}

function refuse(reason: string): never {
	throw new HttpProblem(403, reason);
}

async function scopeOf(db: DB, actor: ServerActor, query: DashboardQuery): Promise<Scope> {
	if (query.structureId) {
		const structure = await db.selectFrom('structures').select(['id', 'name', 'territory', 'kind']).where('id', '=', query.structureId).where('deleted', '=', false).executeTakeFirst();
		if (!structure) throw new HttpProblem(404, 'Cette structure est introuvable.');
		const decision = authorizeDashboard(actor, { type: 'structure', id: structure.id, territory: structure.territory });
		if (!decision.allowed) refuse(decision.reason);
		return { label: structure.name, departement: query.departement ?? null, structureIds: [structure.id], structures: await choices(db, actor) };
	}
	if (actor.role === 'structureManager') {
		const own = actor.structures;
		for (const s of own) {
			const decision = authorizeDashboard(actor, { type: 'structure', id: s.id, territory: s.territory });
			if (!decision.allowed) refuse(decision.reason);
		}
		if (own.length === 0) refuse('Aucune structure n’est rattachée à votre compte.');
		return { label: own.length === 1 ? own[0]!.name : `Vos ${own.length} structures`, departement: query.departement ?? null, structureIds: own.map((s) => s.id), structures: await choices(db, actor) };
	}
	const departement = query.departement ?? actor.territory ?? '';
	const target: DashboardTarget = { type: 'territory', departement };
	const decision = authorizeDashboard(actor, target);
	if (!decision.allowed) refuse(decision.reason);
	return { label: `Territoire ${departement}`, departement, structureIds: null, structures: await choices(db, actor) };
}

/** The structures the filter offers: the territory's, or the ones managed. */
async function choices(db: DB, actor: ServerActor): Promise<{ id: string; name: string }[]> {
	if (actor.role === 'structureManager') return actor.structures.map((s) => ({ id: s.id, name: s.name }));
	if (!actor.territory) return [];
	return db.selectFrom('structures').select(['id', 'name']).where('territory', '=', actor.territory).where('deleted', '=', false).orderBy('name').execute();
}

type StatTable = 'orientationStats' | 'declarationStats' | 'unavailabilityStats' | 'weeklyStats';

function scoped<T extends StatTable, O>(query: SelectQueryBuilder<Database, T, O>, scope: Scope): SelectQueryBuilder<Database, T, O> {
	const q = query as unknown as SelectQueryBuilder<Database, 'weeklyStats', O>;
	let out = scope.structureIds === null ? q.where('structureId', '=', '') : q.where('structureId', 'in', scope.structureIds);
	if (scope.departement !== null) out = out.where('departement', '=', scope.departement);
	return out as unknown as SelectQueryBuilder<Database, T, O>;
}

export async function dashboardFor(db: DB, actor: ServerActor, query: DashboardQuery, nowMs = Date.now()): Promise<Dashboard> {
	const period = dashboardPeriod(query, todayIn('Europe/Paris', nowMs));
	const issue = periodIssue(period.from, period.to);
	if (issue) throw new HttpProblem(422, 'Période invalide.', { [issue.path]: [issue.message] });
	const scope = await scopeOf(db, actor, query);
	const from = startOfIsoWeek(period.from);
	const to = startOfIsoWeek(period.to);
	const weeks = weeksBetween(from, to);
	const [orientations, declarations, unavailabilities, target] = await Promise.all([
		scoped(db.selectFrom('orientationStats'), scope)
			.select(['weekStart', 'kind', 'status', sql<number>`sum(count)::int`.as('count')])
			.where('weekStart', '>=', from)
			.where('weekStart', '<=', to)
			.groupBy(['weekStart', 'kind', 'status'])
			.execute(),
		scoped(db.selectFrom('declarationStats'), scope)
			.select(['weekStart', 'kind', sql<number>`sum(count)::int`.as('count')])
			.where('weekStart', '>=', from)
			.where('weekStart', '<=', to)
			.groupBy(['weekStart', 'kind'])
			.execute(),
		scoped(db.selectFrom('unavailabilityStats'), scope)
			.select(['startWeek', sql<string>`end_week::text`.as('endWeek'), sql<number>`sum(count)::int`.as('count')])
			.where('startWeek', '>=', from)
			.where('startWeek', '<=', to)
			.groupBy(['startWeek', 'endWeek'])
			.execute(),
		scoped(db.selectFrom('weeklyStats'), scope)
			.select([
				'weekStart',
				sql<number>`sum(participants)::int`.as('participants'),
				sql<number>`sum(ok)::int`.as('ok'),
				sql<number>`sum(short)::int`.as('short'),
				sql<number>`sum(leave)::int`.as('leave'),
				sql<number>`sum(software)::int`.as('software')
			])
			.where('weekStart', '>=', from)
			.where('weekStart', '<=', to)
			.groupBy('weekStart')
			.execute()
	]);
	const alive = (count: number) => count !== 0;
	return {
		from,
		to,
		weeks,
		scope: { label: scope.label, departement: scope.departement, structureId: query.structureId ?? null },
		structures: scope.structures,
		orientationsByStatus: countsByWeek(weeks, ORIENTATION_STATUSES, orientations.filter((r) => alive(r.count)).map((r) => ({ week: r.weekStart, key: r.status, count: r.count }))),
		orientationsByKind: countsByWeek(weeks, ORIENTATION_KINDS, orientations.filter((r) => alive(r.count)).map((r) => ({ week: r.weekStart, key: r.kind, count: r.count }))),
		declarations: countsByWeek(weeks, DECLARATION_KINDS, declarations.map((r) => ({ week: r.weekStart, key: r.kind, count: r.count }))),
		unavailabilities: unavailabilityCounts(unavailabilities, startOfIsoWeek(todayIn('Europe/Paris', nowMs))),
		target: targetWeeks(weeks, target.map(({ weekStart, ...r }) => ({ week: weekStart, ...r })))
	};
}
