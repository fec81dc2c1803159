import { describe, expect, it } from 'vitest';
import { describePeriod, describeRow } from '../../../src/lib/ui/describe';

describe('a period of unavailability, as it was typed', () => {
	it.each([
		['whole days 14 → 20 December', '2026-12-14T00:00:00+01:00', '2026-12-21T00:00:00+01:00', 'Du 14 au 20 décembre'],
		['one day', '2026-12-14T00:00:00+01:00', '2026-12-15T00:00:00+01:00', 'Le 14 décembre'],
		['across two months', '2026-12-28T00:00:00+01:00', '2027-01-04T00:00:00+01:00', 'Du 28 décembre au 3 janvier'],
		['an afternoon', '2026-12-15T12:00:00+01:00', '2026-12-15T19:00:00+01:00', 'Du mardi 15 décembre 2026 12:00 au mardi 15 décembre 2026 19:00'],
		['from now on, without end', '2026-12-15T09:30:00+01:00', null, 'À partir du 15 décembre 09:30, pour une durée indéterminée']
	])('%s', (_, startsAt, endsAt, expected) => {
		expect(describePeriod({ startsAt, endsAt, timeZone: 'Europe/Paris' })).toBe(expected);
	});

	it('reads the days in the period’s own zone (La Réunion)', () => {
		expect(describePeriod({ startsAt: '2026-12-13T20:00:00Z', endsAt: '2026-12-20T20:00:00Z', timeZone: 'Indian/Reunion' })).toBe('Du 14 au 20 décembre');
	});
});

describe('an orientation in the sync pages', () => {
	it('says when the patient was sent, with the reference and the status', () => {
		const line = describeRow('orientations', { startsAt: '2026-12-02T09:00:00.000Z', patientReference: 'Dossier 12', status: 'honoured' });
		expect(line).toBe('Patient adressé le mercredi 2 décembre 2026 à 10:00 (réf. Dossier 12) · Honoré');
	});
});
