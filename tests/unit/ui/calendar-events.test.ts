import { describe, expect, it } from 'vitest';
import { calendarEvents } from '../../../src/lib/ui/calendar-events';
import { ADDRESS_ID, availability } from '../../factories';

describe('calendar events', () => {
	it('says when a change of clock shortens an occurrence (Sunday 29 March 2026 in Paris), and only then', () => {
		const series = availability({ date: '2026-03-22', start: '01:30', end: '03:30', rrule: 'FREQ=WEEKLY;BYDAY=SU' });
		const address = { id: ADDRESS_ID, practitionerId: series.practitionerId, street: '1 rue Haute', postalCode: '84200', city: 'Carpentras', inseeCode: null, phone: null, timeZone: 'Europe/Paris' as const };
		const titles = calendarEvents({ addresses: [address], availabilities: [series], unavailabilities: [], timeZone: 'Europe/Paris' }, '2026-03-22', '2026-04-06').map((e) => `${String(e.start).slice(0, 10)} ${e.title}`);
		expect(titles).toEqual([
			'2026-03-22 Créneau disponible — Consultation en cabinet',
			'2026-03-29 Créneau disponible — Consultation en cabinet (1 h 00 réelles — changement d’heure)',
			'2026-04-05 Créneau disponible — Consultation en cabinet'
		]);
	});
});
