import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planCopyWeek, planPattern, COPY_WEEKS_MAX, type Pattern, type PatternMember } from '../../../src/lib/domain/bulk';
import { addDays, timeFromMinutes, toEpochDay, fromEpochDay } from '../../../src/lib/domain/civil';
import { newId } from '../../../src/lib/domain/ids';
import { expandOccurrences } from '../../../src/lib/domain/occurrences';
import { formatRrule } from '../../../src/lib/domain/recurrence';
import { availabilitySchema, type Availability } from '../../../src/lib/domain/schemas';
import { localToEpochMs } from '../../../src/lib/domain/time';
import { ADDRESS_ID, PRACTITIONER_ID, availability, unavailability } from '../../factories';

const WEEK = '2026-11-23'; // Monday

/** "date start-end" of what the agenda shows over `weeks` weeks from `monday`. */
function shown(rows: readonly Availability[], monday: string, weeks: number, zone = 'Europe/Paris'): string[] {
	return expandOccurrences(rows, localToEpochMs(monday, '00:00', zone), localToEpochMs(addDays(monday, 7 * weeks), '00:00', zone)).map(
		(o) => `${o.date} ${o.start}-${o.end}`
	);
}

const copy = (availabilities: Availability[], weeks: number, unavailabilities = [unavailability({ startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-01-02T00:00:00Z' })]) =>
	planCopyWeek({ practitionerId: PRACTITIONER_ID, availabilities, unavailabilities, timeZone: 'Europe/Paris', sourceWeek: WEEK, weeks, newId });

describe('planCopyWeek', () => {
	it('copies each occurrence of the week to the same weekday and hours of the next weeks', () => {
		const tuesday = availability({ date: '2026-11-24', start: '18:00', end: '20:00', kind: 'capacity', capacity: 4 });
		const friday = availability({ date: '2026-11-27', start: '09:00', end: '10:00', slotMinutes: 15, consultationTypes: ['office', 'teleconsultation'] });
		const plan = copy([tuesday, friday], 3);
		expect(plan.refused).toEqual([]);
		expect(plan.created).toHaveLength(6);
		expect(shown([tuesday, friday, ...plan.created], WEEK, 4)).toEqual([
			'2026-11-24 18:00-20:00', '2026-11-27 09:00-10:00',
			'2026-12-01 18:00-20:00', '2026-12-04 09:00-10:00',
			'2026-12-08 18:00-20:00', '2026-12-11 09:00-10:00',
			'2026-12-15 18:00-20:00', '2026-12-18 09:00-10:00'
		]);
		const tuesdayCopy = plan.created.find((a) => a.date === '2026-12-08')!;
		expect(tuesdayCopy).toMatchObject({ kind: 'capacity', capacity: 4, rrule: null, addressId: ADDRESS_ID });
		expect(new Set(plan.created.map((a) => a.id)).size).toBe(6);
	});

	it('leaves alone what a weekly series already shows, and copies only the rest', () => {
		const mondays = availability({ rrule: formatRrule({ days: [1], until: null }) });
		const once = availability({ date: '2026-11-26', start: '14:00', end: '15:30' });
		const plan = copy([mondays, once], 2);
		expect(plan.unchanged.map((l) => l.date)).toEqual(['2026-11-30', '2026-12-07']);
		expect(plan.created.map((a) => a.date)).toEqual(['2026-12-03', '2026-12-10']);
	});

	it('keeps 18:30 local across the October DST change', () => {
		const autumn = planCopyWeek({ practitionerId: PRACTITIONER_ID, availabilities: [availability({ date: '2026-10-19' })], unavailabilities: [], timeZone: 'Europe/Paris', sourceWeek: '2026-10-19', weeks: 1, newId });
		expect(autumn.created.map((a) => `${a.date} ${a.start}`)).toEqual(['2026-10-26 18:30']);
		const [o] = expandOccurrences(autumn.created, 0, 8.64e15);
		expect(new Date(o!.startMs).toISOString()).toBe('2026-10-26T17:30:00.000Z');
	});

	it('refuses what would overlap another availability that day, with the reason', () => {
		const monday = availability({ date: WEEK, start: '18:00', end: '20:00' });
		const other = availability({ date: '2026-11-30', start: '19:00', end: '21:00' });
		const plan = copy([monday, other], 1);
		expect(plan.created).toEqual([]);
		expect(plan.refused).toEqual([{ practitionerId: PRACTITIONER_ID, date: '2026-11-30', start: '18:00', end: '20:00', reason: 'Chevauche la disponibilité de 19:00 à 21:00 déjà présente ce jour-là' }]);
	});

	it('refuses what falls in a declared unavailability', () => {
		const monday = availability({ date: WEEK, start: '18:00', end: '20:00' });
		const holidays = unavailability({ startsAt: '2026-12-05T00:00:00+01:00', endsAt: '2026-12-13T00:00:00+01:00' });
		const plan = copy([monday], 3, [holidays]);
		expect(plan.created.map((a) => a.date)).toEqual(['2026-11-30', '2026-12-14']);
		expect(plan.refused).toMatchObject([{ date: '2026-12-07', reason: 'Pendant une période d’indisponibilité déclarée' }]);
	});

	it('copies at most 12 weeks, and nothing for 0', () => {
		const monday = availability({ date: WEEK });
		expect(copy([monday], 0).created).toEqual([]);
		expect(copy([monday], 40).created).toHaveLength(COPY_WEEKS_MAX);
	});

	// Generated weeks: single ranges and weekly series of the source week, in any zone.
	const arbRow = fc
		.record({
			day: fc.integer({ min: 0, max: 6 }),
			start: fc.integer({ min: 0, max: 270 }),
			length: fc.integer({ min: 1, max: 18 }),
			weekly: fc.boolean()
		})
		.map(({ day, start, length, weekly }) => {
			const epochDay = toEpochDay(WEEK) + day;
			return availability({
				date: fromEpochDay(epochDay),
				start: timeFromMinutes(start * 5),
				end: timeFromMinutes(Math.min(start + length, 287) * 5),
				rrule: weekly ? formatRrule({ days: [day + 1], until: null }) : null
			});
		});

	it('property: after the copy every next week shows the source week, and copying again creates nothing', () => {
		fc.assert(
			fc.property(fc.array(arbRow, { maxLength: 5 }), fc.integer({ min: 1, max: 4 }), (rows, weeks) => {
				const first = copy(rows, weeks, []);
				for (const row of first.created) expect(availabilitySchema.safeParse(row).success).toBe(true);
				const after = [...rows, ...first.created];
				const week = (k: number) => shown(after, addDays(WEEK, 7 * k), 1).map((line) => `${toEpochDay(line.slice(0, 10)) - 7 * k} ${line.slice(11)}`);
				const refusedIn = (k: number) => first.refused.filter((r) => toEpochDay(r.date) >= toEpochDay(WEEK) + 7 * k && toEpochDay(r.date) < toEpochDay(WEEK) + 7 * (k + 1));
				for (let k = 1; k <= weeks; k++) {
					// Nothing refused (no unavailability; overlapping sources aside) ⇒ the week equals the source.
					if (refusedIn(k).length === 0) expect(new Set(week(k))).toEqual(new Set(week(0)));
				}
				const again = copy(after, weeks, []);
				expect(again.created).toEqual([]);
			}),
			{ numRuns: 60 }
		);
	});
});

const member = (overrides: Partial<PatternMember> = {}): PatternMember => ({
	practitionerId: newId(),
	name: 'Dr Test',
	manual: true,
	addresses: [{ id: ADDRESS_ID, timeZone: 'Europe/Paris' }],
	preferredAddressIds: [],
	availabilities: [],
	...overrides
});

const tuesdays: Pattern = {
	date: '2026-11-23',
	start: '18:00',
	end: '20:00',
	kind: 'capacity',
	slotMinutes: null,
	capacity: 4,
	consultationTypes: ['office'],
	weekdays: [2],
	until: null
};

describe('planPattern', () => {
	it('creates one weekly series per manual member, starting on the first chosen day, at the CPTS address first', () => {
		const cptsAddress = newId();
		const a = member();
		const b = member({ addresses: [{ id: ADDRESS_ID, timeZone: 'Europe/Paris' }, { id: cptsAddress, timeZone: 'Europe/Paris' }], preferredAddressIds: [cptsAddress] });
		const plan = planPattern(tuesdays, [a, b], newId);
		expect(plan.refused).toEqual([]);
		expect(plan.created.map((x) => [x.practitionerId, x.date, x.rrule, x.addressId, x.capacity])).toEqual([
			[a.practitionerId, '2026-11-24', 'FREQ=WEEKLY;BYDAY=TU', ADDRESS_ID, 4],
			[b.practitionerId, '2026-11-24', 'FREQ=WEEKLY;BYDAY=TU', cptsAddress, 4]
		]);
	});

	it('refuses, with the reason, members it cannot write, and goes ahead with the others', () => {
		const interfaced = member({ manual: false });
		const homeless = member({ addresses: [] });
		const busy = member({ availabilities: [availability({ date: '2026-12-08', start: '19:00', end: '19:30' })] });
		const same = member({ availabilities: [availability({ date: '2026-11-24', start: '18:00', end: '20:00', kind: 'capacity', capacity: 4, rrule: 'FREQ=WEEKLY;BYDAY=TU' })] });
		const fine = member();
		const plan = planPattern(tuesdays, [interfaced, homeless, busy, same, fine], newId);
		expect(plan.created.map((x) => x.practitionerId)).toEqual([fine.practitionerId]);
		expect(plan.unchanged.map((x) => x.practitionerId)).toEqual([same.practitionerId]);
		expect(plan.refused.map((r) => [r.practitionerId, r.reason])).toEqual([
			[interfaced.practitionerId, 'Utilise un logiciel de prise de rendez-vous interfacé : ses créneaux ne se modifient que dans ce logiciel'],
			[homeless.practitionerId, 'Aucun lieu d’exercice déclaré'],
			[busy.practitionerId, 'Chevauche la disponibilité du 08/12/2026 de 19:00 à 19:30 déjà présente']
		]);
	});

	it('refuses an invalid pattern with the schema’s own message', () => {
		const plan = planPattern({ ...tuesdays, end: '17:00' }, [member()], newId);
		expect(plan.refused.map((r) => r.reason)).toEqual(['L’heure de fin doit être après l’heure de début']);
		const zero = planPattern({ ...tuesdays, capacity: 0 }, [member()], newId);
		expect(zero.refused.map((r) => r.reason)).toEqual(['Indiquez au moins 1 patient']);
	});

	it('gives a La Réunion member the same local hours in her own zone', () => {
		const plan = planPattern(tuesdays, [member({ addresses: [{ id: ADDRESS_ID, timeZone: 'Indian/Reunion' }] })], newId);
		expect(plan.created[0]).toMatchObject({ timeZone: 'Indian/Reunion', start: '18:00', end: '20:00' });
	});
});
