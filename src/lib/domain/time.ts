import { Temporal } from 'temporal-polyfill';
import {
	addDays,
	endMinutesOfDay,
	fromEpochDay,
	minutesOfDay,
	startOfIsoWeek,
	timeFromMinutes,
	toEpochDay,
	type LocalDate,
	type LocalTime
} from './civil';

const MINUTE = 60_000;

/**
 * Offsets of a zone are cached per civil day: converting a wall-clock time then costs two map
 * lookups, unless the day has a transition (DST), where each time is converted exactly by
 * Temporal once and remembered.
 */
interface DayOffset {
	offset: number;
	uniform: boolean;
	exact?: Map<number, number>;
}
const zoneDays = new Map<string, Map<number, DayOffset>>();
const MAX_CACHED_DAYS = 50_000;

function offsetAt(zone: string, epochMs: number): number {
	return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(zone).offsetNanoseconds / 1e6;
}

function dayOffset(zone: string, epochDay: number): DayOffset {
	let days = zoneDays.get(zone);
	if (!days) zoneDays.set(zone, (days = new Map()));
	let entry = days.get(epochDay);
	if (!entry) {
		const utcMidnight = epochDay * 86_400_000;
		// Offsets anywhere lie within ±14 h: sampling the day's span in UTC around it finds any change.
		const before = offsetAt(zone, utcMidnight - 14 * 3_600_000);
		const after = offsetAt(zone, utcMidnight + 38 * 3_600_000);
		entry = { offset: before, uniform: before === after };
		if (days.size > MAX_CACHED_DAYS) days.clear();
		days.set(epochDay, entry);
	}
	return entry;
}

/**
 * The instant (epoch ms) of a wall-clock time in a zone. Times that do not exist (the spring
 * gap) move forward, repeated ones (the autumn fold) take the first: Temporal's 'compatible'.
 */
export function wallClockToEpochMs(epochDay: number, minuteOfDay: number, zone: string): number {
	const entry = dayOffset(zone, epochDay);
	if (entry.uniform) return epochDay * 86_400_000 + minuteOfDay * MINUTE - entry.offset;
	entry.exact ??= new Map();
	let epochMs = entry.exact.get(minuteOfDay);
	if (epochMs === undefined) {
		const [date, time] = [fromEpochDay(epochDay + Math.floor(minuteOfDay / 1440)), timeFromMinutes(minuteOfDay)];
		epochMs = Temporal.PlainDateTime.from(`${date}T${time}`).toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
		entry.exact.set(minuteOfDay, epochMs);
	}
	return epochMs;
}

export function localToEpochMs(date: LocalDate, time: LocalTime, zone: string): number {
	return wallClockToEpochMs(toEpochDay(date), minutesOfDay(time), zone);
}

/** End instant of a range ending at `time` on `date` ("00:00" as an end is midnight after the date). */
export function localEndToEpochMs(date: LocalDate, time: LocalTime, zone: string): number {
	return wallClockToEpochMs(toEpochDay(date), endMinutesOfDay(time), zone);
}

export interface WallClock {
	date: LocalDate;
	time: LocalTime;
}

export function epochMsToWallClock(epochMs: number, zone: string): WallClock {
	const zdt = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(zone);
	return {
		date: zdt.toPlainDate().toString(),
		time: `${String(zdt.hour).padStart(2, '0')}:${String(zdt.minute).padStart(2, '0')}`
	};
}

/** ISO instant with the zone's offset, e.g. 2026-03-30T18:30:00+02:00. */
export function epochMsToOffsetIso(epochMs: number, zone: string): string {
	return Temporal.Instant.fromEpochMilliseconds(epochMs)
		.toZonedDateTimeISO(zone)
		.toString({ timeZoneName: 'never', smallestUnit: 'second' });
}

export function parseInstant(iso: string): number {
	// RFC 3339 with its offset, as the schemas require: Date.parse reads it exactly and far faster.
	// Days 29–31 and anything unusual go to Temporal, which refuses a 30 February that Date.parse rolls over.
	if (RFC3339.test(iso)) {
		const ms = Date.parse(iso);
		if (!Number.isNaN(ms)) return ms;
	}
	return Temporal.Instant.from(iso).epochMilliseconds;
}

const RFC3339 = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** parseInstant, or NaN for text that is not an instant (refinements may see invalid input). */
export function tryParseInstant(iso: string): number {
	try {
		return parseInstant(iso);
	} catch {
		return Number.NaN;
	}
}

export function todayIn(zone: string, nowMs: number = Date.now()): LocalDate {
	return epochMsToWallClock(nowMs, zone).date;
}

/** [start, end) instants of the ISO week starting on `monday`, in `zone` (167 or 169 h on DST weeks). */
export function weekBounds(monday: LocalDate, zone: string): [number, number] {
	const day = toEpochDay(monday);
	return [wallClockToEpochMs(day, 0, zone), wallClockToEpochMs(day + 7, 0, zone)];
}

/** The Mondays of `count` consecutive ISO weeks, from the week containing `date`. */
export function weekStarts(date: LocalDate, count: number): LocalDate[] {
	const first = startOfIsoWeek(date);
	return Array.from({ length: count }, (_, i) => addDays(first, 7 * i));
}

/** "1 h 30", "0 h 45", "12 h 00": the duration wording of the weekly check. */
export function formatDuration(minutes: number): string {
	const rounded = Math.round(minutes);
	return `${Math.floor(rounded / 60)} h ${String(rounded % 60).padStart(2, '0')}`;
}

export { fromEpochDay, toEpochDay };

/** The evening hour a new availability is proposed at, the usual one for unscheduled care. */
const DEFAULT_START_HOUR = 18;

/**
 * What « Créer des disponibilités » proposes at `nowMs` in `zone`: today 18:00–19:00 while it is
 * still to come; later in the evening, the next full hour (22:10 → 23:00–00:00); after 23:00,
 * tomorrow 18:00–19:00. Never a range already begun or past.
 */
export function proposedRange(nowMs: number, zone: string): { date: LocalDate; start: LocalTime; end: LocalTime } {
	const now = epochMsToWallClock(nowMs, zone);
	const hour = Number(now.time.slice(0, 2));
	const pad = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
	if (hour < DEFAULT_START_HOUR) return { date: now.date, start: pad(DEFAULT_START_HOUR), end: pad(DEFAULT_START_HOUR + 1) };
	if (hour + 1 <= 23) return { date: now.date, start: pad(hour + 1), end: pad(hour + 2) };
	return { date: addDays(now.date, 1), start: pad(DEFAULT_START_HOUR), end: pad(DEFAULT_START_HOUR + 1) };
}

/**
 * The next quarter hour still to come in `zone` (22:10 → 22:15, 22:15 → 22:30, 23:50 → tomorrow
 * 00:00): what « Adresser hors créneaux » proposes.
 */
export function nextQuarterHour(nowMs: number, zone: string): { date: LocalDate; time: LocalTime } {
	const QUARTER_MS = 15 * 60_000;
	// Quarter hours fall on the same instants in every zone of the product (offsets in whole quarters).
	const next = epochMsToWallClock(Math.floor(nowMs / QUARTER_MS) * QUARTER_MS + QUARTER_MS, zone);
	return { date: next.date, time: next.time.slice(0, 5) };
}
