import { describe, expect, it } from 'vitest';
import { expandOccurrences } from '../../../src/lib/domain/occurrences';
import { visibleSlots } from '../../../src/lib/domain/slots';
import { localToEpochMs } from '../../../src/lib/domain/time';
import { unavailabilityIntervals, visibleParts } from '../../../src/lib/domain/visibility';
import { availability, unavailability } from '../../factories';
import type { Availability, Unavailability } from '../../../src/lib/domain/schemas';

function slots(a: Availability, unavailabilities: Unavailability[] = []): string[] {
	const [o] = expandOccurrences([a], localToEpochMs(a.date, '00:00', a.timeZone), localToEpochMs(a.date, '23:59', a.timeZone));
	return visibleSlots(o!, visibleParts(o!, unavailabilityIntervals(unavailabilities))).map((s) => `${s.start}-${s.end}`);
}

describe('visibleSlots', () => {
	it('splits 10:00–11:00 in 15-minute slots into 4 slots', () => {
		expect(slots(availability({ start: '10:00', end: '11:00', slotMinutes: 15 }))).toEqual([
			'10:00-10:15',
			'10:15-10:30',
			'10:30-10:45',
			'10:45-11:00'
		]);
	});

	it('does not show a remainder shorter than a slot', () => {
		expect(slots(availability({ start: '13:00', end: '13:50', slotMinutes: 20 }))).toEqual(['13:00-13:20', '13:20-13:40']);
	});

	it('shows a range without slot length, a capacity range and a walk-in range whole', () => {
		expect(slots(availability({ start: '18:30', end: '19:30' }))).toEqual(['18:30-19:30']);
		expect(slots(availability({ start: '14:00', end: '15:30', kind: 'capacity', capacity: 3 }))).toEqual(['14:00-15:30']);
		expect(slots(availability({ start: '14:00', end: '16:00', kind: 'walk_in' }))).toEqual(['14:00-16:00']);
	});

	it('keeps the slot grid and drops the slots an unavailability touches', () => {
		const cut = unavailability({ startsAt: '2026-11-23T14:20:00+01:00', endsAt: '2026-11-23T15:00:00+01:00' });
		expect(slots(availability({ start: '14:00', end: '16:00', slotMinutes: 30 }), [cut])).toEqual([
			'15:00-15:30',
			'15:30-16:00'
		]);
		expect(slots(availability({ start: '14:00', end: '16:00', kind: 'walk_in' }), [cut])).toEqual(['14:00-14:20', '15:00-16:00']);
	});
});
