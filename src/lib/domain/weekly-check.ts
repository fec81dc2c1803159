import { endMinutesOfDay, minutesOfDay, toEpochDay, type LocalDate } from './civil';
import { subtract, type Interval } from './intervals';
import { eachWeeklyDay, parseRrule } from './recurrence';
import type { Availability } from './schemas/availability';
import type { Unavailability } from './schemas/unavailability';
import { wallClockToEpochMs } from './time';
import { unavailabilityIntervals } from './visibility';

/** The weekly target of the honour declaration (seed 003 Q8): 2 hours visible every week. */
export const WEEKLY_TARGET_MINUTES = 120;

export type WeekStatus = 'ok' | 'short' | 'leave' | 'software';

export const WEEK_STATUS_LABELS: Record<WeekStatus, string> = {
	ok: 'Objectif atteint',
	short: 'Moins de 2 h',
	leave: 'Indisponibilité déclarée',
	software: 'Créneaux via son logiciel'
};

/** The status as the reader says it: « via votre logiciel » to the doctor themself. */
export function weekStatusLabel(status: WeekStatus, own = false): string {
	return own && status === 'software' ? 'Créneaux via votre logiciel' : WEEK_STATUS_LABELS[status];
}

export interface WeekCheck {
	/** Monday of the ISO week. */
	weekStart: LocalDate;
	/** Elapsed minutes visible to regulation: union of what regulators are shown, minus unavailability. */
	minutes: number;
	status: WeekStatus;
	/**
	 * A change of clock (DST) made some occurrence of the week shorter or longer in real time than on
	 * the clock: the figure is real time (« 1 h 00 réelles — changement d'heure »).
	 */
	clockChange: boolean;
}

export interface WeeklyCheckInput {
	availabilities: readonly Availability[];
	unavailabilities: readonly Unavailability[];
	/** The practitioner's zone: weeks run Monday 00:00 to Monday 00:00 there. */
	timeZone: string;
	/** Mondays of the weeks to check. */
	weeks: readonly LocalDate[];
	/**
	 * Interfaced software shows the doctor's slots (and the SAS agenda is not their manual agenda):
	 * the 2-hour rule is about the manual agenda, so a week below it reads 'software', never 'short'.
	 */
	interfaced?: boolean;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Sorted, merged intervals from flat [start, end, start, end…] pairs, then their minutes in each
 * week: one sort and one sweep.
 */
function minutesPerWeek(pairs: number[], bounds: readonly Interval[]): number[] {
	const count = pairs.length / 2;
	const order: number[] = new Array(count);
	for (let i = 0; i < count; i++) order[i] = i;
	order.sort((x, y) => pairs[2 * x]! - pairs[2 * y]!);
	const totals = bounds.map(() => 0);
	let start = Number.NaN;
	let end = Number.NaN;
	const flush = () => {
		if (!(end > start)) return;
		for (let w = 0; w < bounds.length; w++) {
			const from = Math.max(start, bounds[w]!.start);
			const to = Math.min(end, bounds[w]!.end);
			if (to > from) totals[w]! += to - from;
		}
	};
	for (const i of order) {
		const s = pairs[2 * i]!;
		const e = pairs[2 * i + 1]!;
		if (!(e > s)) continue;
		if (s <= end) end = Math.max(end, e);
		else {
			flush();
			start = s;
			end = e;
		}
	}
	flush();
	return totals.map((ms) => ms / MINUTE);
}

/**
 * The 2-hour rule, week by week. Weeks are never averaged: 0 h then 4 h is one short week.
 * What counts is what regulators are shown: overlapping availabilities count once, a range cut in
 * slots counts its whole slots, an unavailability removes what it covers. A week short of the
 * target is "on leave" only when a declared unavailability took visible time out of it.
 *
 * The same occurrences as `expandOccurrences`, computed in numbers (epoch days, minutes, instants)
 * without building dates or occurrence objects: a territory's indicators check thousands of doctors.
 */
export function weeklyCheck({ availabilities, unavailabilities, timeZone, weeks, interfaced = false }: WeeklyCheckInput): WeekCheck[] {
	if (weeks.length === 0) return [];
	const bounds = weeks.map((monday): Interval => {
		const day = toEpochDay(monday);
		return { start: wallClockToEpochMs(day, 0, timeZone), end: wallClockToEpochMs(day + 7, 0, timeZone) };
	});
	let from = Number.POSITIVE_INFINITY;
	let to = Number.NEGATIVE_INFINITY;
	for (const b of bounds) {
		from = Math.min(from, b.start);
		to = Math.max(to, b.end);
	}
	const unavailable = unavailabilityIntervals(unavailabilities);

	// Series present, and the dates their detached occurrences replace.
	const seriesIds = new Set<string>();
	let detached: Map<string, Set<number>> | null = null;
	for (const a of availabilities) {
		if (a.rrule !== null) seriesIds.add(a.id);
		if (a.seriesId !== null && a.originalDate !== null) {
			detached ??= new Map();
			let days = detached.get(a.seriesId);
			if (!days) detached.set(a.seriesId, (days = new Set()));
			days.add(toEpochDay(a.originalDate));
		}
	}

	// Civil days that can hold an occurrence overlapping the weeks, whatever the zone (±14 h).
	const firstDay = Math.floor(from / DAY) - 2;
	const lastDay = Math.floor(to / DAY) + 1;
	const visible: number[] = [];
	const offered: number[] = [];
	const shifted: number[] = [];

	for (const a of availabilities) {
		const startMinute = minutesOfDay(a.start);
		const endMinute = endMinutesOfDay(a.end);
		const step = a.kind === 'slot' && a.slotMinutes ? a.slotMinutes * MINUTE : 0;
		const holes = unavailable.filter((u) => u.addressId === null || u.addressId === a.addressId);
		const emit = (day: number) => {
			const start = wallClockToEpochMs(day, startMinute, a.timeZone);
			const end = wallClockToEpochMs(day, endMinute, a.timeZone);
			if (!(start < to && end > from)) return;
			if (end - start !== (endMinute - startMinute) * MINUTE) shifted.push(start, Math.max(end, start + 1));
			const parts = holes.length ? subtract({ start, end }, holes) : [{ start, end }];
			for (const part of parts) pushRanges(visible, start, part, step);
			if (unavailable.length) pushRanges(offered, start, { start, end }, step);
		};
		if (a.rrule === null) {
			if (a.seriesId !== null && !seriesIds.has(a.seriesId)) continue;
			const day = toEpochDay(a.date);
			if (day >= firstDay && day <= lastDay) emit(day);
			continue;
		}
		const skipped = a.exdates.length || detached?.has(a.id) ? new Set([...a.exdates.map(toEpochDay), ...(detached?.get(a.id) ?? [])]) : null;
		const parsed = parseRrule(a.rrule);
		if (parsed.ok) eachWeeklyDay(a.date, parsed.rule, firstDay, lastDay, skipped ? (day) => void (skipped.has(day) || emit(day)) : emit);
	}

	const minutes = minutesPerWeek(visible, bounds);
	const offeredMinutes = unavailable.length ? minutesPerWeek(offered, bounds) : minutes;
	return weeks.map((weekStart, i) => {
		const week = bounds[i]!;
		const hidden = offeredMinutes[i]! > minutes[i]!;
		const status: WeekStatus = minutes[i]! >= WEEKLY_TARGET_MINUTES ? 'ok' : interfaced ? 'software' : hidden ? 'leave' : 'short';
		let clockChange = false;
		for (let k = 0; k < shifted.length && !clockChange; k += 2) clockChange = shifted[k]! < week.end && week.start < shifted[k + 1]!;
		return { weekStart, minutes: minutes[i]!, status, clockChange };
	});
}

/**
 * What regulators are shown of one visible part, as flat pairs: the part itself, or for a range cut
 * in slots its whole slots on the grid of the occurrence's start (`visibleRanges`, in numbers).
 */
function pushRanges(into: number[], occurrenceStart: number, part: Interval, step: number): void {
	if (step === 0) {
		if (part.end > part.start) into.push(part.start, part.end);
		return;
	}
	const first = occurrenceStart + Math.ceil((part.start - occurrenceStart) / step) * step;
	for (let start = first; start + step <= part.end; start += step) into.push(start, start + step);
}
