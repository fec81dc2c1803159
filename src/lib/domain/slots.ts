import type { Interval } from './intervals';
import type { Occurrence } from './occurrences';
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
