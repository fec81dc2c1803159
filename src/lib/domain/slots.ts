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
 * How regulators see a visible part of an occurrence: a 'slot' availability with a slot length is
 * cut into slots of that length (10:00–11:00 in 15 min gives 4; a shorter remainder is not shown);
 * any other part shows as one range.
 */
export function visibleSlots(o: Occurrence, parts: readonly Interval[]): VisibleSlot[] {
	const step = o.availability.kind === 'slot' && o.availability.slotMinutes ? o.availability.slotMinutes * 60_000 : null;
	const zone = o.availability.timeZone;
	const ranges: Interval[] = [];
	for (const part of parts) {
		if (step === null) {
			ranges.push(part);
			continue;
		}
		// Slots keep the grid of the occurrence's start, even when an unavailability trims the part.
		const first = o.startMs + Math.ceil((part.start - o.startMs) / step) * step;
		for (let start = first; start + step <= part.end; start += step) ranges.push({ start, end: start + step });
	}
	return ranges.map(({ start, end }) => {
		const from = epochMsToWallClock(start, zone);
		return { date: from.date, start: from.time, end: epochMsToWallClock(end, zone).time, startMs: start, endMs: end };
	});
}
