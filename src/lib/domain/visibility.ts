import { overlaps, subtract, type Interval } from './intervals';
import type { Occurrence } from './occurrences';
import type { Unavailability } from './schemas/unavailability';
import { parseInstant } from './time';

export interface UnavailabilityInterval extends Interval {
	addressId: string | null;
}

/** Unavailabilities as intervals; one without end runs forever. */
export function unavailabilityIntervals(unavailabilities: readonly Unavailability[]): UnavailabilityInterval[] {
	return unavailabilities.map((u) => ({
		start: parseInstant(u.startsAt),
		end: u.endsAt === null ? Number.POSITIVE_INFINITY : parseInstant(u.endsAt),
		addressId: u.addressId
	}));
}

function appliesTo(u: UnavailabilityInterval, o: Occurrence): boolean {
	return u.addressId === null || u.addressId === o.availability.addressId;
}

/** The parts of an occurrence that regulators see: the occurrence minus the unavailabilities of its address. */
export function visibleParts(o: Occurrence, unavailable: readonly UnavailabilityInterval[]): Interval[] {
	const holes = unavailable.filter((u) => appliesTo(u, o));
	return subtract({ start: o.startMs, end: o.endMs }, holes);
}

/** Whether an unavailability covers any part of the occurrence (the agenda greys it). */
export function isAffected(o: Occurrence, unavailable: readonly UnavailabilityInterval[]): boolean {
	return unavailable.some((u) => appliesTo(u, o) && overlaps(u, { start: o.startMs, end: o.endMs }));
}
