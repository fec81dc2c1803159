import { sql, type SelectQueryBuilder } from 'kysely';
import { startOfIsoWeek, type LocalDate } from '$lib/domain/civil';
import type { StructureIndicator } from '$lib/domain/indicators';
import { isMemberOf, keepsManualAgenda, summarizeMember, type MemberSummary } from '$lib/domain/members';
import type { StructureKind } from '$lib/domain/reference';
import type { Address, Availability, ParticipationSettings, Unavailability } from '$lib/domain/schemas';
import { todayIn, weekStarts } from '$lib/domain/time';
import { practitionerTimeZone } from '$lib/domain/time-zones';
import type { Database, DB } from '../db';
import { entityFromRow } from '../rows';

export interface StructureRef {
	id: string;
	kind: StructureKind;
	name: string;
	finess: string | null;
}

function groupBy<T extends { practitionerId: string }>(rows: T[]): Map<string, T[]> {
	const map = new Map<string, T[]>();
	for (const row of rows) {
		const list = map.get(row.practitionerId);
		if (list) list.push(row);
		else map.set(row.practitionerId, [row]);
	}
	return map;
}

/** Practitioners named by their ids, or by a subquery that selects them. */
export type PractitionerIds = readonly string[] | SelectQueryBuilder<Database, keyof Database, { id: string }>;

export interface Agendas {
	settingsOf: Map<string, ParticipationSettings>;
	/** Each practitioner's places, by id (the first is the one whose zone cuts their weeks). */
	addressesOf: Map<string, Address[]>;
	availabilitiesOf: Map<string, Availability[]>;
	unavailabilitiesOf: Map<string, Unavailability[]>;
}

/** What the 2-hour rule reads of many practitioners at once, in four queries. */
export async function agendasOf(db: DB, practitioners: PractitionerIds): Promise<Agendas> {
	const ids = practitioners as SelectQueryBuilder<Database, keyof Database, { id: string }>;
	const load = (table: 'participationSettings' | 'addresses' | 'availabilities' | 'unavailabilities') =>
		db.selectFrom(table).selectAll().where('practitionerId', 'in', ids).where('deleted', '=', false).execute();
	const [settings, addresses, availabilities, unavailabilities] = await Promise.all([load('participationSettings'), load('addresses'), load('availabilities'), load('unavailabilities')]);
	return {
		settingsOf: new Map(settings.map((s) => [s.practitionerId, entityFromRow('participationSettings', s as never) as ParticipationSettings])),
		addressesOf: groupBy(addresses.map((a) => entityFromRow('addresses', a as never) as Address).sort((a, b) => a.id.localeCompare(b.id))),
		availabilitiesOf: groupBy(availabilities.map((a) => entityFromRow('availabilities', a as never) as Availability)),
		unavailabilitiesOf: groupBy(unavailabilities.map((u) => entityFromRow('unavailabilities', u as never) as Unavailability))
	};
}

/**
 * The members of each structure with their weekly check of `weeks` weeks from this week (or from
 * `from`), decided by the same domain rule as the permission policy (`isMemberOf`).
 */
export async function membersOf(db: DB, structures: readonly StructureRef[], options: { from?: LocalDate; weeks?: number } = {}): Promise<Map<string, MemberSummary[]>> {
	const result = new Map<string, MemberSummary[]>(structures.map((s) => [s.id, []]));
	if (structures.length === 0) return result;
	const ids = structures.map((s) => s.id);
	// Who may belong to one of them (the domain rule decides below): read as one subquery, not a list of ids.
	const candidateIds = db
		.selectFrom('practitioners')
		.leftJoin('participationSettings', (join) =>
			join.onRef('participationSettings.practitionerId', '=', 'practitioners.id').on('participationSettings.deleted', '=', false)
		)
		.select('practitioners.id')
		.where('practitioners.deleted', '=', false)
		.where((eb) => eb.or([eb('practitioners.healthCentreId', 'in', ids), eb('participationSettings.structureId', 'in', ids)]));
	const [candidates, agendas] = await Promise.all([db.selectFrom('practitioners').selectAll().where('id', 'in', candidateIds).execute(), agendasOf(db, candidateIds)]);
	if (candidates.length === 0) return result;
	const { settingsOf, addressesOf, availabilitiesOf, unavailabilitiesOf } = agendas;

	for (const row of candidates) {
		const practitioner = entityFromRow('practitioners', row as never);
		const participation = settingsOf.get(row.id) ?? null;
		const facts = { healthCentreId: practitioner.healthCentreId, participation };
		const timeZone = practitionerTimeZone(addressesOf.get(row.id) ?? []);
		const first = startOfIsoWeek(options.from ?? todayIn(timeZone));
		for (const structure of structures) {
			if (!isMemberOf(structure, facts)) continue;
			result.get(structure.id)!.push(
				summarizeMember(
					{ practitioner, participation, availabilities: availabilitiesOf.get(row.id) ?? [], unavailabilities: unavailabilitiesOf.get(row.id) ?? [], timeZone },
					weekStarts(first, options.weeks ?? 2)
				)
			);
		}
	}
	return result;
}

/**
 * The structures of a territory (or the given ones) with their member counts, and how many of
 * them met the 2 hours in `week` as recorded when it closed (weekly_stats, the dashboards'
 * aggregates): no availability is read, whatever the number of doctors.
 */
export async function indicators(db: DB, structures: readonly StructureRef[], week: LocalDate): Promise<StructureIndicator[]> {
	if (structures.length === 0) return [];
	const ids = structures.map((s) => s.id);
	const [candidates, settings, met] = await Promise.all([
		db
			.selectFrom('practitioners')
			.leftJoin('participationSettings', (join) => join.onRef('participationSettings.practitionerId', '=', 'practitioners.id').on('participationSettings.deleted', '=', false))
			.select(['practitioners.id', 'practitioners.healthCentreId'])
			.where('practitioners.deleted', '=', false)
			.where((eb) => eb.or([eb('practitioners.healthCentreId', 'in', ids), eb('participationSettings.structureId', 'in', ids)]))
			.execute(),
		db.selectFrom('participationSettings').selectAll().where('structureId', 'in', ids).where('deleted', '=', false).execute(),
		db
			.selectFrom('weeklyStats')
			.select(['structureId', sql<number>`sum(ok)::int`.as('ok')])
			.where('structureId', 'in', ids)
			.where('weekStart', '=', week)
			.groupBy('structureId')
			.execute()
	]);
	const settingsOf = new Map(settings.map((s) => [s.practitionerId, entityFromRow('participationSettings', s as never) as ParticipationSettings]));
	const metOf = new Map(met.map((m) => [m.structureId, m.ok]));
	return structures.map((structure) => {
		let members = 0;
		let manual = 0;
		for (const c of candidates) {
			const facts = { healthCentreId: c.healthCentreId, participation: settingsOf.get(c.id) ?? null };
			if (!isMemberOf(structure, facts)) continue;
			members += 1;
			if (keepsManualAgenda(facts)) manual += 1;
		}
		return { structureId: structure.id, kind: structure.kind, name: structure.name, finess: structure.finess, members, manual, meetingTarget: metOf.get(structure.id) ?? 0 };
	});
}

async function structureRefs(db: DB, where: { territory: string } | { ids: readonly string[] }, kind?: StructureKind): Promise<StructureRef[]> {
	let query = db.selectFrom('structures').select(['id', 'kind', 'name', 'finess']).where('deleted', '=', false);
	query = 'ids' in where ? query.where('id', 'in', [...where.ids]) : query.where('territory', '=', where.territory);
	if (kind) query = query.where('kind', '=', kind);
	return (await query.orderBy('name').execute()).map((s) => ({ ...s, kind: s.kind as StructureKind }));
}

export function structuresOfTerritory(db: DB, territory: string, kind?: StructureKind): Promise<StructureRef[]> {
	return structureRefs(db, { territory }, kind);
}

export async function structuresByIds(db: DB, ids: readonly string[]): Promise<StructureRef[]> {
	return ids.length ? structureRefs(db, { ids }) : [];
}
