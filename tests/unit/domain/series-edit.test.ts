import { describe, expect, it } from 'vitest';
import { expandOccurrences } from '../../../src/lib/domain/occurrences';
import { availabilitySchema, type Availability } from '../../../src/lib/domain/schemas';
import {
	deleteOccurrence,
	draftOf,
	firstDateOf,
	newAvailability,
	scopesFor,
	updateOccurrence,
	type AvailabilityChange,
	type OccurrenceRef,
	type Scope
} from '../../../src/lib/domain/series-edit';
import { localToEpochMs } from '../../../src/lib/domain/time';
import { PRACTITIONER_ID, availability } from '../../factories';

function apply(rows: Availability[], changes: AvailabilityChange[]): Availability[] {
	const byId = new Map(rows.map((r) => [r.id, r]));
	for (const c of changes) {
		if (c.op === 'delete') byId.delete(c.id);
		else byId.set(c.value.id, c.value);
	}
	return [...byId.values()];
}

/** What the agenda shows from 2026-11-02 to 2026-12-20: "date start-end". */
function agenda(rows: Availability[]): string[] {
	return expandOccurrences(rows, localToEpochMs('2026-11-02', '00:00', 'Europe/Paris'), localToEpochMs('2026-12-21', '00:00', 'Europe/Paris')).map(
		(o) => `${o.date} ${o.start}-${o.end}`
	);
}

// Every Monday 18:30–19:30 from 2026-11-02 to 2026-11-30, the 16th moved to Tuesday 17th 12:00.
const series = availability({ date: '2026-11-02', rrule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20261130T235959' });
const moved = availability({ seriesId: series.id, originalDate: '2026-11-16', date: '2026-11-17', start: '12:00', end: '13:00' });
const rows = [series, moved];
const ref = (date: string): OccurrenceRef => ({ availabilityId: series.id, seriesId: series.id, occurrenceDate: date });
const movedRef: OccurrenceRef = { availabilityId: moved.id, seriesId: series.id, occurrenceDate: '2026-11-16' };

describe('the agenda of the fixture', () => {
	it('shows five Mondays, one moved', () => {
		expect(agenda(rows)).toEqual(['2026-11-02 18:30-19:30', '2026-11-09 18:30-19:30', '2026-11-17 12:00-13:00', '2026-11-23 18:30-19:30', '2026-11-30 18:30-19:30']);
	});
});

describe('deleteOccurrence', () => {
	it.each<[string, OccurrenceRef, Scope, string[]]>([
		['one Monday', ref('2026-11-09'), 'occurrence', ['2026-11-02 18:30-19:30', '2026-11-17 12:00-13:00', '2026-11-23 18:30-19:30', '2026-11-30 18:30-19:30']],
		['the moved occurrence (its original date does not come back)', movedRef, 'occurrence', ['2026-11-02 18:30-19:30', '2026-11-09 18:30-19:30', '2026-11-23 18:30-19:30', '2026-11-30 18:30-19:30']],
		['this Monday and the following ones', ref('2026-11-23'), 'following', ['2026-11-02 18:30-19:30', '2026-11-09 18:30-19:30', '2026-11-17 12:00-13:00']],
		['from the moved one on', movedRef, 'following', ['2026-11-02 18:30-19:30', '2026-11-09 18:30-19:30']],
		['following from the first one: everything', ref('2026-11-02'), 'following', []],
		['the whole series, moved occurrence included', ref('2026-11-23'), 'all', []]
	])('%s', (_, target, scope, expected) => {
		const result = apply(rows, deleteOccurrence(rows, target, scope));
		expect(agenda(result)).toEqual(expected);
		for (const r of result) expect(availabilitySchema.safeParse(r).success).toBe(true);
	});

	it('deletes a single availability', () => {
		const single = availability({ date: '2026-11-04' });
		expect(deleteOccurrence([single], { availabilityId: single.id, seriesId: null, occurrenceDate: '2026-11-04' }, 'occurrence')).toEqual([{ op: 'delete', id: single.id }]);
	});
});

describe('updateOccurrence', () => {
	const later = (target: OccurrenceRef) => ({ ...draftOf(rows, target), start: '19:00', end: '20:00' });

	it.each<[string, OccurrenceRef, Scope, string[]]>([
		['one Monday, an hour later', ref('2026-11-09'), 'occurrence', ['2026-11-02 18:30-19:30', '2026-11-09 19:00-20:00', '2026-11-17 12:00-13:00', '2026-11-23 18:30-19:30', '2026-11-30 18:30-19:30']],
		['the moved one again', movedRef, 'occurrence', ['2026-11-02 18:30-19:30', '2026-11-09 18:30-19:30', '2026-11-17 19:00-20:00', '2026-11-23 18:30-19:30', '2026-11-30 18:30-19:30']],
		['this Monday and the following ones', ref('2026-11-23'), 'following', ['2026-11-02 18:30-19:30', '2026-11-09 18:30-19:30', '2026-11-17 12:00-13:00', '2026-11-23 19:00-20:00', '2026-11-30 19:00-20:00']],
		['the whole series (the moved one keeps its own time)', ref('2026-11-23'), 'all', ['2026-11-02 19:00-20:00', '2026-11-09 19:00-20:00', '2026-11-17 12:00-13:00', '2026-11-23 19:00-20:00', '2026-11-30 19:00-20:00']]
	])('%s', (_, target, scope, expected) => {
		const result = apply(rows, updateOccurrence(rows, target, later(target), scope));
		expect(agenda(result)).toEqual(expected);
		for (const r of result) expect(availabilitySchema.safeParse(r), JSON.stringify(r)).toMatchObject({ success: true });
	});

	it('moves one occurrence to another day under a deterministic id, so two devices meet on it', () => {
		const a = updateOccurrence(rows, ref('2026-11-09'), { ...draftOf(rows, ref('2026-11-09')), date: '2026-11-11' }, 'occurrence');
		const b = updateOccurrence(rows, ref('2026-11-09'), { ...draftOf(rows, ref('2026-11-09')), start: '08:00', end: '09:00' }, 'occurrence');
		expect(a[0]!.op === 'put' && b[0]!.op === 'put' && a[0]!.value.id === b[0]!.value.id).toBe(true);
		expect(agenda(apply(rows, a))).toContain('2026-11-11 18:30-19:30');
		expect(agenda(apply(rows, a))).not.toContain('2026-11-09 18:30-19:30');
	});

	it('changes the weekdays from a date on: Mondays become Thursdays from the 23rd', () => {
		const draft = { ...draftOf(rows, ref('2026-11-23')), weekdays: [4] };
		expect(agenda(apply(rows, updateOccurrence(rows, ref('2026-11-23'), draft, 'following')))).toEqual([
			'2026-11-02 18:30-19:30',
			'2026-11-09 18:30-19:30',
			'2026-11-17 12:00-13:00',
			'2026-11-26 18:30-19:30'
		]);
	});

	it('turns a single availability into a weekly series', () => {
		const single = availability({ date: '2026-11-04', start: '14:00', end: '15:00' });
		const target = { availabilityId: single.id, seriesId: null, occurrenceDate: '2026-11-04' };
		const result = apply([single], updateOccurrence([single], target, { ...draftOf([single], target), weekdays: [3], until: '2026-11-18' }, 'occurrence'));
		expect(agenda(result)).toEqual(['2026-11-04 14:00-15:00', '2026-11-11 14:00-15:00', '2026-11-18 14:00-15:00']);
	});
});

describe('creating', () => {
	it('starts a series on the first chosen weekday on or after the date', () => {
		const base = availability();
		const draft = { ...draftOf([base], { availabilityId: base.id, seriesId: null, occurrenceDate: base.date }), date: '2026-11-25', weekdays: [1, 4], until: null };
		expect(firstDateOf(draft)).toBe('2026-11-26');
		const created = newAvailability('0190a0a0-0000-7000-8000-00000000c0de', PRACTITIONER_ID, draft);
		expect(created).toMatchObject({ date: '2026-11-26', rrule: 'FREQ=WEEKLY;BYDAY=MO,TH' });
		expect(availabilitySchema.safeParse(created).success).toBe(true);
	});

	it('keeps capacity only for a range of patients, slot length only for slots', () => {
		const base = availability({ kind: 'capacity', capacity: 3 });
		const draft = { ...draftOf([base], { availabilityId: base.id, seriesId: null, occurrenceDate: base.date }), kind: 'walk_in' as const, slotMinutes: 15 };
		expect(newAvailability('0190a0a0-0000-7000-8000-00000000c0de', PRACTITIONER_ID, draft)).toMatchObject({ kind: 'walk_in', capacity: null, slotMinutes: null });
	});

	it('offers the three scopes for a series occurrence, one for a single availability', () => {
		expect(scopesFor(ref('2026-11-09'))).toEqual(['occurrence', 'following', 'all']);
		expect(scopesFor({ availabilityId: 'x', seriesId: null, occurrenceDate: '2026-11-09' })).toEqual(['occurrence']);
	});
});
