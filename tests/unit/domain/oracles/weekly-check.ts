import { endMinutesOfDay, minutesOfDay, toEpochDay } from '../../../../src/lib/domain/civil';
import { clip, overlaps, totalLength, union, type Interval } from '../../../../src/lib/domain/intervals';
import { expandOccurrences } from '../../../../src/lib/domain/occurrences';
import { wallClockToEpochMs } from '../../../../src/lib/domain/time';
import { visibleRanges } from '../../../../src/lib/domain/slots';
import { unavailabilityIntervals, visibleParts } from '../../../../src/lib/domain/visibility';
import { WEEKLY_TARGET_MINUTES, type WeekCheck, type WeeklyCheckInput, type WeekStatus } from '../../../../src/lib/domain/weekly-check';

const MINUTE = 60_000;

function minutesIn(intervals: readonly Interval[], week: Interval): number {
	return totalLength(intervals.map((v) => clip(v, week)).filter((v): v is Interval => v !== null)) / MINUTE;
}

/**
 * The weekly check as it was first written, occurrence by occurrence (the oracle of the numeric one).
 * The 2-hour rule, week by week. Weeks are never averaged: 0 h then 4 h is one short week.
 * What counts is what regulators are shown: overlapping availabilities count once, a range cut in
 * slots counts its whole slots, an unavailability removes what it covers. A week short of the
 * target is "on leave" only when a declared unavailability took visible time out of it.
 */
export function weeklyCheckByOccurrences({ availabilities, unavailabilities, timeZone, weeks, interfaced = false }: WeeklyCheckInput): WeekCheck[] {
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
