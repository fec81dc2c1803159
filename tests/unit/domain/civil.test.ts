import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
	addDays,
	datesBetween,
	endMinutesOfDay,
	fromEpochDay,
	isLocalDate,
	isLocalTime,
	isoWeekNumber,
	isoWeekday,
	startOfIsoWeek,
	toEpochDay
} from '../../../src/lib/domain/civil';

const plainDates = fc
	.integer({ min: toEpochDay('1900-01-01'), max: toEpochDay('2200-12-31') })
	.map((day) => Temporal.PlainDate.from('1970-01-01').add({ days: day }));

describe('civil dates', () => {
	it('agree with Temporal on epoch days, weekdays and ISO weeks', () => {
		fc.assert(
			fc.property(plainDates, (date) => {
				const text = date.toString();
				expect(fromEpochDay(toEpochDay(text))).toBe(text);
				expect(toEpochDay(text)).toBe(date.since('1970-01-01', { largestUnit: 'days' }).days);
				expect(isoWeekday(text)).toBe(date.dayOfWeek);
				expect(isoWeekNumber(text)).toEqual({ year: date.yearOfWeek, week: date.weekOfYear });
				expect(isoWeekday(startOfIsoWeek(text))).toBe(1);
				expect(date.since(startOfIsoWeek(text)).days).toBe(date.dayOfWeek - 1);
			})
		);
	});

	it('lists the dates between two bounds, bounded by construction', () => {
		expect(datesBetween('2026-12-28', '2027-01-02')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
		expect(datesBetween('2026-11-30', '2026-12-28', 7)).toEqual(['2026-11-30', '2026-12-07', '2026-12-14', '2026-12-21', '2026-12-28']);
		expect(datesBetween('2026-12-02', '2026-12-01')).toEqual([]);
		// A malformed bound gives nothing rather than a loop that never ends.
		for (const bad of ['999-01-01', '0NaN-0NaN-0NaN', '']) {
			expect(datesBetween(bad, '2026-12-01')).toEqual([]);
			expect(datesBetween('2026-12-01', bad)).toEqual([]);
		}
		expect(datesBetween('1900-01-01', '2199-12-31', 7, 53)).toHaveLength(53);
		fc.assert(
			fc.property(plainDates, fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 14 }), (date, span, step) => {
				const first = date.toString();
				const dates = datesBetween(first, date.add({ days: span }).toString(), step);
				expect(dates).toHaveLength(Math.floor(span / step) + 1);
				dates.forEach((d, i) => expect(toEpochDay(d) - toEpochDay(first)).toBe(i * step));
			})
		);
	});

	it('adds days across months, leap days and years', () => {
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
		expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
	});

	it.each([
		['2026-11-23', true],
		['2028-02-29', true],
		['2027-02-29', false],
		['2026-13-01', false],
		['2026-11-31', false],
		['23/11/2026', false],
		['2026-1-5', false]
	])('date %s is valid: %s', (value, valid) => {
		expect(isLocalDate(value)).toBe(valid);
	});

	it.each([
		['00:00', true],
		['13:05', true],
		['23:59', true],
		['24:00', false],
		['7:30', false],
		['18h30', false]
	])('time %s is valid: %s', (value, valid) => {
		expect(isLocalTime(value)).toBe(valid);
	});

	it('reads "00:00" as an end as midnight at the end of the day', () => {
		expect(endMinutesOfDay('00:00')).toBe(1440);
		expect(endMinutesOfDay('19:30')).toBe(1170);
	});
});
