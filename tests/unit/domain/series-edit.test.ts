import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromEpochDay } from '../../../src/lib/domain/civil';
import { firstOccurrenceOnOrAfter, formatRrule } from '../../../src/lib/domain/recurrence';
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

describe('« Cette occurrence et les suivantes » keeps the week being edited', () => {
	// Every Tuesday 18:00–20:00 from 2026-01-06 (the seed of the defect: weekly Tuesday, 13/01 moved to Wednesday 14/01).
	const tuesdays = availability({ date: '2027-01-05', start: '18:00', end: '20:00', rrule: 'FREQ=WEEKLY;BYDAY=TU' });
	const window = (rows: Availability[]) =>
		expandOccurrences(rows, localToEpochMs('2027-01-04', '00:00', 'Europe/Paris'), localToEpochMs('2027-02-01', '00:00', 'Europe/Paris')).map((o) => `${o.date} ${o.start}-${o.end}`);
	const tuesdayRef = (date: string): OccurrenceRef => ({ availabilityId: tuesdays.id, seriesId: tuesdays.id, occurrenceDate: date });

	it('on an occurrence moved to Wednesday: the week keeps it, at its new hours, and the Tuesdays follow', () => {
		const moved = apply([tuesdays], updateOccurrence([tuesdays], tuesdayRef('2027-01-12'), { ...draftOf([tuesdays], tuesdayRef('2027-01-12')), date: '2027-01-13' }, 'occurrence'));
		const movedRow = moved.find((r) => r.seriesId === tuesdays.id)!;
		const movedRef: OccurrenceRef = { availabilityId: movedRow.id, seriesId: tuesdays.id, occurrenceDate: '2027-01-12' };
		const edited = apply(moved, updateOccurrence(moved, movedRef, { ...draftOf(moved, movedRef), start: '19:00', end: '21:00' }, 'following'));
		expect(window(edited)).toEqual(['2027-01-05 18:00-20:00', '2027-01-13 19:00-21:00', '2027-01-19 19:00-21:00', '2027-01-26 19:00-21:00']);
		for (const r of edited) expect(availabilitySchema.safeParse(r).success).toBe(true);
	});

	it('when the dialog’s date is changed: the occurrence goes to that date, the series keeps its weekday', () => {
		const edited = apply([tuesdays], updateOccurrence([tuesdays], tuesdayRef('2027-01-12'), { ...draftOf([tuesdays], tuesdayRef('2027-01-12')), date: '2027-01-14', start: '09:00', end: '10:00' }, 'following'));
		expect(window(edited)).toEqual(['2027-01-05 18:00-20:00', '2027-01-14 09:00-10:00', '2027-01-19 09:00-10:00', '2027-01-26 09:00-10:00']);
	});

	it('never loses nor doubles an occurrence, whatever the series, its moved occurrences and the split (property)', () => {
		const day = fc.integer({ min: 1, max: 7 });
		fc.assert(
			fc.property(
				fc.uniqueArray(day, { minLength: 1, maxLength: 3 }),
				fc.integer({ min: 0, max: 13 }),
				fc.option(fc.integer({ min: 3, max: 10 }), { nil: null }),
				fc.array(fc.record({ pick: fc.nat(), shift: fc.integer({ min: -3, max: 3 }) }), { maxLength: 3 }),
				fc.nat(),
				fc.integer({ min: -3, max: 3 }),
				fc.constantFrom('07:00', '13:30', '18:00'),
				(days, startOffset, weeks, detachments, pickEdit, shift, start) => {
					const first = addDays('2027-03-01', startOffset);
					const sorted = [...days].sort((a, b) => a - b);
					const begin = fromEpochDay(firstOccurrenceOnOrAfter(first, sorted));
					const until = weeks === null ? null : addDays(begin, weeks * 7);
					const base = availability({ date: begin, start: '10:00', end: '11:00', rrule: formatRrule({ days: sorted, until }) });
					const span = (rows: Availability[]) => expandOccurrences(rows, localToEpochMs('2027-02-20', '00:00', 'Europe/Paris'), localToEpochMs('2027-06-01', '00:00', 'Europe/Paris'));
					let rows: Availability[] = [base];
					for (const { pick, shift: move } of detachments) {
						const occurrences = span(rows).filter((o) => o.availabilityId === base.id && o.date < '2027-05-20');
						if (occurrences.length === 0) break;
						const o = occurrences[pick % occurrences.length]!;
						const target = { availabilityId: base.id, seriesId: base.id, occurrenceDate: o.occurrenceDate };
						rows = apply(rows, updateOccurrence(rows, target, { ...draftOf(rows, target), date: addDays(o.date, move) }, 'occurrence'));
					}
					const before = span(rows);
					const candidates = before.filter((o) => o.seriesId === base.id && o.occurrenceDate > base.date && o.date < '2027-05-20');
					if (candidates.length === 0) return;
					const o = candidates[pickEdit % candidates.length]!;
					const target = { availabilityId: o.availabilityId, seriesId: base.id, occurrenceDate: o.occurrenceDate };
					const draft = { ...draftOf(rows, target), date: addDays(o.date, shift), start, end: '20:00' };
					const after = span(apply(rows, updateOccurrence(rows, target, draft, 'following')));
					expect(after.length).toBe(before.length);
					expect(after.filter((x) => x.date === draft.date && x.start === start).length).toBeGreaterThanOrEqual(1);
				}
			),
			{ numRuns: 300 }
		);
	});
});

describe('a series split by « Cette occurrence et les suivantes » stays one series to the doctor', () => {
	// Every Monday 18:30–19:30 from 2026-11-02 (no end), then 19:00–20:00 from the 23rd on.
	const mondays = availability({ date: '2026-11-02', rrule: 'FREQ=WEEKLY;BYDAY=MO' });
	const at = (id: string, date: string): OccurrenceRef => ({ availabilityId: id, seriesId: id, occurrenceDate: date });
	const split = apply([mondays], updateOccurrence([mondays], at(mondays.id, '2026-11-23'), { ...draftOf([mondays], at(mondays.id, '2026-11-23')), start: '19:00', end: '20:00' }, 'following'));
	const second = split.find((r) => r.id !== mondays.id)!;

	it('names the part it carries on', () => {
		expect(second.continuesId).toBe(mondays.id);
		expect(agenda(split)).toEqual(['2026-11-02 18:30-19:30', '2026-11-09 18:30-19:30', '2026-11-16 18:30-19:30', '2026-11-23 19:00-20:00', '2026-11-30 19:00-20:00', '2026-12-07 19:00-20:00', '2026-12-14 19:00-20:00']);
	});

	it.each<[string, () => OccurrenceRef]>([
		['from an occurrence of the first part', () => at(mondays.id, '2026-11-09')],
		['from an occurrence of the second part', () => at(second.id, '2026-12-07')]
	])('« Toute la récurrence » changes both parts, %s', (_, target) => {
		const ref = target();
		const draft = draftOf(split, ref);
		expect(draft.until).toBeNull();
		const all = apply(split, updateOccurrence(split, ref, { ...draft, start: '08:00', end: '09:00' }, 'all'));
		expect(agenda(all)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30', '2026-12-07', '2026-12-14'].map((d) => `${d} 08:00-09:00`));
		for (const row of all) expect(availabilitySchema.safeParse(row).success).toBe(true);
	});

	it('« Toute la récurrence » ending earlier drops the parts past that end', () => {
		const ref = at(mondays.id, '2026-11-09');
		const all = apply(split, updateOccurrence(split, ref, { ...draftOf(split, ref), until: '2026-11-20' }, 'all'));
		expect(agenda(all)).toEqual(['2026-11-02 18:30-19:30', '2026-11-09 18:30-19:30', '2026-11-16 18:30-19:30']);
	});

	it('« Cette occurrence et les suivantes » in the first part reaches the second, without doubling', () => {
		const ref = at(mondays.id, '2026-11-16');
		const after = apply(split, updateOccurrence(split, ref, { ...draftOf(split, ref), start: '07:00', end: '08:00' }, 'following'));
		expect(agenda(after)).toEqual([
			'2026-11-02 18:30-19:30',
			'2026-11-09 18:30-19:30',
			...['2026-11-16', '2026-11-23', '2026-11-30', '2026-12-07', '2026-12-14'].map((d) => `${d} 07:00-08:00`)
		]);
	});

	it.each<[string, Scope, string[]]>([
		['« Toute la récurrence » deletes both parts', 'all', []],
		['« Cette occurrence et les suivantes » from the first part deletes the second too', 'following', ['2026-11-02 18:30-19:30']]
	])('%s', (_, scope, left) => {
		expect(agenda(apply(split, deleteOccurrence(split, at(mondays.id, '2026-11-09'), scope)))).toEqual(left);
	});
});
