import { addDays, datesBetween, formatDateNumeric, isoWeekNumber, startOfIsoWeek, type LocalDate } from './civil';
import { frenchCsv } from './csv';
import { formatAddress, type Address } from './schemas/address';
import type { Availability } from './schemas/availability';
import type { Unavailability } from './schemas/unavailability';
import { formatDuration, todayIn, weekBounds } from './time';
import { unavailabilityIntervals } from './visibility';
import { weekStatusLabel, weeklyCheck, type WeekStatus } from './weekly-check';

/**
 * The weekly record of visible hours (avenant 9: the 2 hours are paid on proof). Each week closes
 * at Monday 00:00 in the practitioner's zone; its figures are then written once and never change.
 */

/** A server down longer than this catches up this many weeks at most, the most recent ones. */
export const CATCH_UP_WEEKS = 12;

export type RecordSource = 'agenda' | 'software';

export const SOURCE_LABELS: Record<RecordSource, string> = { agenda: 'Agenda SAS', software: 'Logiciel de l’effecteur' };

export interface PlaceMinutes {
	addressId: string;
	label: string;
	minutes: number;
}

export interface WeeklyFigures {
	weekStart: LocalDate;
	minutes: number;
	status: WeekStatus;
	clockChange: boolean;
	/** Visible minutes of each kind of availability (overlaps between kinds count in each). */
	minutesByKind: Partial<Record<Availability['kind'], number>>;
	minutesByPlace: PlaceMinutes[];
	/** Minutes of the week covered by a declared unavailability. */
	unavailableMinutes: number;
	/** An unavailability with no end covers the week. */
	unavailableIndefinite: boolean;
	source: RecordSource;
}

/** The week in progress in `zone` at `nowMs`, and the last one that has closed. */
export function currentWeek(nowMs: number, zone: string): LocalDate {
	return startOfIsoWeek(todayIn(zone, nowMs));
}

export function lastClosedWeek(nowMs: number, zone: string): LocalDate {
	return addDays(currentWeek(nowMs, zone), -7);
}

/** The instant a week closes: the next Monday 00:00 in the zone (a DST week lasts 167 or 169 h). */
export function weekEnd(monday: LocalDate, zone: string): number {
	return weekBounds(monday, zone)[1];
}

/**
 * The weeks of `zone` to close at `nowMs`: every week after the last one closed up to the last
 * complete one, the most recent CATCH_UP_WEEKS at most (a first start closes that many).
 */
export function weeksToClose(nowMs: number, zone: string, lastClosed: LocalDate | null): LocalDate[] {
	const last = lastClosedWeek(nowMs, zone);
	const earliest = addDays(last, -7 * (CATCH_UP_WEEKS - 1));
	let first = lastClosed === null ? earliest : addDays(startOfIsoWeek(lastClosed), 7);
	if (first < earliest) first = earliest;
	return datesBetween(first, last, 7, CATCH_UP_WEEKS);
}

export interface FiguresInput {
	availabilities: readonly Availability[];
	unavailabilities: readonly Unavailability[];
	addresses: readonly Pick<Address, 'id' | 'street' | 'postalCode' | 'city'>[];
	timeZone: string;
	/** Interfaced software shows the doctor's slots rather than the SAS agenda. */
	interfaced: boolean;
}

/** The figures of each week: the 2-hour check, then the same count by kind and by place. */
export function weeklyFigures(input: FiguresInput, weeks: readonly LocalDate[]): WeeklyFigures[] {
	const { availabilities, unavailabilities, timeZone, interfaced } = input;
	const check = (subset: readonly Availability[]) => weeklyCheck({ availabilities: subset, unavailabilities, timeZone, weeks, interfaced });
	const overall = check(availabilities);
	const kinds = [...new Set(availabilities.map((a) => a.kind))].sort();
	const byKind = kinds.map((kind) => [kind, check(availabilities.filter((a) => a.kind === kind || (a.seriesId !== null && availabilities.some((s) => s.id === a.seriesId && s.kind === kind))))] as const);
	const byPlace = input.addresses.map((address) => [address, check(availabilities.filter((a) => a.addressId === address.id))] as const);
	const holes = unavailabilityIntervals(unavailabilities);
	return overall.map((week, i) => {
		const [start, end] = weekBounds(week.weekStart, timeZone);
		let covered = 0;
		let indefinite = false;
		for (const [from, to] of mergedClips(holes, start, end)) covered += to - from;
		for (const h of holes) if (h.end === Number.POSITIVE_INFINITY && h.start < end) indefinite = true;
		return {
			weekStart: week.weekStart,
			minutes: Math.round(week.minutes),
			status: week.status,
			clockChange: week.clockChange,
			minutesByKind: Object.fromEntries(byKind.map(([kind, weeks]) => [kind, Math.round(weeks[i]!.minutes)]).filter(([, m]) => (m as number) > 0)),
			minutesByPlace: byPlace.map(([a, weeks]) => ({ addressId: a.id, label: formatAddress(a), minutes: Math.round(weeks[i]!.minutes) })).filter((p) => p.minutes > 0),
			unavailableMinutes: Math.round(covered / 60_000),
			unavailableIndefinite: indefinite,
			source: interfaced ? 'software' : 'agenda'
		};
	});
}

/** The parts of the intervals inside [start, end), merged. */
function mergedClips(intervals: readonly { start: number; end: number }[], start: number, end: number): [number, number][] {
	const clipped = intervals
		.map((h) => [Math.max(h.start, start), Math.min(h.end, end)] as [number, number])
		.filter(([a, b]) => b > a)
		.sort((x, y) => x[0] - y[0]);
	const merged: [number, number][] = [];
	for (const part of clipped) {
		const last = merged.at(-1);
		if (last && part[0] <= last[1]) last[1] = Math.max(last[1], part[1]);
		else merged.push([...part]);
	}
	return merged;
}

/** « 2026-T4 »: the quarter of a week is the one of its Thursday (as the ISO year is). */
export function quarterOf(monday: LocalDate): string {
	const thursday = addDays(startOfIsoWeek(monday), 3);
	return `${thursday.slice(0, 4)}-T${Math.floor((Number(thursday.slice(5, 7)) - 1) / 3) + 1}`;
}

/** « 2026-T4 »: a year the product takes (1900–2199, as every date) and its quarter. */
export const QUARTER_PATTERN = /^(19\d{2}|2[01]\d{2})-T([1-4])$/;

/** The Mondays of the weeks of a quarter — 12 to 14, those whose Thursday falls in it; none for a quarter outside the pattern. */
export function weeksOfQuarter(quarter: string): LocalDate[] {
	const match = QUARTER_PATTERN.exec(quarter);
	if (!match) return [];
	const first = startOfIsoWeek(`${match[1]}-${String((Number(match[2]) - 1) * 3 + 1).padStart(2, '0')}-01`);
	return datesBetween(first, addDays(first, 7 * 14), 7).filter((w) => quarterOf(w) === quarter);
}

export function quarterLabel(quarter: string): string {
	const match = QUARTER_PATTERN.exec(quarter);
	return match ? `${match[2] === '1' ? '1er' : `${match[2]}e`} trimestre ${match[1]}` : quarter;
}

/** « Semaine 48 (du 23/11/2026 au 29/11/2026) » */
export function weekLabel(monday: LocalDate): string {
	const { week } = isoWeekNumber(monday);
	return `Semaine ${week} (du ${formatDateNumeric(monday)} au ${formatDateNumeric(addDays(monday, 6))})`;
}

/** A week as recorded (or as it stands, for the week in progress). */
export interface WeekRecord extends WeeklyFigures {
	/** null: the week in progress (« en cours »), live figures. */
	recordedAt: string | null;
}

export function statusLabel(r: Pick<WeekRecord, 'status' | 'recordedAt'>, own = false): string {
	const label = weekStatusLabel(r.status, own);
	return r.recordedAt === null ? `En cours — ${label.toLowerCase()} à ce jour` : label;
}

export const RECORDS_CSV_HEADER = [
	'RPPS',
	'Effecteur',
	'Structure',
	'Semaine',
	'Du',
	'Au',
	'Heures visibles',
	'Minutes visibles',
	'Statut',
	'Source',
	'Minutes indisponibles',
	'Enregistré le'
] as const;

export interface RecordRow extends WeekRecord {
	rpps: string;
	practitionerName: string;
	structureName: string | null;
}

/** The recorded weeks as CSV for French Excel (« ; », BOM, CRLF), one line per week. */
export function recordsCsv(rows: readonly RecordRow[]): string {
	return frenchCsv([
		RECORDS_CSV_HEADER,
		...rows.map((r) => [
			r.rpps,
			r.practitionerName,
			r.structureName,
			`${r.weekStart.slice(0, 4)}-S${String(isoWeekNumber(r.weekStart).week).padStart(2, '0')}`,
			formatDateNumeric(r.weekStart),
			formatDateNumeric(addDays(r.weekStart, 6)),
			formatDuration(r.minutes),
			r.minutes,
			statusLabel(r),
			SOURCE_LABELS[r.source],
			r.unavailableMinutes,
			r.recordedAt === null ? 'en cours' : frenchDateTime(r.recordedAt)
		])
	]);
}

/** « 01/12/2026 »: the day of an instant in Paris time (a record written at Monday 00:01 is Monday's). */
export function frenchDateOf(iso: string): string {
	return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short' }).format(new Date(iso));
}

/** « 30/11/2026 00:05 » in Paris time. */
export function frenchDateTime(iso: string): string {
	return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

/** A verification code from 16 random bytes: XXXX-XXXX-XXXX-XXXX, without 0/O, 1/I/L or U (about 78 bits). */
export function verificationCode(random: Uint8Array): string {
	let code = '';
	for (let i = 0; i < 16; i++) code += CODE_ALPHABET[random[i]! % CODE_ALPHABET.length];
	return code.match(/.{4}/g)!.join('-');
}

export const VERIFICATION_CODE_PATTERN = /^[A-HJKMNP-TV-Z2-9]{4}(-[A-HJKMNP-TV-Z2-9]{4}){3}$/;

/** Codes read aloud or typed by hand: upper case, dashes where they belong. */
/**
 * Why a typed code cannot be one, in words (null when it can): its length, or the characters codes
 * never use — I, L, O, U, 0 and 1, which read like others — named as typed.
 */
export function verificationCodeProblem(input: string): string | null {
	const code = normalizeCode(input);
	if (VERIFICATION_CODE_PATTERN.test(code)) return null;
	const raw = input.toUpperCase().replace(/[\s-]/g, '');
	const unused = [...new Set(raw.replace(/[A-HJKMNP-TV-Z2-9]/g, '').split(''))];
	if (raw.length === 16 && unused.length) {
		return `Ce code contient ${unused.map((c) => `« ${c} »`).join(', ')} : les codes n’utilisent jamais les lettres I, L, O, U ni les chiffres 0 et 1. Vérifiez-le sur l’attestation (un O y est peut-être un Q, un 1 un 7…).`;
	}
	return 'Code de vérification invalide : 16 caractères, par groupes de 4 (XXXX-XXXX-XXXX-XXXX)';
}

export function normalizeCode(input: string): string {
	const raw = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
	return raw.length === 16 ? raw.match(/.{4}/g)!.join('-') : input.trim().toUpperCase();
}

