import { addDays, toEpochDay, type LocalDate } from './civil';
import { expandOccurrences, type Occurrence } from './occurrences';
import type { Availability } from './schemas/availability';
import type { AvailabilityChange } from './series-edit';
import { wallClockToEpochMs } from './time';

/**
 * Ranges of the same kind at the same place that overlap: the same 09:00–10:00 entered twice, two
 * walk-in ranges that cross. Regulators would see the hours once (the weekly check counts them
 * once) but the doctor meant something else — so the dialog says so before saving and lets the
 * doctor save all the same. Different kinds may overlap on purpose (« Vous pouvez superposer vos
 * disponibilités sans rendez-vous, sur rendez-vous et à domicile »).
 */

/** How far ahead a change is compared with the rest of the agenda (as the pattern tool does). */
export const OVERLAP_CHECK_WEEKS = 8;

export interface Overlap {
	/** The occurrence the change writes. */
	date: LocalDate;
	start: string;
	end: string;
	/** The one it overlaps. */
	other: { date: LocalDate; start: string; end: string };
}

function applied(rows: readonly Availability[], changes: readonly AvailabilityChange[]): Availability[] {
	const byId = new Map(rows.map((r) => [r.id, r]));
	for (const c of changes) {
		if (c.op === 'put') byId.set(c.value.id, c.value);
		else byId.delete(c.id);
	}
	return [...byId.values()];
}

/**
 * The overlaps the change would make between what it writes and the rest of the agenda, from
 * `today` (or the change's own first date, if later) over OVERLAP_CHECK_WEEKS weeks; at most
 * `limit` of them, earliest first.
 */
export function overlapsOf(rows: readonly Availability[], changes: readonly AvailabilityChange[], today: LocalDate, limit = 3): Overlap[] {
	const written = changes.filter((c): c is Extract<AvailabilityChange, { op: 'put' }> => c.op === 'put').map((c) => c.value);
	if (written.length === 0) return [];
	const writtenIds = new Set(written.map((w) => w.id));
	const from = written.map((w) => w.date).reduce((a, b) => (a < b ? a : b));
	const start = from > today ? from : today;
	// ±1 day around the window in UTC: every zone's civil days are inside.
	const fromMs = wallClockToEpochMs(toEpochDay(addDays(start, -1)), 0, 'UTC');
	const toMs = wallClockToEpochMs(toEpochDay(addDays(start, 7 * OVERLAP_CHECK_WEEKS + 1)), 0, 'UTC');
	const all = expandOccurrences(applied(rows, changes), fromMs, toMs).filter((o) => o.date >= start);
	// What a row already showed is not the change’s doing (the part of a series that a split
	// keeps, an edit of other fields): only occurrences the change makes or moves are judged.
	const key = (o: Occurrence) => `${o.availabilityId} ${o.date} ${o.start} ${o.end} ${o.availability.kind} ${o.availability.addressId}`;
	const before = new Set(expandOccurrences(rows, fromMs, toMs).map(key));
	const found: Overlap[] = [];
	const sameKind = (a: Occurrence, b: Occurrence) => a.availability.kind === b.availability.kind && a.availability.addressId === b.availability.addressId;
	for (const mine of all) {
		if (!writtenIds.has(mine.availabilityId) || before.has(key(mine))) continue;
		const other = all.find((o) => o !== mine && o.availabilityId !== mine.availabilityId && sameKind(o, mine) && o.startMs < mine.endMs && mine.startMs < o.endMs);
		if (!other) continue;
		// Two rows written by the same change that overlap each other are reported once.
		if (writtenIds.has(other.availabilityId) && found.some((f) => f.date === other.date && f.start === other.start && f.other.start === mine.start)) continue;
		found.push({ date: mine.date, start: mine.start, end: mine.end, other: { date: other.date, start: other.start, end: other.end } });
		if (found.length >= limit) break;
	}
	return found;
}
