import { endMinutesOfDay, minutesOfDay, toEpochDay, type LocalDate } from './civil';
import { clip, overlaps, totalLength, union, type Interval } from './intervals';
import { expandOccurrences } from './occurrences';
import type { Availability } from './schemas/availability';
import type { Unavailability } from './schemas/unavailability';
import { wallClockToEpochMs } from './time';
import { visibleRanges } from './slots';
import { unavailabilityIntervals, visibleParts } from './visibility';

/** The weekly target of the honour declaration (seed 003 Q8): 2 hours visible every week. */
export const WEEKLY_TARGET_MINUTES = 120;

export type WeekStatus = 'ok' | 'short' | 'leave' | 'software';

export const WEEK_STATUS_LABELS: Record<WeekStatus, string> = {
	ok: 'Objectif atteint',
	short: 'Moins de 2 h',
	leave: 'Indisponibilité déclarée',
	software: 'Créneaux via son logiciel'
};

export interface WeekCheck {
	/** Monday of the ISO week. */
	weekStart: LocalDate;
	/** Elapsed minutes visible to regulation: union of what regulators are shown, minus unavailability. */
	minutes: number;
	status: WeekStatus;
	/**
	 * A change of clock (DST) made some occurrence of the week shorter or longer in real time than on
	 * the clock: the figure is real time (« 1 h 00 réelles — changement d'heure »).
	 */
	clockChange: boolean;
}

export interface WeeklyCheckInput {
	availabilities: readonly Availability[];
	unavailabilities: readonly Unavailability[];
	/** The practitioner's zone: weeks run Monday 00:00 to Monday 00:00 there. */
	timeZone: string;
	/** Mondays of the weeks to check. */
	weeks: readonly LocalDate[];
	/**
	 * Interfaced software shows the doctor's slots (and the SAS agenda is not their manual agenda):
	 * the 2-hour rule is about the manual agenda, so a week below it reads 'software', never 'short'.
	 */
	interfaced?: boolean;
}

const MINUTE = 60_000;

function minutesIn(intervals: readonly Interval[], week: Interval): number {
	return totalLength(intervals.map((v) => clip(v, week)).filter((v): v is Interval => v !== null)) / MINUTE;
}

/**
 * The 2-hour rule, week by week. Weeks are never averaged: 0 h then 4 h is one short week.
 * What counts is what regulators are shown: overlapping availabilities count once, a range cut in
 * slots counts its whole slots, an unavailability removes what it covers. A week short of the
 * target is "on leave" only when a declared unavailability took visible time out of it.
 */
export function weeklyCheck({ availabilities, unavailabilities, timeZone, weeks, interfaced = false }: WeeklyCheckInput): WeekCheck[] {
	if (weeks.length === 0) return [];
	const bounds = weeks.map((monday): Interval => {
		const day = toEpochDay(monday);
		return { start: wallClockToEpochMs(day, 0, timeZone), end: wallClockToEpochMs(day + 7, 0, timeZone) };
	});
	const from = Math.min(...bounds.map((b) => b.start));
	const to = Math.max(...bounds.map((b) => b.end));
	const unavailable = unavailabilityIntervals(unavailabilities);
	const occurrences = expandOccurrences(availabilities, from, to);
	const visible = union(occurrences.flatMap((o) => visibleRanges(o, visibleParts(o, unavailable))));
	const offered = unavailable.length ? union(occurrences.flatMap((o) => visibleRanges(o, [{ start: o.startMs, end: o.endMs }]))) : visible;
	const shifted = occurrences.filter((o) => o.endMs - o.startMs !== (endMinutesOfDay(o.end) - minutesOfDay(o.start)) * MINUTE);

	return weeks.map((weekStart, i) => {
		const week = bounds[i]!;
		const minutes = minutesIn(visible, week);
		const hidden = minutesIn(offered, week) > minutes;
		const status: WeekStatus = minutes >= WEEKLY_TARGET_MINUTES ? 'ok' : interfaced ? 'software' : hidden ? 'leave' : 'short';
		return { weekStart, minutes, status, clockChange: shifted.some((o) => overlaps({ start: o.startMs, end: Math.max(o.endMs, o.startMs + 1) }, week)) };
	});
}
