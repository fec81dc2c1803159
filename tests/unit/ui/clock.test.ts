import { describe, expect, it } from 'vitest';
import { formatClock } from '../../../src/lib/ui/clock';

describe('formatClock', () => {
	it.each([
		['2026-12-01T08:05:00Z', 'Europe/Paris', '09:05'],
		['2026-07-01T22:30:00Z', 'Europe/Paris', '00:30'],
		['2026-12-01T08:05:00Z', 'Indian/Reunion', '12:05'],
		['2026-12-01T12:00:00Z', 'America/Martinique', '08:00']
	])('%s in %s reads %s, on 24 hours', (iso, zone, expected) => {
		expect(formatClock(iso, zone)).toBe(expected);
	});
});
