import { addDays, type LocalDate } from '$lib/domain/civil';
import { newId } from '$lib/domain/ids';
import { unavailabilitySchema, type Unavailability } from '$lib/domain/schemas';
import { unavailabilityTimeliness } from '$lib/domain/timeliness';
import { epochMsToWallClock, localToEpochMs } from '$lib/domain/time';
import type { Change } from '$lib/client/sync/writes';
import type { FieldErrors } from '../form/errors';

/** A scheduled period as the form shows it: whole days, the end day included; no end = open-ended. */
export interface PeriodRow {
	id: string;
	from: LocalDate;
	to: LocalDate | '';
	addressId: string | null;
}

export function periodOf(u: Unavailability): PeriodRow {
	const from = epochMsToWallClock(Date.parse(u.startsAt), u.timeZone).date;
	const end = u.endsAt ? epochMsToWallClock(Date.parse(u.endsAt) - 1, u.timeZone).date : '';
	return { id: u.id, from, to: end, addressId: u.addressId };
}

export function isIndefiniteNow(u: Unavailability, nowMs: number): boolean {
	return u.endsAt === null && Date.parse(u.startsAt) <= nowMs;
}

/** Rows still to come or under way, that the dialog edits (the immediate indefinite one apart). */
export function scheduled<U extends Unavailability>(unavailabilities: readonly U[], nowMs: number): U[] {
	return unavailabilities
		.filter((u) => !isIndefiniteNow(u, nowMs) && (u.endsAt === null || Date.parse(u.endsAt) > nowMs))
		.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The changes the dialog's state means: the immediate indefinite unavailability (ticking creates it,
 * unticking ends it now, so the agenda comes back at once), and the scheduled periods.
 */
export function unavailabilityChanges(input: {
	practitionerId: string;
	timeZone: Unavailability['timeZone'];
	nowMs: number;
	existing: readonly Unavailability[];
	indefinite: boolean;
	periods: PeriodRow[];
}): { changes: Change[]; errors: Record<string, FieldErrors> } {
	const { practitionerId, timeZone, nowMs, existing } = input;
	const changes: Change[] = [];
	const errors: Record<string, FieldErrors> = {};
	const active = existing.filter((u) => isIndefiniteNow(u, nowMs));
	if (input.indefinite && active.length === 0) {
		changes.push({ entity: 'unavailabilities', op: 'put', value: { id: newId(), practitionerId, addressId: null, startsAt: iso(nowMs), endsAt: null, timeZone } });
	}
	if (!input.indefinite) {
		for (const u of active) changes.push({ entity: 'unavailabilities', op: 'put', value: { ...strip(u), endsAt: iso(Math.max(nowMs, Date.parse(u.startsAt) + 60_000)) } });
	}

	const kept = new Set(input.periods.map((p) => p.id));
	for (const u of scheduled(existing, nowMs)) if (!kept.has(u.id)) changes.push({ entity: 'unavailabilities', op: 'delete', id: u.id });
	for (const period of input.periods) {
		const previous = existing.find((u) => u.id === period.id);
		const rowErrors: FieldErrors = {};
		if (!period.from) rowErrors.from = 'Date de début obligatoire';
		if (period.to && period.from && period.to < period.from) rowErrors.to = 'La date de fin doit être le jour de début ou après';
		if (Object.keys(rowErrors).length) {
			errors[period.id] = rowErrors;
			continue;
		}
		const value: Unavailability = {
			id: period.id,
			practitionerId,
			addressId: period.addressId,
			startsAt: iso(localToEpochMs(period.from, '00:00', timeZone)),
			endsAt: period.to ? iso(localToEpochMs(addDays(period.to, 1), '00:00', timeZone)) : null,
			timeZone
		};
		const parsed = unavailabilitySchema.safeParse(value);
		if (!parsed.success) {
			errors[period.id] = { from: parsed.error.issues[0]!.message };
			continue;
		}
		const late = unavailabilityTimeliness(parsed.data, previous ? strip(previous) : null, nowMs);
		if (late.length) {
			errors[period.id] = { to: late[0]!.message };
			continue;
		}
		const same = previous && previous.startsAt === value.startsAt && previous.endsAt === value.endsAt && previous.addressId === value.addressId;
		if (!same) changes.push({ entity: 'unavailabilities', op: 'put', value: parsed.data });
	}
	return { changes, errors };
}

function strip(u: Unavailability): Unavailability {
	return { id: u.id, practitionerId: u.practitionerId, addressId: u.addressId, startsAt: u.startsAt, endsAt: u.endsAt, timeZone: u.timeZone };
}

export function blankPeriod(today: LocalDate): PeriodRow {
	return { id: newId(), from: today, to: today, addressId: null };
}
