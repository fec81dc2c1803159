import { isoWeekday, isoWeekdayOfEpochDay, isLocalDate, toEpochDay, type LocalDate } from './civil';

/**
 * Weekly recurrence, stored as an RFC 5545 RRULE on floating (wall-clock) dates:
 * FREQ=WEEKLY;BYDAY=MO,TH[;UNTIL=20261231T235959]. It is expanded here, in civil days, so that
 * a weekly 18:30 stays 18:30 across DST changes; no library ever applies a TZID to it.
 */

export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

export interface WeeklyRule {
	/** ISO weekdays, 1 = Monday … 7 = Sunday, sorted, without repeats. */
	days: readonly number[];
	/** Last date an occurrence may fall on, inclusive; null for a series without end. */
	until: LocalDate | null;
}

export type ParsedRule = { ok: true; rule: WeeklyRule } | { ok: false; error: string };

const parsedRules = new Map<string, ParsedRule>();

/** Reads an RRULE; results are remembered, as the same few rules are expanded over and over. */
export function parseRrule(text: string): ParsedRule {
	let parsed = parsedRules.get(text);
	if (!parsed) {
		parsed = readRrule(text);
		if (parsedRules.size > 10_000) parsedRules.clear();
		parsedRules.set(text, parsed);
	}
	return parsed;
}

function readRrule(text: string): ParsedRule {
	const parts = new Map<string, string>();
	for (const part of text.replace(/^RRULE:/i, '').split(';')) {
		const [key, value] = part.split('=');
		if (!key || value === undefined || parts.has(key.toUpperCase())) {
			return { ok: false, error: 'Règle de récurrence illisible' };
		}
		parts.set(key.toUpperCase(), value.toUpperCase());
	}
	if (parts.get('FREQ') !== 'WEEKLY') return { ok: false, error: 'Seules les récurrences hebdomadaires sont possibles' };
	const unknown = [...parts.keys()].filter((key) => !['FREQ', 'BYDAY', 'UNTIL', 'WKST'].includes(key));
	if (unknown.length > 0) return { ok: false, error: `Élément de récurrence non pris en charge : ${unknown.join(', ')}` };

	const codes = (parts.get('BYDAY') ?? '').split(',').filter(Boolean);
	const days = codes.map((code) => WEEKDAY_CODES.indexOf(code as WeekdayCode) + 1);
	if (days.length === 0 || days.includes(0)) return { ok: false, error: 'Choisissez au moins un jour de la semaine' };

	let until: LocalDate | null = null;
	const untilText = parts.get('UNTIL');
	if (untilText !== undefined) {
		const match = /^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$/.exec(untilText);
		const date = match ? `${match[1]}-${match[2]}-${match[3]}` : '';
		if (!isLocalDate(date)) return { ok: false, error: 'Date de fin de récurrence invalide' };
		until = date;
	}
	// Frozen: parsed rules are shared through the cache.
	return Object.freeze({ ok: true as const, rule: Object.freeze({ days: Object.freeze([...new Set(days)].sort((a, b) => a - b)), until }) });
}

export function formatRrule(rule: WeeklyRule): string {
	const byDay = [...new Set(rule.days)].sort((a, b) => a - b).map((day) => WEEKDAY_CODES[day - 1]);
	const until = rule.until ? `;UNTIL=${rule.until.replaceAll('-', '')}T235959` : '';
	return `FREQ=WEEKLY;BYDAY=${byDay.join(',')}${until}`;
}

/**
 * Calls `each` with the dates of the series starting on `start` (its first occurrence) that fall in
 * [from, to], inclusive, as epoch days: weekday by weekday, in steps of a week (not in order).
 */
export function eachWeeklyDay(start: LocalDate, rule: WeeklyRule, from: number, to: number, each: (day: number) => void): void {
	const first = Math.max(toEpochDay(start), from);
	const last = Math.min(rule.until === null ? to : toEpochDay(rule.until), to);
	if (first > last) return;
	const weekday = isoWeekdayOfEpochDay(first);
	for (const wanted of rule.days) {
		for (let day = first + ((wanted - weekday + 7) % 7); day <= last; day += 7) each(day);
	}
}

/**
 * Dates of the series starting on `start` (its first occurrence) that fall in [from, to], inclusive,
 * as epoch days in increasing order.
 */
export function expandWeeklyDays(start: LocalDate, rule: WeeklyRule, from: number, to: number): number[] {
	const result: number[] = [];
	eachWeeklyDay(start, rule, from, to, (day) => result.push(day));
	return result.sort((a, b) => a - b);
}

/** The first date on or after `date` whose weekday the rule contains. */
export function firstOccurrenceOnOrAfter(date: LocalDate, days: readonly number[]): number {
	const start = toEpochDay(date);
	for (let i = 0; i < 7; i++) {
		if (days.includes(isoWeekdayOfEpochDay(start + i))) return start + i;
	}
	return start;
}

export function weekdayMatches(date: LocalDate, rule: WeeklyRule): boolean {
	return rule.days.includes(isoWeekday(date));
}
