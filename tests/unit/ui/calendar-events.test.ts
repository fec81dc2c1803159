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

	it('says on an occurrence how many patients the regulation sent to it', () => {
		const address = { id: ADDRESS_ID, practitionerId: 'p', street: '1 rue', postalCode: '84200', city: 'Carpentras', inseeCode: null, phone: null, timeZone: 'Europe/Paris' as const };
		const a = availability({ date: '2026-11-23', start: '18:30', end: '19:30', slotMinutes: 15 });
		const at = (time: string) => Date.parse(`2026-11-23T${time}:00+01:00`);
		const titleWith = (oriented: { availabilityId: string | null; startMs: number }[]) =>
			calendarEvents({ addresses: [address], availabilities: [a], unavailabilities: [], timeZone: 'Europe/Paris', oriented }, '2026-11-23', '2026-11-24')[0]!.title;
		expect(titleWith([])).not.toContain('adressé');
		expect(titleWith([{ availabilityId: a.id, startMs: at('18:45') }])).toContain(' · 1 patient adressé par la régulation');
		expect(titleWith([{ availabilityId: a.id, startMs: at('18:30') }, { availabilityId: a.id, startMs: at('19:15') }, { availabilityId: 'autre', startMs: at('18:30') }, { availabilityId: a.id, startMs: at('19:30') }])).toContain(' · 2 patients adressés par la régulation');
	});
});
