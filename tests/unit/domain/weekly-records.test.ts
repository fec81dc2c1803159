import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday, toEpochDay } from '../../../src/lib/domain/civil';
import { countsByWeek, dashboardCsv, dashboardPeriod, periodIssue, targetWeeks, unavailabilityCounts, weeksBetween, type Dashboard } from '../../../src/lib/domain/dashboard';
import { authorizeDashboard, type Actor } from '../../../src/lib/domain/policy';
import {
	CATCH_UP_WEEKS,
	currentWeek,
	frenchDateOf,
	lastClosedWeek,
	normalizeCode,
	quarterOf,
	verificationCodeProblem,
	recordsCsv,
	VERIFICATION_CODE_PATTERN,
	verificationCode,
	weekEnd,
	weeklyFigures,
	weeksOfQuarter,
	weeksToClose,
	type RecordRow
} from '../../../src/lib/domain/weekly-records';
import { ADDRESS_ID, OTHER_ADDRESS_ID, availability, unavailability } from '../../factories';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('when a week closes', () => {
	it.each<[string, string, string, string]>([
		// [now, zone, week in progress, last closed week]
		['2026-11-29T22:59:59Z', 'Europe/Paris', '2026-11-23', '2026-11-16'],
		['2026-11-29T23:00:00Z', 'Europe/Paris', '2026-11-30', '2026-11-23'],
		// La Réunion is 3 hours ahead of Paris in winter: its week closed at 20:00 UTC.
		['2026-11-29T20:00:00Z', 'Indian/Reunion', '2026-11-30', '2026-11-23'],
		['2026-11-29T19:59:59Z', 'Indian/Reunion', '2026-11-23', '2026-11-16'],
		// Martinique is 5 hours behind: still Sunday there at 03:59 UTC on Monday.
		['2026-11-30T03:59:59Z', 'America/Martinique', '2026-11-23', '2026-11-16'],
		['2026-11-30T04:00:00Z', 'America/Martinique', '2026-11-30', '2026-11-23']
	])('at %s in %s the week of %s runs, the one of %s is closed', (now, zone, running, closed) => {
		expect(currentWeek(at(now), zone)).toBe(running);
		expect(lastClosedWeek(at(now), zone)).toBe(closed);
	});

	it('closes at the real Monday midnight of DST weeks (167 and 169 hours long)', () => {
		// The week of the spring change (29 March 2026) is an hour short, the autumn one (25 October) an hour long.
		expect(weekEnd('2026-03-23', 'Europe/Paris') - weekEnd('2026-03-16', 'Europe/Paris')).toBe(167 * HOUR);
		expect(weekEnd('2026-10-19', 'Europe/Paris') - weekEnd('2026-10-12', 'Europe/Paris')).toBe(169 * HOUR);
		expect(new Date(weekEnd('2026-03-23', 'Europe/Paris')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
		expect(lastClosedWeek(at('2026-03-29T21:59:59Z'), 'Europe/Paris')).toBe('2026-03-16');
		expect(lastClosedWeek(at('2026-03-29T22:00:00Z'), 'Europe/Paris')).toBe('2026-03-23');
	});

	it('owes every week after the last one closed up to the last complete one; on a first start, the last 12', () => {
		const now = at('2026-12-01T10:00:00Z');
		expect(weeksToClose(now, 'Europe/Paris', '2026-11-23')).toEqual([]);
		expect(weeksToClose(now, 'Europe/Paris', '2026-11-02')).toEqual(['2026-11-09', '2026-11-16', '2026-11-23']);
		const first = weeksToClose(now, 'Europe/Paris', null);
		expect(first).toHaveLength(CATCH_UP_WEEKS);
		expect(first.at(-1)).toBe('2026-11-23');
		// A server down for a year catches up the most recent weeks only.
		expect(weeksToClose(now, 'Europe/Paris', '2025-06-02')).toEqual(first);
	});

	it('owes each week once: closing what is owed leaves nothing owed, whatever the time and the zone', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: at('2024-01-01T00:00:00Z'), max: at('2030-12-31T00:00:00Z') }),
				fc.constantFrom('Europe/Paris', 'Indian/Reunion', 'America/Cayenne', 'America/Miquelon', 'Indian/Mayotte'),
				fc.integer({ min: 0, max: 40 }),
				(now, zone, behind) => {
					const last = addDays(lastClosedWeek(now, zone), -7 * behind);
					const owed = weeksToClose(now, zone, last);
					expect(owed).toHaveLength(Math.min(behind, CATCH_UP_WEEKS));
					for (const week of owed) {
						expect(isoWeekday(week)).toBe(1);
						expect(weekEnd(week, zone)).toBeLessThanOrEqual(now);
					}
					expect(weeksToClose(now, zone, owed.at(-1) ?? last)).toEqual([]);
				}
			)
		);
	});
});

describe('the figures of a week', () => {
	const places = [
		{ id: ADDRESS_ID, street: '14 avenue Jean Jaurès', postalCode: '84200', city: 'Carpentras' },
		{ id: OTHER_ADDRESS_ID, street: '2 rue Notre-Dame', postalCode: '84170', city: 'Monteux' }
	];

	it('splits the visible minutes by kind and by place, and counts the declared unavailability', () => {
		const [week] = weeklyFigures(
			{
				availabilities: [
					availability({ start: '18:00', end: '19:00', kind: 'slot', rrule: 'FREQ=WEEKLY;BYDAY=MO' }),
					availability({ start: '09:00', end: '11:00', kind: 'walk_in', addressId: OTHER_ADDRESS_ID, date: '2026-11-25' }),
					availability({ start: '14:00', end: '15:00', kind: 'capacity', capacity: 3, date: '2026-11-27' })
				],
				// Friday afternoon off: the capacity range is hidden.
				unavailabilities: [unavailability({ startsAt: '2026-11-27T12:00:00+01:00', endsAt: '2026-11-27T18:00:00+01:00' })],
				addresses: places,
				timeZone: 'Europe/Paris',
				interfaced: false
			},
			['2026-11-23']
		);
		expect(week).toMatchObject({
			minutes: 180,
			status: 'ok',
			minutesByKind: { slot: 60, walk_in: 120 },
			minutesByPlace: [
				{ addressId: ADDRESS_ID, label: '14 avenue Jean Jaurès, 84200 Carpentras', minutes: 60 },
				{ addressId: OTHER_ADDRESS_ID, label: '2 rue Notre-Dame, 84170 Monteux', minutes: 120 }
			],
			unavailableMinutes: 360,
			unavailableIndefinite: false,
			source: 'agenda'
		});
	});

	it('says when an unavailability without end covers the week, and when the slots come from software', () => {
		const [week] = weeklyFigures(
			{ availabilities: [], unavailabilities: [unavailability({ startsAt: '2026-11-25T00:00:00+01:00', endsAt: null })], addresses: places, timeZone: 'Europe/Paris', interfaced: true },
			['2026-11-23']
		);
		expect(week).toMatchObject({ minutes: 0, status: 'software', source: 'software', unavailableIndefinite: true, unavailableMinutes: 5 * 24 * 60 });
	});

	it('counts real time on the week the clocks change', () => {
		// Saturday 24 October to Sunday 25 October 2026, 22:00–04:00 on the clock: 7 hours in real time.
		const [week] = weeklyFigures(
			{ availabilities: [availability({ date: '2026-10-24', start: '22:00', end: '23:59', kind: 'walk_in' }), availability({ date: '2026-10-25', start: '00:00', end: '04:00', kind: 'walk_in' })], unavailabilities: [], addresses: places, timeZone: 'Europe/Paris', interfaced: false },
			['2026-10-19']
		);
		expect(week!.minutes).toBe(7 * 60 - 1);
		expect(week!.clockChange).toBe(true);
	});
});

describe('quarters and verification codes', () => {
	it.each([
		['2026-09-28', '2026-T4'], // Thursday 1 October
		['2026-12-28', '2026-T4'], // Thursday 31 December
		['2025-12-29', '2026-T1'], // Thursday 1 January 2026
		['2026-03-30', '2026-T2']
	])('the week of %s belongs to %s (the quarter of its Thursday)', (monday, quarter) => {
		expect(quarterOf(monday)).toBe(quarter);
	});

	it('lists consecutive Mondays per quarter, each week in exactly one quarter', () => {
		for (const year of [2025, 2026, 2027]) {
			const all = [1, 2, 3, 4].flatMap((q) => weeksOfQuarter(`${year}-T${q}`));
			for (let i = 1; i < all.length; i++) expect(toEpochDay(all[i]!) - toEpochDay(all[i - 1]!)).toBe(7);
			expect(all.length === 52 || all.length === 53).toBe(true);
		}
		expect(weeksOfQuarter('2026-T5')).toEqual([]);
	});

	it('takes the years every date of the product takes (1900–2199) and no other, and always ends', () => {
		// 0999-T1 once built « 999-01-01 » and looped for ever on a NaN date.
		for (const quarter of ['0999-T1', '0000-T4', '1899-T4', '2200-T1', '9999-T2']) expect(weeksOfQuarter(quarter)).toEqual([]);
		expect(weeksOfQuarter('1900-T1')).toHaveLength(13);
		// 90 days hold 12 Thursdays when the year begins on a Friday (1909, 2021…).
		expect(weeksOfQuarter('1909-T1')).toHaveLength(12);
		expect(weeksOfQuarter('2199-T4').length).toBeGreaterThanOrEqual(13);
		fc.assert(
			fc.property(fc.stringMatching(/^\d{4}-T[1-4]$/), (quarter) => {
				const weeks = weeksOfQuarter(quarter);
				expect(weeks.length === 0 || (weeks.length >= 12 && weeks.length <= 14)).toBe(true);
				for (const w of weeks) expect(quarterOf(w)).toBe(quarter);
			})
		);
	});

	it('says why a typed code cannot be one: its length, or the letters and digits codes never use', () => {
		expect(verificationCodeProblem('abcd efgh jkmn pqrs')).toBeNull();
		expect(verificationCodeProblem('ABCD-EFGH-JKMN-PQR')).toBe('Code de vérification invalide : 16 caractères, par groupes de 4 (XXXX-XXXX-XXXX-XXXX)');
		// 16 characters once answered « 16 caractères… »: the culprits are now named.
		expect(verificationCodeProblem('ABCD-EFGH-IJKL-MNO0')).toBe(
			'Ce code contient « I », « L », « O », « 0 » : les codes n’utilisent jamais les lettres I, L, O, U ni les chiffres 0 et 1. Vérifiez-le sur l’attestation (un O y est peut-être un Q, un 1 un 7…).'
		);
		expect(verificationCodeProblem('UUUU-2222-3333-4444')).toMatch(/^Ce code contient « U » :/);
	});

	it('makes codes of 16 unambiguous characters, read back whatever the case and the dashes', () => {
		fc.assert(
			fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
				const code = verificationCode(bytes);
				expect(code).toMatch(VERIFICATION_CODE_PATTERN);
				expect(normalizeCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
			})
		);
	});
});

describe('the CSV for French Excel', () => {
	it('has a BOM, « ; » between columns, CRLF, and the week in progress marked « en cours »', () => {
		const row = (recordedAt: string | null, formula = false): RecordRow => ({
			weekStart: '2026-11-23',
			minutes: 150,
			status: 'ok',
			clockChange: false,
			minutesByKind: {},
			minutesByPlace: [],
			unavailableMinutes: 0,
			unavailableIndefinite: false,
			source: 'agenda',
			recordedAt,
			rpps: '10001234567',
			practitionerName: formula ? '=HYPERLINK("x")' : 'Dr Claire Aubert',
			structureName: 'CPTS du Comtat; Venaissin'
		});
		const csv = recordsCsv([row('2026-11-29T23:05:00.000Z'), row(null, true)]);
		const lines = csv.slice(1).split('\r\n');
		expect(csv.startsWith('\uFEFFRPPS;Effecteur;Structure;Semaine;Du;Au;Heures visibles')).toBe(true);
		expect(lines[1]).toBe('10001234567;Dr Claire Aubert;"CPTS du Comtat; Venaissin";2026-S48;23/11/2026;29/11/2026;2 h 30;150;Objectif atteint;Agenda SAS;0;30/11/2026 00:05');
		expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
		expect(lines[2]).toContain('En cours — objectif atteint à ce jour');
		expect(lines[2]!.endsWith(';en cours')).toBe(true);
	});

	it('dates a record by the day in Paris: written at Monday 00:01, it is Monday’s', () => {
		expect(frenchDateOf('2026-11-30T23:01:00.000Z')).toBe('01/12/2026');
		expect(frenchDateOf('2026-06-28T22:30:00.000Z')).toBe('29/06/2026');
	});
});

describe('the dashboards’ folding', () => {
	const weeks = weeksBetween('2026-11-04', '2026-11-23');

	it('gives one line per week of the period, every status present, from the aggregates’ rows', () => {
		expect(weeks).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
		const lines = countsByWeek(weeks, ['pending', 'honoured'] as const, [
			{ week: '2026-11-09', key: 'honoured', count: 3 },
			{ week: '2026-11-09', key: 'honoured', count: 2 },
			{ week: '2026-11-16', key: 'pending', count: 1 },
			{ week: '2026-10-26', key: 'pending', count: 9 },
			{ week: '2026-11-16', key: 'unknown', count: 4 }
		]);
		expect(lines.map((l) => [l.week, l.counts.pending, l.counts.honoured, l.total])).toEqual([
			['2026-11-02', 0, 0, 0],
			['2026-11-09', 0, 5, 5],
			['2026-11-16', 1, 0, 1],
			['2026-11-23', 0, 0, 0]
		]);
	});

	it('completes a period given by one bound and refuses any of more than 53 weeks, whichever bound is given', () => {
		const today = '2026-12-07';
		expect(dashboardPeriod({}, today)).toEqual({ from: '2026-09-21', to: '2026-12-07' });
		expect(dashboardPeriod({ to: '2026-06-30' }, today)).toEqual({ from: '2026-04-13', to: '2026-06-30' });
		expect(dashboardPeriod({ from: '2026-10-01' }, today)).toEqual({ from: '2026-10-01', to: '2026-12-07' });
		// `to` alone far ahead once gave 9,043 weeks; `from` alone far back, as many.
		for (const query of [{ to: '2199-12-31' }, { from: '1900-01-01' }, { from: '2030-01-01' }, { to: '1900-01-01' }, {}]) {
			const p = dashboardPeriod(query, today);
			expect(periodIssue(p.from, p.to) === null ? weeksBetween(p.from, p.to).length : 0).toBeLessThanOrEqual(53);
		}
		expect(periodIssue('1900-01-01', '2026-12-07')).toEqual({ path: 'to', message: '53 semaines au plus' });
		expect(periodIssue('2026-12-07', '2026-12-01')).toMatchObject({ path: 'to' });
		expect(periodIssue('2026-01-01', '2026-12-31')).toBeNull();
		expect(weeksBetween('1900-01-01', '2199-12-31')).toHaveLength(53);
	});

	it('sorts the doctors’ declarations into past, ongoing and to come, temporary or without end', () => {
		expect(
			unavailabilityCounts(
				[
					{ startWeek: '2026-11-02', endWeek: '2026-11-09', count: 2 },
					{ startWeek: '2026-11-16', endWeek: '2026-11-30', count: 1 },
					{ startWeek: '2026-12-07', endWeek: '2026-12-07', count: 4 },
					{ startWeek: '2026-10-05', endWeek: 'infinity', count: 1 },
					{ startWeek: '2026-12-14', endWeek: 'infinity', count: 1 }
				],
				'2026-11-23'
			)
		).toEqual([
			{ kind: 'temporary', past: 2, ongoing: 1, upcoming: 4 },
			{ kind: 'indefinite', past: 0, ongoing: 1, upcoming: 1 }
		]);
	});

	it('computes the share meeting 2 hours among doctors on the SAS agenda, and exports each table', () => {
		const target = targetWeeks(weeks, [{ week: '2026-11-16', participants: 10, ok: 6, short: 1, leave: 1, software: 2 }]);
		expect(target).toEqual([{ week: '2026-11-16', participants: 10, ok: 6, short: 1, leave: 1, software: 2, share: 0.75 }]);
		const d = { target, unavailabilities: [], orientationsByStatus: countsByWeek(weeks, ['pending'] as const, []) } as unknown as Dashboard;
		expect(dashboardCsv(d, 'target').split('\r\n')[1]).toBe('16/11/2026;10;6;1;1;2;75 %');
	});
});

describe('who reads a dashboard', () => {
	const actor = (overrides: Partial<Actor>): Actor => ({ accountId: 'a', role: 'accountManager', disabled: false, practitionerId: null, structures: [], territory: '84', ...overrides });
	const territory = { type: 'territory', departement: '84' } as const;
	const comtat = { type: 'structure', id: 'comtat', territory: '84' } as const;

	it.each<[string, Actor, boolean, boolean]>([
		['the territory’s account manager', actor({}), true, true],
		['another territory’s account manager', actor({ territory: '13' }), false, false],
		['the head of the territory’s regulation', actor({ role: 'regulator', regulationHead: true }), true, true],
		['a regulator', actor({ role: 'regulator' }), false, false],
		['the structure’s manager', actor({ role: 'structureManager', territory: null, structures: [{ id: 'comtat', kind: 'CPTS', territory: '84' }] }), false, true],
		['another structure’s manager', actor({ role: 'structureManager', territory: null, structures: [{ id: 'ventoux', kind: 'MSP', territory: '84' }] }), false, false],
		['a doctor', actor({ role: 'practitioner', territory: null, practitionerId: 'p' }), false, false],
		['a disabled account manager', actor({ disabled: true }), false, false]
	])('%s: territory %s, structure %s', (_who, who, onTerritory, onStructure) => {
		expect(authorizeDashboard(who, territory).allowed).toBe(onTerritory);
		expect(authorizeDashboard(who, comtat).allowed).toBe(onStructure);
	});
});
