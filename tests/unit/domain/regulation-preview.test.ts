import { describe, expect, it } from 'vitest';
import { regulationPreview } from '../../../src/lib/domain/regulation-preview';
import { localToEpochMs } from '../../../src/lib/domain/time';
import { availability, unavailability } from '../../factories';

const NOW = localToEpochMs('2026-11-23', '10:00', 'Europe/Paris'); // Monday 10:00

function preview(...args: Parameters<typeof regulationPreview> extends [infer A, infer U, ...unknown[]] ? [A, U?] : never) {
	return regulationPreview(args[0], args[1] ?? [], 'Europe/Paris', NOW).map((d) => `${d.date}: ${d.entries.map((e) => `${e.start}-${e.end}`).join(' ')}`);
}

describe('regulationPreview', () => {
	it('shows the next 72 hours, day by day, slots cut to their length', () => {
		const series = availability({ date: '2026-11-16', start: '18:30', end: '19:30', slotMinutes: 30, rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH' });
		expect(preview([series])).toEqual([
			'2026-11-23: 18:30-19:00 19:00-19:30',
			'2026-11-24: 18:30-19:00 19:00-19:30',
			'2026-11-25: 18:30-19:00 19:00-19:30',
			'2026-11-26: '
		]);
	});

	it('leaves out what has ended and what starts after 72 hours, and shows a range that straddles the edge whole', () => {
		const morning = availability({ date: '2026-11-23', start: '08:00', end: '09:00' });
		const thursday = availability({ date: '2026-11-26', start: '09:00', end: '11:00', kind: 'walk_in' });
		const later = availability({ date: '2026-11-26', start: '10:00', end: '11:00' });
		expect(preview([morning, thursday, later])).toEqual(['2026-11-23: ', '2026-11-24: ', '2026-11-25: ', '2026-11-26: 09:00-11:00']);
	});

	it('is empty under an indefinite unavailability, and shows what a short one leaves', () => {
		const daily = availability({ date: '2026-11-23', start: '14:00', end: '17:00', kind: 'capacity', capacity: 4, rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE' });
		expect(preview([daily], [unavailability({ startsAt: '2026-11-23T09:00:00+01:00', endsAt: null })]).every((d) => d.endsWith(': '))).toBe(true);
		expect(preview([daily], [unavailability({ startsAt: '2026-11-24T15:00:00+01:00', endsAt: '2026-11-24T16:00:00+01:00' })])).toEqual([
			'2026-11-23: 14:00-17:00',
			'2026-11-24: 14:00-15:00 16:00-17:00',
			'2026-11-25: 14:00-17:00',
			'2026-11-26: '
		]);
	});
});
