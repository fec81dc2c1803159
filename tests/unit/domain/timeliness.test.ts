import { describe, expect, it } from 'vitest';
import { availabilityTimeliness, PAST_AVAILABILITY, PAST_UNAVAILABILITY, TOO_FAR_AHEAD, unavailabilityTimeliness } from '../../../src/lib/domain/timeliness';
import type { Availability } from '../../../src/lib/domain/schemas';
import { availability, unavailability } from '../../factories';

// Monday 23 November 2026, 14:00 in Paris.
const NOW = Date.parse('2026-11-23T14:00:00+01:00');
const messages = (issues: { message: string }[]) => issues.map((i) => i.message);

describe('what may be entered depends on the day', () => {
	it.each<[string, Partial<Availability>, string[]]>([
		['today, later', { date: '2026-11-23', start: '18:30', end: '19:30' }, []],
		['today, this morning (ended)', { date: '2026-11-23', start: '08:00', end: '09:00' }, [PAST_AVAILABILITY]],
		['today, under way (ends later)', { date: '2026-11-23', start: '13:00', end: '15:00' }, []],
		['a date in 2019', { date: '2019-05-06' }, [PAST_AVAILABILITY]],
		['a date in 2099', { date: '2099-05-04' }, [TOO_FAR_AHEAD]],
		['exactly 366 days ahead', { date: '2027-11-24' }, []],
		['367 days ahead', { date: '2027-11-25' }, [TOO_FAR_AHEAD]],
		['a weekly series that started last year and goes on', { date: '2025-11-24', rrule: 'FREQ=WEEKLY;BYDAY=MO' }, []],
		['a weekly series that ended last week', { date: '2026-10-05', rrule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20261116T235959' }, [PAST_AVAILABILITY]]
	])('a new availability %s', (_, overrides, expected) => {
		expect(messages(availabilityTimeliness(availability(overrides), null, NOW))).toEqual(expected);
	});

	it('never re-judges a row that did not change, and judges a changed one', () => {
		const old = availability({ date: '2026-11-02' });
		expect(availabilityTimeliness(old, { ...old }, NOW)).toEqual([]);
		expect(messages(availabilityTimeliness({ ...old, start: '18:00' }, old, NOW))).toEqual([PAST_AVAILABILITY]);
	});

	it('gives a change made offline its grace: ended an hour ago, taken with 48 h of grace, refused without', () => {
		const slot = availability({ date: '2026-11-23', start: '12:00', end: '13:00' });
		expect(availabilityTimeliness(slot, null, NOW, 48 * 3_600_000)).toEqual([]);
		expect(messages(availabilityTimeliness(slot, null, NOW))).toEqual([PAST_AVAILABILITY]);
	});

	it('refuses an unavailability wholly in the past, but lets an existing one be ended now', () => {
		const past = unavailability({ startsAt: '2026-11-02T00:00:00+01:00', endsAt: '2026-11-09T00:00:00+01:00' });
		expect(messages(unavailabilityTimeliness(past, null, NOW))).toEqual([PAST_UNAVAILABILITY]);
		const indefinite = unavailability({ startsAt: '2026-11-20T10:00:00+01:00', endsAt: null });
		expect(unavailabilityTimeliness({ ...indefinite, endsAt: new Date(NOW).toISOString() }, indefinite, NOW)).toEqual([]);
		// Moving a past period to other past dates is not ending it.
		expect(messages(unavailabilityTimeliness({ ...past, startsAt: '2026-11-01T00:00:00+01:00' }, past, NOW))).toEqual([PAST_UNAVAILABILITY]);
		expect(unavailabilityTimeliness(unavailability({ startsAt: '2026-11-30T00:00:00+01:00', endsAt: '2026-12-07T00:00:00+01:00' }), null, NOW)).toEqual([]);
	});
});
