import { endMinutesOfDay, fromEpochDay, minutesOfDay, toEpochDay, type LocalDate, type LocalTime } from './civil';
import { expandWeeklyDays, parseRrule } from './recurrence';
import type { Availability } from './schemas/availability';
import { wallClockToEpochMs } from './time';

/** One concrete occurrence of an availability, in wall-clock time and as instants. */
export interface Occurrence {
	/** The row it comes from: the series, the detached occurrence or the single availability. */
	availabilityId: string;
	/** The series it belongs to (for a detached occurrence, its parent), or null for a single one. */
	seriesId: string | null;
	/** The series date it stands for (its original date when detached); its own date otherwise. */
	occurrenceDate: LocalDate;
	date: LocalDate;
	start: LocalTime;
	end: LocalTime;
	startMs: number;
	endMs: number;
	availability: Availability;
}

function occurrenceOf(a: Availability, epochDay: number, seriesId: string | null, occurrenceDate: LocalDate): Occurrence {
	const date = fromEpochDay(epochDay);
	return {
		availabilityId: a.id,
		seriesId,
		occurrenceDate,
		date,
		start: a.start,
		end: a.end,
		startMs: wallClockToEpochMs(epochDay, minutesOfDay(a.start), a.timeZone),
		endMs: wallClockToEpochMs(epochDay, endMinutesOfDay(a.end), a.timeZone),
		availability: a
	};
}

/**
 * The occurrences of `availabilities` that overlap [fromMs, toMs), sorted by start.
 * Series are expanded in civil days (a weekly 18:30 stays 18:30 across DST); dates in EXDATE
 * and dates replaced by a detached occurrence are skipped; a detached occurrence shows only
 * while its series exists.
 */
export function expandOccurrences(availabilities: readonly Availability[], fromMs: number, toMs: number): Occurrence[] {
	const seriesIds = new Set<string>();
	const detachedDates = new Map<string, Set<LocalDate>>();
	for (const a of availabilities) {
		if (a.rrule !== null) seriesIds.add(a.id);
		if (a.seriesId !== null && a.originalDate !== null) {
			let dates = detachedDates.get(a.seriesId);
			if (!dates) detachedDates.set(a.seriesId, (dates = new Set()));
			dates.add(a.originalDate);
		}
	}

	// Civil days that can hold an occurrence overlapping the range, whatever the zone (±14 h).
	const firstDay = Math.floor(fromMs / 86_400_000) - 2;
	const lastDay = Math.floor(toMs / 86_400_000) + 1;
	const result: Occurrence[] = [];
	const keep = (o: Occurrence) => {
		if (o.startMs < toMs && o.endMs > fromMs) result.push(o);
	};

	for (const a of availabilities) {
		if (a.rrule === null) {
			if (a.seriesId !== null && !seriesIds.has(a.seriesId)) continue;
			const day = toEpochDay(a.date);
			if (day >= firstDay && day <= lastDay) keep(occurrenceOf(a, day, a.seriesId, a.originalDate ?? a.date));
			continue;
		}
		const parsed = parseRrule(a.rrule);
		if (!parsed.ok) continue;
		const skipped = new Set([...a.exdates, ...(detachedDates.get(a.id) ?? [])]);
		for (const day of expandWeeklyDays(a.date, parsed.rule, firstDay, lastDay)) {
			const date = fromEpochDay(day);
			if (!skipped.has(date)) keep(occurrenceOf(a, day, a.id, date));
		}
	}
	return result.sort((x, y) => x.startMs - y.startMs || x.availabilityId.localeCompare(y.availabilityId));
}
