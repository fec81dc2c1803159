import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromEpochDay, toEpochDay, timeFromMinutes } from '../../../src/lib/domain/civil';
import { newId } from '../../../src/lib/domain/ids';
import { expandOccurrences } from '../../../src/lib/domain/occurrences';
import { formatRrule } from '../../../src/lib/domain/recurrence';
import type { Availability, Unavailability } from '../../../src/lib/domain/schemas';
import { epochMsToOffsetIso, formatDuration, parseInstant, weekBounds } from '../../../src/lib/domain/time';
import { unavailabilityIntervals, visibleParts } from '../../../src/lib/domain/visibility';
import { weeklyCheck, type WeekCheck } from '../../../src/lib/domain/weekly-check';
import { weeklyCheckByOccurrences } from './oracles/weekly-check';
import { ADDRESS_ID, OTHER_ADDRESS_ID, availability, unavailability } from '../../factories';

const WEEK = '2026-11-23';
const NEXT = '2026-11-30';

function check(availabilities: Availability[], unavailabilities: Unavailability[] = [], weeks = [WEEK], timeZone = 'Europe/Paris') {
	return weeklyCheck({ availabilities, unavailabilities, timeZone, weeks });
}

function summary(results: WeekCheck[]): string[] {
	return results.map((r) => `${r.weekStart} ${formatDuration(r.minutes)} ${r.status}`);
}

describe('weeklyCheck', () => {
	it.each<[string, string, Availability[], Unavailability[]]>([
		['a weekly Monday 18:30–19:30 slot', '1 h 00 short', [availability({ rrule: 'FREQ=WEEKLY;BYDAY=MO' })], []],
		[
			'overlapping availabilities, counted once', '1 h 30 short',
			[availability({ start: '18:00', end: '19:00' }), availability({ start: '18:30', end: '19:30', kind: 'walk_in' })],
			[]
		],
		['the same range twice', '1 h 00 short', [availability(), availability()], []],
		[
			'a capacity range of 3 patients beside a slot', '2 h 30 ok',
			[availability(), availability({ date: '2026-11-26', start: '14:00', end: '15:30', kind: 'capacity', capacity: 3 })],
			[]
		],
		['a walk-in range of two hours', '2 h 00 ok', [availability({ start: '09:00', end: '11:00', kind: 'walk_in' })], []],
		[
			'slots split in 15 minutes, counted as their range', '2 h 00 ok',
			[availability({ start: '10:00', end: '12:00', slotMinutes: 15 })],
			[]
		],
		[
			'an unavailability that cuts a range in half', '2 h 00 ok',
			[availability({ start: '14:00', end: '18:00', kind: 'capacity', capacity: 4 })],
			[unavailability({ startsAt: '2026-11-23T15:00:00+01:00', endsAt: '2026-11-23T17:00:00+01:00' })]
		],
		[
			'an unavailability that leaves less than 2 h: on leave', '1 h 30 leave',
			[availability({ start: '14:00', end: '17:00', kind: 'capacity', capacity: 4 })],
			[unavailability({ startsAt: '2026-11-23T15:00:00+01:00', endsAt: '2026-11-23T16:30:00+01:00' })]
		],
		[
			'a whole week of unavailability', '0 h 00 leave',
			[availability({ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE' })],
			[unavailability()]
		],
		[
			'an unavailability of another address hides nothing here', '2 h 00 ok',
			[availability({ start: '17:00', end: '19:00' })],
			[unavailability({ addressId: OTHER_ADDRESS_ID })]
		],
		[
			'an unavailability of this address hides its occurrences', '0 h 00 leave',
			[availability({ start: '17:00', end: '19:00' })],
			[unavailability({ addressId: ADDRESS_ID })]
		],
		['an empty week', '0 h 00 short', [], []],
		[
			'a short week whose unavailability is at another address: short, not on leave', '1 h 00 short',
			[availability()],
			[unavailability({ addressId: OTHER_ADDRESS_ID })]
		],
		[
			'a short week whose unavailability hid nothing (it falls before the slot): short', '1 h 00 short',
			[availability()],
			[unavailability({ startsAt: '2026-11-23T08:00:00+01:00', endsAt: '2026-11-23T12:00:00+01:00' })]
		],
		[
			'three 10:00–10:50 ranges cut in 30-minute slots: regulators see 3 × 30 min, so 90 min count', '1 h 30 short',
			[
				availability({ start: '10:00', end: '10:50', slotMinutes: 30 }),
				availability({ date: '2026-11-24', start: '10:00', end: '10:50', slotMinutes: 30 }),
				availability({ date: '2026-11-25', start: '10:00', end: '10:50', slotMinutes: 30 })
			],
			[]
		],
		[
			'a range on Sunday 23:00 – 00:00 belongs to its week', '1 h 00 short',
			[availability({ date: '2026-11-29', start: '23:00', end: '00:00' }), availability({ date: '2026-11-30', start: '00:00', end: '05:00' })],
			[]
		]
	])('%s → %s', (_, expected, availabilities, unavailabilities) => {
		expect(summary(check(availabilities, unavailabilities))).toEqual([`${WEEK} ${expected}`]);
	});

	it('does not average weeks: 0 h then 4 h is one short week and one met', () => {
		const fourHours = availability({ date: NEXT, start: '08:00', end: '12:00', kind: 'walk_in' });
		expect(summary(check([fourHours], [], [WEEK, NEXT]))).toEqual([`${WEEK} 0 h 00 short`, `${NEXT} 4 h 00 ok`]);
	});

	it('hides every week from an indefinite unavailability on, and only those', () => {
		const weekly = availability({ date: '2026-11-02', start: '08:00', end: '11:00', rrule: 'FREQ=WEEKLY;BYDAY=MO' });
		const fromNow = unavailability({ startsAt: '2026-11-18T10:00:00+01:00', endsAt: null });
		expect(summary(check([weekly], [fromNow], ['2026-11-09', '2026-11-16', WEEK, NEXT]))).toEqual([
			'2026-11-09 3 h 00 ok',
			'2026-11-16 3 h 00 ok',
			`${WEEK} 0 h 00 leave`,
			`${NEXT} 0 h 00 leave`
		]);
	});

	it('counts 60 minutes in the DST weeks of March and October for a weekly 18:30–19:30', () => {
		const weekly = availability({ date: '2026-03-02', rrule: 'FREQ=WEEKLY;BYDAY=SU' });
		expect(summary(check([weekly], [], ['2026-03-23', '2026-03-30', '2026-10-19', '2026-10-26']))).toEqual([
			'2026-03-23 1 h 00 short',
			'2026-03-30 1 h 00 short',
			'2026-10-19 1 h 00 short',
			'2026-10-26 1 h 00 short'
		]);
	});

	it('counts elapsed minutes on the nights of the changes', () => {
		const spring = availability({ date: '2026-03-29', start: '01:00', end: '04:00', kind: 'walk_in' });
		const autumn = availability({ date: '2026-10-25', start: '01:00', end: '04:00', kind: 'walk_in' });
		expect(summary(check([spring], [], ['2026-03-23']))).toEqual(['2026-03-23 2 h 00 ok']);
		expect(summary(check([autumn], [], ['2026-10-19']))).toEqual(['2026-10-19 4 h 00 ok']);
	});

	it('cuts weeks at midnight in the practitioner’s zone (La Réunion)', () => {
		const sundayNight = availability({ date: '2026-11-29', start: '22:00', end: '23:30', timeZone: 'Indian/Reunion' });
		const mondayMorning = availability({ date: '2026-11-30', start: '00:30', end: '02:00', timeZone: 'Indian/Reunion' });
		expect(summary(check([sundayNight, mondayMorning], [], [WEEK, NEXT], 'Indian/Reunion'))).toEqual([
			`${WEEK} 1 h 30 short`,
			`${NEXT} 1 h 30 short`
		]);
		// Seen from Paris (three hours behind), Monday 00:30 in Réunion is still Sunday.
		expect(summary(check([sundayNight, mondayMorning], [], [WEEK, NEXT], 'Europe/Paris'))).toEqual([
			`${WEEK} 3 h 00 ok`,
			`${NEXT} 0 h 00 short`
		]);
	});

	it('follows a detached occurrence into the week it was moved to', () => {
		const series = availability({ date: '2026-11-16', start: '08:00', end: '10:00', rrule: 'FREQ=WEEKLY;BYDAY=MO' });
		const moved = availability({ seriesId: series.id, originalDate: '2026-11-23', date: '2026-12-01', start: '08:00', end: '10:00' });
		expect(summary(check([series, moved], [], [WEEK, NEXT]))).toEqual([`${WEEK} 0 h 00 short`, `${NEXT} 4 h 00 ok`]);
	});
});

// Generated agendas: a few ranges or weekly series around the checked weeks, times on a 5-minute grid.
const ZONES = ['Europe/Paris', 'Indian/Reunion', 'America/Cayenne'] as const;
const FIRST_WEEK = '2026-03-16';
const firstDay = toEpochDay(FIRST_WEEK);
const arbAvailability = fc
	.record({
		day: fc.integer({ min: firstDay - 7, max: firstDay + 27 }),
		start: fc.integer({ min: 0, max: 287 }),
		length: fc.integer({ min: 1, max: 72 }),
		weekly: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 3 }), { nil: null }),
		address: fc.constantFrom(ADDRESS_ID, OTHER_ADDRESS_ID),
		kind: fc.constantFrom('slot' as const, 'walk_in' as const)
	})
	.map(({ day, start, length, weekly, address, kind }) => {
		const end = Math.min(start + length, 288);
		const date = fromEpochDay(day);
		const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
		return availability({
			addressId: address,
			kind,
			date,
			start: timeFromMinutes(start * 5),
			end: timeFromMinutes(end * 5),
			rrule: weekly ? formatRrule({ days: [...new Set([weekday, ...weekly])], until: null }) : null
		});
	});
const arbUnavailability = fc
	.record({
		start: fc.integer({ min: 0, max: 28 * 24 }),
		hours: fc.option(fc.integer({ min: 1, max: 72 }), { nil: null }),
		address: fc.constantFrom(null, ADDRESS_ID)
	})
	.map(({ start, hours, address }) => {
		const from = Date.UTC(2026, 2, 16) + start * 3_600_000;
		return unavailability({
			addressId: address,
			startsAt: new Date(from).toISOString(),
			endsAt: hours === null ? null : new Date(from + hours * 3_600_000).toISOString()
		});
	});
const agendas = fc.record({
	availabilities: fc.array(arbAvailability, { maxLength: 6 }),
	unavailabilities: fc.array(arbUnavailability, { maxLength: 2 }),
	timeZone: fc.constantFrom(...ZONES)
});
const WEEKS = [FIRST_WEEK, addDays(FIRST_WEEK, 7), addDays(FIRST_WEEK, 14)];

describe('weeklyCheck, properties', () => {
	it('equals a minute-by-minute count of what regulation sees', () => {
		fc.assert(
			fc.property(agendas, ({ availabilities, unavailabilities, timeZone }) => {
				const results = weeklyCheck({ availabilities, unavailabilities, timeZone, weeks: WEEKS });
				const unavailable = unavailabilityIntervals(unavailabilities);
				WEEKS.forEach((monday, i) => {
					const [start, end] = weekBounds(monday, timeZone);
					const parts = expandOccurrences(availabilities, start, end).flatMap((o) => visibleParts(o, unavailable));
					let covered = 0;
					for (let t = start; t < end; t += 60_000) if (parts.some((p) => p.start <= t && t < p.end)) covered++;
					expect(results[i]!.minutes).toBe(covered);
				});
			}),
			{ numRuns: 40 }
		);
	});

	it('gives the status its minutes call for, « leave » only when a declared unavailability hid time of that week', () => {
		fc.assert(
			fc.property(agendas, ({ availabilities, unavailabilities, timeZone }) => {
				const withoutLeave = weeklyCheck({ availabilities, unavailabilities: [], timeZone, weeks: WEEKS });
				weeklyCheck({ availabilities, unavailabilities, timeZone, weeks: WEEKS }).forEach((week, i) => {
					const [start, end] = weekBounds(week.weekStart, timeZone);
					const touched = unavailabilityIntervals(unavailabilities).some((u) => u.start < end && u.end > start);
					const hid = withoutLeave[i]!.minutes > week.minutes;
					expect(week.status).toBe(week.minutes >= 120 ? 'ok' : hid ? 'leave' : 'short');
					if (hid) expect(touched).toBe(true);
				});
			})
		);
	});

	it('never counts a duplicate twice, never drops with one more availability, never grows with one more unavailability', () => {
		fc.assert(
			fc.property(agendas, arbAvailability, arbUnavailability, ({ availabilities, unavailabilities, timeZone }, extra, leave) => {
				const minutes = (a: Availability[], u: Unavailability[]) =>
					weeklyCheck({ availabilities: a, unavailabilities: u, timeZone, weeks: WEEKS }).map((w) => w.minutes);
				const base = minutes(availabilities, unavailabilities);
				const copies = availabilities.map((a) => ({ ...a, id: newId() }));
				expect(minutes([...availabilities, ...copies], unavailabilities)).toEqual(base);
				minutes([...availabilities, extra], unavailabilities).forEach((m, i) => expect(m).toBeGreaterThanOrEqual(base[i]!));
				minutes(availabilities, [...unavailabilities, leave]).forEach((m, i) => expect(m).toBeLessThanOrEqual(base[i]!));
			}),
			{ numRuns: 60 }
		);
	});
});

describe('formatDuration', () => {
	it.each([
		[0, '0 h 00'],
		[45, '0 h 45'],
		[60, '1 h 00'],
		[90, '1 h 30'],
		[150, '2 h 30'],
		[725, '12 h 05']
	])('%i minutes → %s', (minutes, text) => {
		expect(formatDuration(minutes)).toBe(text);
	});
});

describe('instants', () => {
	it('prints offsets of the zone, not of the machine', () => {
		expect(epochMsToOffsetIso(Date.UTC(2026, 6, 1, 12), 'Europe/Paris')).toBe('2026-07-01T14:00:00+02:00');
		expect(epochMsToOffsetIso(Date.UTC(2026, 6, 1, 12), 'America/Cayenne')).toBe('2026-07-01T09:00:00-03:00');
	});
});

describe('weeklyCheck, interfaced software and changes of clock', () => {
	it('gives an interfaced member a status of their own below the target, never « short »', () => {
		const [week] = weeklyCheck({ availabilities: [availability()], unavailabilities: [], timeZone: 'Europe/Paris', weeks: [WEEK], interfaced: true });
		expect(week).toMatchObject({ minutes: 60, status: 'software' });
		const [full] = weeklyCheck({ availabilities: [availability({ start: '08:00', end: '11:00' })], unavailabilities: [], timeZone: 'Europe/Paris', weeks: [WEEK], interfaced: true });
		expect(full!.status).toBe('ok');
	});

	it('counts the real time of an occurrence the spring change shortens, and says so', () => {
		// Sunday 29 March 2026, 02:00 → 03:00 in Paris: a weekly Sunday 01:30–03:30 lasts one real hour that night.
		const series = availability({ date: '2026-03-22', start: '01:30', end: '03:30', rrule: 'FREQ=WEEKLY;BYDAY=SU' });
		const [before, change, after] = check([series], [], ['2026-03-16', '2026-03-23', '2026-03-30']);
		expect([before, change, after].map((w) => [formatDuration(w!.minutes), w!.clockChange])).toEqual([
			['2 h 00', false],
			['1 h 00', true],
			['2 h 00', false]
		]);
	});
});

describe('weeklyCheck in numbers equals the check occurrence by occurrence', () => {
	// Richer agendas than above: slot lengths, exceptions, ends of series, detached occurrences,
	// weeks across the March change, and any zone the platform serves.
	const rich = fc
		.record({
			base: arbAvailability,
			slotMinutes: fc.option(fc.constantFrom(10, 15, 20, 30, 45), { nil: null }),
			exdateWeeks: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { maxLength: 2 }),
			untilWeeks: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
			detach: fc.option(fc.record({ week: fc.integer({ min: 0, max: 4 }), shiftDays: fc.integer({ min: -2, max: 2 }), shiftMinutes: fc.integer({ min: -120, max: 120 }) }), { nil: null })
		})
		.map(({ base, slotMinutes, exdateWeeks, untilWeeks, detach }) => {
			const series: Availability = {
				...base,
				slotMinutes: base.kind === 'slot' ? slotMinutes : null,
				rrule: base.rrule && untilWeeks !== null ? base.rrule + `;UNTIL=${addDays(base.date, 7 * untilWeeks).replaceAll('-', '')}T235959` : base.rrule,
				exdates: base.rrule ? exdateWeeks.map((w) => addDays(base.date, 7 * w)) : []
			};
			if (!series.rrule || !detach) return [series];
			const originalDate = addDays(base.date, 7 * detach.week);
			if (series.exdates.includes(originalDate)) return [series];
			const start = Math.max(0, Math.min(1380, Number(series.start.slice(0, 2)) * 60 + Number(series.start.slice(3)) + detach.shiftMinutes));
			const moved = availability({ ...series, id: newId(), rrule: null, exdates: [], seriesId: series.id, originalDate, date: addDays(originalDate, detach.shiftDays), start: timeFromMinutes(start), end: timeFromMinutes(Math.min(start + 60, 1439)) });
			return [series, moved];
		});
	const richAgendas = fc.record({
		availabilities: fc.array(rich, { maxLength: 6 }).map((groups) => groups.flat()),
		unavailabilities: fc.array(arbUnavailability, { maxLength: 3 }),
		timeZone: fc.constantFrom('Europe/Paris', 'Indian/Reunion', 'America/Cayenne', 'America/Martinique', 'Pacific/Noumea', 'America/Miquelon'),
		interfaced: fc.boolean()
	});

	it('on generated agendas', () => {
		fc.assert(
			fc.property(richAgendas, ({ availabilities, unavailabilities, timeZone, interfaced }) => {
				const input = { availabilities, unavailabilities, timeZone, weeks: [addDays(FIRST_WEEK, -7), ...WEEKS, addDays(FIRST_WEEK, 21)], interfaced };
				expect(weeklyCheck(input)).toEqual(weeklyCheckByOccurrences(input));
			}),
			{ numRuns: 300 }
		);
	});
});

describe('parseInstant', () => {
	it.each([
		['2026-03-29T01:00:00Z', Date.UTC(2026, 2, 29, 1)],
		['2026-03-29T03:00+02:00', Date.UTC(2026, 2, 29, 1)],
		['2026-02-28T23:59:59.999-10:00', Date.UTC(2026, 2, 1, 9, 59, 59, 999)],
		['2028-02-29T12:00:00Z', Date.UTC(2028, 1, 29, 12)]
	])('reads %s', (iso, ms) => {
		expect(parseInstant(iso)).toBe(ms);
	});
	it.each(['2026-02-30T00:00:00Z', '2026-04-31T00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T10:00:00', '2027-02-29T00:00:00Z'])('refuses %s as Temporal does', (iso) => {
		expect(() => parseInstant(iso)).toThrow();
	});
});
