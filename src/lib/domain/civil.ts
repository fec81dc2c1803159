/**
 * Civil (calendar) dates as pure integer arithmetic: no time zone, no Date object.
 * A LocalDate is 'YYYY-MM-DD'; an epoch day counts days from 1970-01-01.
 * Algorithms from Howard Hinnant's "chrono-compatible low-level date algorithms".
 */

export type LocalDate = string;
/** Wall-clock time 'HH:MM'. */
export type LocalTime = string;

export function epochDayFromCivil(y: number, m: number, d: number): number {
	y -= m <= 2 ? 1 : 0;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146097 + doe - 719468;
}

export function civilFromEpochDay(z: number): [number, number, number] {
	z += 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const m = mp + (mp < 10 ? 3 : -9);
	return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: string): boolean {
	const match = LOCAL_DATE.exec(value);
	if (!match) return false;
	const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	if (m < 1 || m > 12 || d < 1 || d > 31) return false;
	const [y2, m2, d2] = civilFromEpochDay(epochDayFromCivil(y, m, d));
	return y === y2 && m === m2 && d === d2;
}

export function toEpochDay(date: LocalDate): number {
	return epochDayFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

export function fromEpochDay(day: number): LocalDate {
	const [y, m, d] = civilFromEpochDay(day);
	return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function addDays(date: LocalDate, days: number): LocalDate {
	return fromEpochDay(toEpochDay(date) + days);
}

/**
 * The dates from `first` to `last` (both included), every `step` days, `limit` at most.
 * Bounded by construction: the count is worked out before the loop, so a malformed bound (NaN)
 * gives no date rather than a loop that never ends.
 */
export function datesBetween(first: LocalDate, last: LocalDate, step = 1, limit = 800): LocalDate[] {
	if (!isLocalDate(first) || !isLocalDate(last) || !(step >= 1)) return [];
	const [a, b] = [toEpochDay(first), toEpochDay(last)];
	if (b < a) return [];
	const count = Math.min(Math.floor((b - a) / step) + 1, limit);
	return Array.from({ length: count }, (_, i) => fromEpochDay(a + i * step));
}

/** ISO day of week of an epoch day: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayOfEpochDay(day: number): number {
	return ((((day + 3) % 7) + 7) % 7) + 1;
}

export function isoWeekday(date: LocalDate): number {
	return isoWeekdayOfEpochDay(toEpochDay(date));
}

/** The Monday that starts the ISO week of `date`. */
export function startOfIsoWeek(date: LocalDate): LocalDate {
	const day = toEpochDay(date);
	return fromEpochDay(day - isoWeekdayOfEpochDay(day) + 1);
}

/** ISO 8601 week number and its year (the year of the week's Thursday). */
export function isoWeekNumber(date: LocalDate): { year: number; week: number } {
	const day = toEpochDay(date);
	const thursday = day - isoWeekdayOfEpochDay(day) + 4;
	const [year] = civilFromEpochDay(thursday);
	const firstThursday = epochDayFromCivil(year, 1, 4);
	const firstWeekThursday = firstThursday - isoWeekdayOfEpochDay(firstThursday) + 4;
	return { year, week: Math.floor((thursday - firstWeekThursday) / 7) + 1 };
}

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isLocalTime(value: string): boolean {
	return LOCAL_TIME.test(value);
}

export function minutesOfDay(time: LocalTime): number {
	return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/**
 * Minutes of an end time: "00:00" as an end means midnight at the end of the day, so that a
 * range can run to midnight (20:00 – 00:00) without crossing into the next date.
 */
export function endMinutesOfDay(time: LocalTime): number {
	const minutes = minutesOfDay(time);
	return minutes === 0 ? 24 * 60 : minutes;
}

export function timeFromMinutes(minutes: number): LocalTime {
	const m = ((minutes % 1440) + 1440) % 1440;
	return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** « 15/05/2024 » */
export function formatDateNumeric(date: LocalDate): string {
	return date.split('-').reverse().join('/');
}
