import type { EntityName, EntityValue, SyncedRow } from '$lib/domain/entities';
import type { Database } from './db/types';
import type { Selectable } from 'kysely';

/**
 * Row ⇄ entity mapping. Columns carry the entity's own field names (CamelCasePlugin), except
 * the two that SQL reserves or types differently: availability times and unavailability instants.
 */
type Row<E extends EntityName> = Selectable<Database[E]>;

const META = new Set(['version', 'seq', 'updatedAt', 'updatedBy', 'deleted']);

// A plain loop: it runs for every row a pull or an indicator reads (fromEntries/filter cost 4× more).
function withoutMeta(row: Record<string, unknown>): Record<string, unknown> {
	const value: Record<string, unknown> = {};
	for (const key in row) if (!META.has(key)) value[key] = row[key];
	return value;
}

export function entityFromRow<E extends EntityName>(entity: E, row: Row<E>): EntityValue<E> {
	const value = withoutMeta(row as Record<string, unknown>);
	if (entity === 'availabilities') {
		const { startTime, endTime, continuesId, ...rest } = value;
		// Only a part of a split series carries the link: every other row reads as it was written.
		return { ...rest, start: startTime, end: endTime, ...(continuesId ? { continuesId } : {}) } as EntityValue<E>;
	}
	if (entity === 'orientations') {
		const { startsAt, endsAt, createdAt } = value as { startsAt: Date; endsAt: Date | null; createdAt: Date };
		return { ...value, startsAt: startsAt.toISOString(), endsAt: endsAt?.toISOString() ?? null, createdAt: createdAt.toISOString() } as EntityValue<E>;
	}
	if (entity === 'unavailabilities') {
		const { startsAt, endsAt } = value as { startsAt: Date; endsAt: Date | null };
		return { ...value, startsAt: startsAt.toISOString(), endsAt: endsAt?.toISOString() ?? null } as EntityValue<E>;
	}
	return value as EntityValue<E>;
}

export function syncedFromRow<E extends EntityName>(entity: E, row: Row<E>): SyncedRow<E> {
	const meta = row as unknown as { version: number; updatedAt: Date; updatedBy: string | null; deleted: boolean };
	return {
		...entityFromRow(entity, row),
		version: meta.version,
		updatedAt: meta.updatedAt.toISOString(),
		updatedBy: meta.updatedBy,
		deleted: meta.deleted
	};
}

/** The column values of an entity (sync columns excluded). */
export function rowFromEntity<E extends EntityName>(entity: E, value: EntityValue<E>): Record<string, unknown> {
	if (entity === 'availabilities') {
		const { start, end, ...rest } = value as EntityValue<'availabilities'>;
		return { ...rest, startTime: start, endTime: end };
	}
	return { ...value };
}
