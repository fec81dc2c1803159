import { toEpochDay, type LocalDate } from './civil';
import { clip, overlaps, totalLength, union, type Interval } from './intervals';
import { expandOccurrences } from './occurrences';
import type { Availability } from './schemas/availability';
import type { Unavailability } from './schemas/unavailability';
import { wallClockToEpochMs } from './time';
import { unavailabilityIntervals, visibleParts } from './visibility';

/** The weekly target of the honour declaration (seed 003 Q8): 2 hours visible every week. */
export const WEEKLY_TARGET_MINUTES = 120;

export type WeekStatus = 'ok' | 'short' | 'leave';

export const WEEK_STATUS_LABELS: Record<WeekStatus, string> = {
	ok: 'Objectif atteint',
	short: 'Moins de 2 h',
	leave: 'Indisponibilité déclarée'
};

export interface WeekCheck {
	/** Monday of the ISO week. */
	weekStart: LocalDate;
	/** Elapsed minutes visible to regulation: union of occurrences minus unavailability. */
	minutes: number;
	status: WeekStatus;
}

export interface WeeklyCheckInput {
	availabilities: readonly Availability[];
	unavailabilities: readonly Unavailability[];
	/** The practitioner's zone: weeks run Monday 00:00 to Monday 00:00 there. */
	timeZone: string;
	/** Mondays of the weeks to check. */
	weeks: readonly LocalDate[];
}

/**
 * The 2-hour rule, week by week. Weeks are never averaged: 0 h then 4 h is one short week.
 * Overlapping availabilities count once; an unavailability removes what it covers, and a week
 * short of the target that an unavailability touches is "on leave" rather than short.
 */
export function weeklyCheck({ availabilities, unavailabilities, timeZone, weeks }: WeeklyCheckInput): WeekCheck[] {
	if (weeks.length === 0) return [];
	const bounds = weeks.map((monday): Interval => {
		const day = toEpochDay(monday);
		return { start: wallClockToEpochMs(day, 0, timeZone), end: wallClockToEpochMs(day + 7, 0, timeZone) };
	});
	const from = Math.min(...bounds.map((b) => b.start));
	const to = Math.max(...bounds.map((b) => b.end));
	const unavailable = unavailabilityIntervals(unavailabilities);
	const visible = union(expandOccurrences(availabilities, from, to).flatMap((o) => visibleParts(o, unavailable)));

	return weeks.map((weekStart, i) => {
		const week = bounds[i]!;
		const inWeek = visible.map((v) => clip(v, week)).filter((v): v is Interval => v !== null);
		const minutes = totalLength(inWeek) / 60_000;
		const status: WeekStatus =
			minutes >= WEEKLY_TARGET_MINUTES ? 'ok' : unavailable.some((u) => overlaps(u, week)) ? 'leave' : 'short';
		return { weekStart, minutes, status };
	});
}
