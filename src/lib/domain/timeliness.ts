import { addDays } from './civil';
import { parseRrule } from './recurrence';
import type { Availability } from './schemas/availability';
import type { Unavailability } from './schemas/unavailability';
import { localEndToEpochMs, todayIn } from './time';

/**
 * Rules that depend on the day they are applied: nothing new is entered in the past, nor more than
 * a year ahead. They apply to new and changed rows only (an old row is never re-judged), with the
 * same wording on the device, in the REST API and in the sync; the sync allows `graceMs` for a
 * change made offline before its time passed.
 */
export const MAX_DAYS_AHEAD = 366;

export interface TimelinessIssue {
	path: string[];
	message: string;
}

export const PAST_AVAILABILITY = 'Cette disponibilité est déjà passée : choisissez une date et des heures à venir';
export const TOO_FAR_AHEAD = `Choisissez une date dans l’année qui vient (${MAX_DAYS_AHEAD} jours au plus)`;
export const PAST_UNAVAILABILITY = 'Cette période d’indisponibilité est déjà passée : choisissez des dates à venir';

/** Same fields and values, whatever the order of the keys (a stored row and a parsed one differ in that). */
function same(a: object, b: object): boolean {
	const keys = Object.keys(a).sort();
	return keys.length === Object.keys(b).length && keys.every((k) => JSON.stringify((a as Record<string, unknown>)[k]) === JSON.stringify((b as Record<string, unknown>)[k]));
}

/** When the last occurrence of an availability ends; a series without end never ends. */
export function availabilityEndMs(a: Availability): number {
	if (a.rrule === null) return localEndToEpochMs(a.date, a.end, a.timeZone);
	const rule = parseRrule(a.rrule);
	if (!rule.ok || rule.rule.until === null) return Number.POSITIVE_INFINITY;
	return localEndToEpochMs(rule.rule.until, a.end, a.timeZone);
}

export function availabilityTimeliness(a: Availability, previous: Availability | null, nowMs: number, graceMs = 0): TimelinessIssue[] {
	if (previous && same(previous, a)) return [];
	const issues: TimelinessIssue[] = [];
	if (availabilityEndMs(a) <= nowMs - graceMs) issues.push({ path: ['date'], message: PAST_AVAILABILITY });
	else if (a.date > addDays(todayIn(a.timeZone, nowMs), MAX_DAYS_AHEAD) && a.date !== previous?.date) {
		issues.push({ path: ['date'], message: TOO_FAR_AHEAD });
	}
	return issues;
}

/** A period may end in the past only when it is an existing one being ended (« jusqu’à maintenant »). */
export function unavailabilityTimeliness(u: Unavailability, previous: Unavailability | null, nowMs: number, graceMs = 0): TimelinessIssue[] {
	if (previous && same(previous, u)) return [];
	if (u.endsAt === null || Date.parse(u.endsAt) > nowMs - graceMs) return [];
	const ending = previous !== null && previous.startsAt === u.startsAt && (previous.endsAt === null || Date.parse(previous.endsAt) > Date.parse(u.endsAt));
	return ending ? [] : [{ path: ['endsAt'], message: PAST_UNAVAILABILITY }];
}
