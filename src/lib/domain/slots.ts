import type { Interval } from './intervals';
import { expandOccurrences, type Occurrence } from './occurrences';
import type { Availability } from './schemas/availability';
import type { Unavailability } from './schemas/unavailability';
import { unavailabilityIntervals, visibleParts } from './visibility';
import { epochMsToWallClock } from './time';
import type { LocalDate, LocalTime } from './civil';

export interface VisibleSlot {
	date: LocalDate;
	start: LocalTime;
	end: LocalTime;
	startMs: number;
	endMs: number;
}

/**
 * What regulators are shown of the visible parts of an occurrence: a 'slot' availability with a
 * slot length is cut into slots of that length (10:00–11:00 in 15 min gives 4; a shorter remainder
 * is not shown, so it does not count either); any other part shows as one range.
 */
export function visibleRanges(o: Occurrence, parts: readonly Interval[]): Interval[] {
	const step = o.availability.kind === 'slot' && o.availability.slotMinutes ? o.availability.slotMinutes * 60_000 : null;
	if (step === null) return parts.filter((part) => part.end > part.start);
	const ranges: Interval[] = [];
	for (const part of parts) {
		// Slots keep the grid of the occurrence's start, even when an unavailability trims the part.
		const first = o.startMs + Math.ceil((part.start - o.startMs) / step) * step;
		for (let start = first; start + step <= part.end; start += step) ranges.push({ start, end: start + step });
	}
	return ranges;
}

/** The same, in the occurrence's wall-clock time, as the regulation preview lists them. */
export function visibleSlots(o: Occurrence, parts: readonly Interval[]): VisibleSlot[] {
	const zone = o.availability.timeZone;
	return visibleRanges(o, parts).map(({ start, end }) => {
		const from = epochMsToWallClock(start, zone);
		return { date: from.date, start: from.time, end: epochMsToWallClock(end, zone).time, startMs: start, endMs: end };
	});
}

export interface VisibleRange {
	availability: Availability;
	start: number;
	end: number;
}

/**
 * What regulators see of an agenda over [fromMs, toMs): each occurrence cut as its slots (or one
 * range), unavailability removed, in time order — the regulator's search, an orientation's check
 * and the FHIR Slot search all read the agenda through this.
 */
export function visibleRangesOf(availabilities: readonly Availability[], unavailabilities: readonly Unavailability[], fromMs: number, toMs: number): VisibleRange[] {
	const unavailable = unavailabilityIntervals(unavailabilities);
	const ranges: VisibleRange[] = [];
	for (const occurrence of expandOccurrences(availabilities, fromMs, toMs)) {
		for (const { start, end } of visibleRanges(occurrence, visibleParts(occurrence, unavailable))) ranges.push({ availability: occurrence.availability, start, end });
	}
	return ranges.sort((a, b) => a.start - b.start);
}
