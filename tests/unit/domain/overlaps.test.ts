import { describe, expect, it } from 'vitest';
import { overlapsOf } from '../../../src/lib/domain/overlaps';
import type { AvailabilityChange } from '../../../src/lib/domain/series-edit';
import { availability } from '../../factories';

const put = (value: ReturnType<typeof availability>): AvailabilityChange => ({ op: 'put', value });
const TODAY = '2026-11-20';

describe('overlaps shown before saving', () => {
	const monday = availability({ date: '2026-11-23', start: '09:00', end: '10:00' });

	it.each<[string, ReturnType<typeof availability>, number]>([
		['the same range again', availability({ date: '2026-11-23', start: '09:00', end: '10:00' }), 1],
		['a range that crosses it', availability({ date: '2026-11-23', start: '09:30', end: '11:00' }), 1],
		['a range that touches it', availability({ date: '2026-11-23', start: '10:00', end: '11:00' }), 0],
		['another kind (walk-in over slots, on purpose)', availability({ date: '2026-11-23', start: '09:00', end: '10:00', kind: 'walk_in' }), 0],
		['another place', availability({ date: '2026-11-23', start: '09:00', end: '10:00', addressId: '01900000-0000-7000-8000-00000000abcd' }), 0],
		['another day', availability({ date: '2026-11-24', start: '09:00', end: '10:00' }), 0],
		['a weekly series that meets it in three weeks', availability({ date: '2026-11-02', start: '09:45', end: '10:15', rrule: 'FREQ=WEEKLY;BYDAY=MO' }), 1]
	])('%s', (_, added, count) => {
		const found = overlapsOf([monday], [put(added)], TODAY);
		expect(found).toHaveLength(count);
		if (count) expect(found[0]!.other).toEqual({ date: '2026-11-23', start: '09:00', end: '10:00' });
	});

	it('an availability edited onto itself is no overlap', () => {
		expect(overlapsOf([monday], [put({ ...monday, end: '10:30' })], TODAY)).toEqual([]);
	});

	it('looks from today on: an old overlap in the past is not shown', () => {
		const past = availability({ date: '2026-11-02', start: '09:00', end: '10:00' });
		expect(overlapsOf([past], [put(availability({ date: '2026-11-02', start: '09:00', end: '10:00' }))], TODAY)).toEqual([]);
	});

	it('says at most three, earliest first', () => {
		const series = availability({ date: '2026-11-23', rrule: 'FREQ=WEEKLY;BYDAY=MO' });
		const found = overlapsOf([series], [put(availability({ date: '2026-11-23', start: '18:00', end: '19:00', rrule: 'FREQ=WEEKLY;BYDAY=MO' }))], TODAY);
		expect(found.map((f) => f.date)).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
	});
});

describe('only what the change makes is judged', () => {
	it('a series split after an old overlap does not report that overlap again', () => {
		const series = availability({ date: '2026-11-23', start: '09:00', end: '10:00', rrule: 'FREQ=WEEKLY;BYDAY=MO' });
		const single = availability({ date: '2026-11-23', start: '09:30', end: '10:30' });
		const kept = { ...series, rrule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20261129T235959' };
		const next = availability({ date: '2026-11-30', start: '08:00', end: '09:00', rrule: 'FREQ=WEEKLY;BYDAY=MO', continuesId: series.id });
		expect(overlapsOf([series, single], [put(kept), put(next)], TODAY)).toEqual([]);
	});

	it('an old overlap moved onto new hours that still overlap is reported', () => {
		const series = availability({ date: '2026-11-23', start: '09:00', end: '10:00' });
		const single = availability({ date: '2026-11-23', start: '09:30', end: '10:30' });
		expect(overlapsOf([series, single], [put({ ...series, start: '09:15' })], TODAY)).toHaveLength(1);
	});
});
