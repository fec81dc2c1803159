import { datesBetween, type LocalDate } from './civil';
import { expandOccurrences } from './occurrences';
import type { Availability } from './schemas/availability';
import type { Unavailability } from './schemas/unavailability';
import { visibleSlots, type VisibleSlot } from './slots';
import { epochMsToWallClock } from './time';
import { unavailabilityIntervals, visibleParts } from './visibility';

export const PREVIEW_HOURS = 72;

export interface PreviewEntry extends VisibleSlot {
	availability: Availability;
}

export interface PreviewDay {
	date: LocalDate;
	entries: PreviewEntry[];
}

/**
 * What regulators see of an agenda over the next 72 hours: the occurrences minus what
 * unavailability hides, cut into visible slots, grouped by local day (the days the 72 hours touch).
 */
export function regulationPreview(
	availabilities: readonly Availability[],
	unavailabilities: readonly Unavailability[],
	timeZone: string,
	nowMs: number
): PreviewDay[] {
	const until = nowMs + PREVIEW_HOURS * 3_600_000;
	const unavailable = unavailabilityIntervals(unavailabilities);
	const entries = expandOccurrences(availabilities, nowMs, until).flatMap((o) =>
		visibleSlots(o, visibleParts(o, unavailable))
			.filter((slot) => slot.endMs > nowMs && slot.startMs < until)
			.map((slot) => ({ ...slot, availability: o.availability }))
	);
	entries.sort((a, b) => a.startMs - b.startMs);
	const first = epochMsToWallClock(nowMs, timeZone).date;
	const last = epochMsToWallClock(until, timeZone).date;
	return datesBetween(first, last, 1, 7).map((date) => ({ date, entries: entries.filter((e) => epochMsToWallClock(e.startMs, timeZone).date === date) }));
}
