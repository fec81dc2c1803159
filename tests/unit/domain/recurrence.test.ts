import fc from 'fast-check';
import { RRule, datetime } from 'rrule';
import { describe, expect, it } from 'vitest';
import { fromEpochDay, toEpochDay } from '../../../src/lib/domain/civil';
import {
	expandWeeklyDays,
	firstOccurrenceOnOrAfter,
	formatRrule,
	parseRrule,
	type WeeklyRule
} from '../../../src/lib/domain/recurrence';

describe('parseRrule', () => {
	it.each([
		['FREQ=WEEKLY;BYDAY=MO', { days: [1], until: null }],
		['RRULE:FREQ=WEEKLY;BYDAY=TH,MO', { days: [1, 4], until: null }],
		['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;UNTIL=20261231T235959', { days: [1, 2, 3, 4, 5, 6, 7], until: '2026-12-31' }],
		['FREQ=WEEKLY;BYDAY=SU;UNTIL=20270301', { days: [7], until: '2027-03-01' }],
		['freq=weekly;byday=fr;wkst=mo', { days: [5], until: null }]
	])('reads %s', (text, rule) => {
		expect(parseRrule(text)).toEqual({ ok: true, rule });
	});

	it.each([
		['FREQ=DAILY', 'Seules les récurrences hebdomadaires sont possibles'],
		['FREQ=WEEKLY', 'Choisissez au moins un jour de la semaine'],
		['FREQ=WEEKLY;BYDAY=XX', 'Choisissez au moins un jour de la semaine'],
		['FREQ=WEEKLY;BYDAY=MO;COUNT=3', 'Élément de récurrence non pris en charge : COUNT'],
		['FREQ=WEEKLY;BYDAY=MO;UNTIL=20260231', 'Date de fin de récurrence invalide'],
		['FREQ=WEEKLY;FREQ=WEEKLY;BYDAY=MO', 'Règle de récurrence illisible'],
		['n’importe quoi', 'Règle de récurrence illisible']
	])('refuses %s with a French reason', (text, error) => {
		expect(parseRrule(text)).toEqual({ ok: false, error });
	});

	it('round-trips every rule through its RFC 5545 text', () => {
		fc.assert(
			fc.property(rules, (rule) => {
				expect(parseRrule(formatRrule(rule))).toEqual({ ok: true, rule });
			})
		);
	});
});

const days = fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }).map((d) => d.sort((a, b) => a - b));
const epochDays = fc.integer({ min: toEpochDay('2024-01-01'), max: toEpochDay('2030-12-31') });
const rules: fc.Arbitrary<WeeklyRule> = fc.record({
	days,
	until: fc.option(epochDays.map(fromEpochDay), { nil: null })
});

function rruleJsDays(start: string, rule: WeeklyRule, from: number, to: number): number[] {
	const [y, m, d] = start.split('-').map(Number) as [number, number, number];
	// Floating times: rrule.js works in UTC fields when no TZID is given, which is what wall-clock needs.
	const options = RRule.parseString(formatRrule(rule));
	const rrule = new RRule({ ...options, dtstart: datetime(y, m, d, 18, 30) });
	return rrule
		.between(new Date(from * 86_400_000), new Date((to + 1) * 86_400_000), true)
		.map((date) => Math.floor(date.getTime() / 86_400_000));
}

describe('expandWeeklyDays', () => {
	it('gives exactly the dates rrule.js gives for the same floating rule', () => {
		fc.assert(
			fc.property(rules, epochDays, epochDays, fc.integer({ min: 0, max: 120 }), (rule, startDay, from, span) => {
				// A series starts on a day it contains (the form ensures it; see firstOccurrenceOnOrAfter).
				const start = fromEpochDay(firstOccurrenceOnOrAfter(fromEpochDay(startDay), rule.days));
				expect(expandWeeklyDays(start, rule, from, from + span)).toEqual(rruleJsDays(start, rule, from, from + span));
			}),
			{ numRuns: 300 }
		);
	});

	it('stops on the UNTIL date, inclusive', () => {
		const rule = { days: [1], until: '2026-12-14' };
		const from = toEpochDay('2026-11-01');
		expect(expandWeeklyDays('2026-11-23', rule, from, from + 90).map(fromEpochDay)).toEqual([
			'2026-11-23',
			'2026-11-30',
			'2026-12-07',
			'2026-12-14'
		]);
	});

	it('moves the first occurrence to the first chosen weekday on or after the date', () => {
		// 2026-11-25 is a Wednesday: "Chaque Lundi" and "Chaque Jeudi" start on Thursday 26.
		expect(fromEpochDay(firstOccurrenceOnOrAfter('2026-11-25', [1, 4]))).toBe('2026-11-26');
		expect(fromEpochDay(firstOccurrenceOnOrAfter('2026-11-25', [3]))).toBe('2026-11-25');
	});
});
