import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localEndToEpochMs, localToEpochMs, nextQuarterHour, proposedRange } from '../../../src/lib/domain/time';

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

describe('what « Adresser hors créneaux » proposes: the next quarter hour', () => {
	it.each<[string, string, string, string]>([
		['2026-12-07T22:10:00+01:00', 'Europe/Paris', '2026-12-07', '22:15'],
		['2026-12-07T22:15:00+01:00', 'Europe/Paris', '2026-12-07', '22:30'],
		['2026-12-07T23:50:30+01:00', 'Europe/Paris', '2026-12-08', '00:00'],
		['2026-12-07T18:31:00+04:00', 'Indian/Reunion', '2026-12-07', '18:45']
	])('at %s in %s: %s %s', (now, zone, date, time) => {
		expect(nextQuarterHour(Date.parse(now), zone)).toEqual({ date, time });
	});

	it('is always a quarter hour to come, within 15 minutes (property)', () => {
		fc.assert(
			fc.property(fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }), fc.constantFrom('Europe/Paris', 'Indian/Reunion', 'America/Cayenne', 'Pacific/Marquesas'), (now, zone) => {
				const q = nextQuarterHour(now.getTime(), zone);
				expect(Number(q.time.slice(3)) % 15).toBe(0);
				const at = localToEpochMs(q.date, q.time, zone);
				expect(at).toBeGreaterThan(now.getTime());
				expect(at - now.getTime()).toBeLessThanOrEqual(15 * 60_000);
			})
		);
	});
});
