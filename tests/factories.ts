import { DEMO_PRACTITIONER_ID, demoId } from '../src/lib/demo';
import { newId } from '../src/lib/domain/ids';
import type { Availability, Unavailability, ParticipationSettings } from '../src/lib/domain/schemas';
import { defaultParticipation } from '../src/lib/domain/schemas';

export const PRACTITIONER_ID = '0190a0a0-0000-7000-8000-000000000001';
export const ADDRESS_ID = '0190a0a0-0000-7000-8000-0000000000a1';
export const OTHER_ADDRESS_ID = '0190a0a0-0000-7000-8000-0000000000a2';

/** An availability on Monday 2026-11-23, 18:30–19:30 in Paris, one patient; override what the test is about. */
export function availability(overrides: Partial<Availability> = {}): Availability {
	return {
		id: newId(),
		practitionerId: PRACTITIONER_ID,
		addressId: ADDRESS_ID,
		date: '2026-11-23',
		start: '18:30',
		end: '19:30',
		timeZone: 'Europe/Paris',
		kind: 'slot',
		slotMinutes: null,
		capacity: null,
		consultationTypes: ['office'],
		rrule: null,
		exdates: [],
		seriesId: null,
		originalDate: null,
		...overrides
	};
}

/** The same for the demo doctor (Dr Claire Aubert) at her address, for tests that run on the demo data. */
export function demoAvailability(overrides: Partial<Availability> = {}): Availability {
	return availability({ practitionerId: DEMO_PRACTITIONER_ID, addressId: demoId('address:Claire Aubert'), ...overrides });
}

export function unavailability(overrides: Partial<Unavailability> = {}): Unavailability {
	return {
		id: newId(),
		practitionerId: PRACTITIONER_ID,
		addressId: null,
		startsAt: '2026-11-23T00:00:00+01:00',
		endsAt: '2026-11-30T00:00:00+01:00',
		timeZone: 'Europe/Paris',
		...overrides
	};
}

export function participation(overrides: Partial<ParticipationSettings> = {}): ParticipationSettings {
	return { ...defaultParticipation(newId(), PRACTITIONER_ID), ...overrides };
}
