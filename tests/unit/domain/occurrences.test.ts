import { describe, expect, it } from 'vitest';
import { expandOccurrences } from '../../../src/lib/domain/occurrences';
import { detachedOccurrenceId } from '../../../src/lib/domain/ids';
import { epochMsToOffsetIso, localToEpochMs, weekBounds } from '../../../src/lib/domain/time';
import { availability } from '../../factories';

function between(from: string, to: string, zone = 'Europe/Paris'): [number, number] {
	return [localToEpochMs(from, '00:00', zone), localToEpochMs(to, '00:00', zone)];
}

const weeklyMonday = availability({ date: '2026-03-16', rrule: 'FREQ=WEEKLY;BYDAY=MO,SU' });

describe('expandOccurrences across the DST changes of Europe/Paris', () => {
	it('keeps a weekly 18:30–19:30 at 18:30 local before and after the last Sunday of March', () => {
		const occurrences = expandOccurrences([weeklyMonday], ...between('2026-03-23', '2026-04-06'));
		expect(occurrences.map((o) => `${o.date} ${o.start}-${o.end} ${epochMsToOffsetIso(o.startMs, 'Europe/Paris')}`)).toEqual([
			'2026-03-23 18:30-19:30 2026-03-23T18:30:00+01:00',
			'2026-03-29 18:30-19:30 2026-03-29T18:30:00+02:00',
			'2026-03-30 18:30-19:30 2026-03-30T18:30:00+02:00',
			'2026-04-05 18:30-19:30 2026-04-05T18:30:00+02:00'
		]);
		expect(occurrences.every((o) => o.endMs - o.startMs === 3_600_000)).toBe(true);
	});

	it('keeps it at 18:30 across the last Sunday of October', () => {
		const occurrences = expandOccurrences([weeklyMonday], ...between('2026-10-19', '2026-11-02'));
		expect(occurrences.map((o) => epochMsToOffsetIso(o.startMs, 'Europe/Paris'))).toEqual([
			'2026-10-19T18:30:00+02:00',
			'2026-10-25T18:30:00+01:00',
			'2026-10-26T18:30:00+01:00',
			'2026-11-01T18:30:00+01:00'
		]);
	});

	it('moves a time inside the spring gap forward and takes the first of a repeated autumn time', () => {
		const gap = availability({ date: '2026-03-29', start: '02:30', end: '03:30' });
		const fold = availability({ date: '2026-10-25', start: '02:30', end: '03:30' });
		const [spring] = expandOccurrences([gap], ...between('2026-03-29', '2026-03-30'));
		const [autumn] = expandOccurrences([fold], ...between('2026-10-25', '2026-10-26'));
		expect(epochMsToOffsetIso(spring!.startMs, 'Europe/Paris')).toBe('2026-03-29T03:30:00+02:00');
		expect(epochMsToOffsetIso(autumn!.startMs, 'Europe/Paris')).toBe('2026-10-25T02:30:00+02:00');
		expect((autumn!.endMs - autumn!.startMs) / 60_000).toBe(120);
	});

	it('gives the 167-hour and 169-hour weeks of the changes', () => {
		const [marchStart, marchEnd] = weekBounds('2026-03-23', 'Europe/Paris');
		const [octStart, octEnd] = weekBounds('2026-10-19', 'Europe/Paris');
		expect((marchEnd - marchStart) / 3_600_000).toBe(167);
		expect((octEnd - octStart) / 3_600_000).toBe(169);
	});
});

describe('expandOccurrences overseas', () => {
	it('places a Réunion slot at its own wall-clock time, four hours ahead of UTC all year', () => {
		const reunion = availability({ date: '2026-03-23', timeZone: 'Indian/Reunion', rrule: 'FREQ=WEEKLY;BYDAY=MO' });
		const occurrences = expandOccurrences([reunion], ...between('2026-03-23', '2026-04-06', 'Indian/Reunion'));
		expect(occurrences.map((o) => new Date(o.startMs).toISOString())).toEqual([
			'2026-03-23T14:30:00.000Z',
			'2026-03-30T14:30:00.000Z'
		]);
	});
});

describe('expandOccurrences of a series with exceptions and a detached occurrence', () => {
	const series = availability({ date: '2026-11-02', rrule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20261130T235959', exdates: ['2026-11-16'] });
	const detached = availability({
		id: detachedOccurrenceId(series.id, '2026-11-09'),
		seriesId: series.id,
		originalDate: '2026-11-09',
		date: '2026-11-10',
		start: '14:00',
		end: '15:30',
		kind: 'capacity',
		capacity: 3
	});

	it('skips the EXDATE, replaces the detached date and stops at UNTIL', () => {
		const occurrences = expandOccurrences([series, detached], ...between('2026-11-01', '2026-12-15'));
		expect(occurrences.map((o) => [o.date, o.start, o.end, o.occurrenceDate, o.seriesId])).toEqual([
			['2026-11-02', '18:30', '19:30', '2026-11-02', series.id],
			['2026-11-10', '14:00', '15:30', '2026-11-09', series.id],
			['2026-11-23', '18:30', '19:30', '2026-11-23', series.id],
			['2026-11-30', '18:30', '19:30', '2026-11-30', series.id]
		]);
	});

	it('drops a detached occurrence whose series is gone', () => {
		expect(expandOccurrences([detached], ...between('2026-11-01', '2026-12-15'))).toEqual([]);
	});

	it('keeps only occurrences that overlap the range', () => {
		const [from] = between('2026-11-23', '2026-11-24');
		const occurrences = expandOccurrences([series], from + 19 * 3_600_000, from + 20 * 3_600_000);
		expect(occurrences.map((o) => o.date)).toEqual(['2026-11-23']);
		expect(expandOccurrences([series], from + 19.5 * 3_600_000, from + 20 * 3_600_000)).toEqual([]);
	});

	it('runs a range ending at 00:00 up to midnight', () => {
		const night = availability({ date: '2026-11-23', start: '20:00', end: '00:00', kind: 'walk_in' });
		const [o] = expandOccurrences([night], ...between('2026-11-23', '2026-11-24'));
		expect(epochMsToOffsetIso(o!.endMs, 'Europe/Paris')).toBe('2026-11-24T00:00:00+01:00');
	});
});
