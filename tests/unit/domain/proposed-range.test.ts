import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localEndToEpochMs, localToEpochMs, proposedRange } from '../../../src/lib/domain/time';

describe('what « Créer des disponibilités » proposes', () => {
	it.each<[string, string, string, string, string]>([
		// [now (instant), zone, date, start, end]
		['2026-12-07T09:15:00+01:00', 'Europe/Paris', '2026-12-07', '18:00', '19:00'],
		['2026-12-07T17:59:00+01:00', 'Europe/Paris', '2026-12-07', '18:00', '19:00'],
		['2026-12-07T18:00:00+01:00', 'Europe/Paris', '2026-12-07', '19:00', '20:00'],
		// Sunday 22:10: once « today 18:00–19:00 », already past.
		['2026-12-13T22:10:00+01:00', 'Europe/Paris', '2026-12-13', '23:00', '00:00'],
		['2026-12-13T23:10:00+01:00', 'Europe/Paris', '2026-12-14', '18:00', '19:00'],
		// The place's own zone: 22:30 in La Réunion is 19:30 in Paris.
		['2026-12-07T22:30:00+04:00', 'Indian/Reunion', '2026-12-07', '23:00', '00:00'],
		['2026-12-31T23:30:00+01:00', 'Europe/Paris', '2027-01-01', '18:00', '19:00']
	])('at %s in %s: %s %s–%s', (now, zone, date, start, end) => {
		expect(proposedRange(Date.parse(now), zone)).toEqual({ date, start, end });
	});

	it('is never begun or past, and lasts one hour, whatever the moment and the zone', () => {
		fc.assert(
			fc.property(fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }), fc.constantFrom('Europe/Paris', 'Indian/Reunion', 'America/Martinique', 'Pacific/Noumea'), (now, zone) => {
				const r = proposedRange(now.getTime(), zone);
				const start = localToEpochMs(r.date, r.start, zone);
				expect(start).toBeGreaterThan(now.getTime());
				expect(localEndToEpochMs(r.date, r.end, zone) - start).toBeGreaterThanOrEqual(3_600_000 - 1);
			})
		);
	});
});
