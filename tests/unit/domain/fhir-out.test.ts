import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAppointment } from '../../../src/lib/domain/fhir/appointment';
import { readEditorAnswer } from '../../../src/lib/domain/fhir/editor-slots';
import { readRegulatorPractitioner, regulatorPractitioner } from '../../../src/lib/domain/fhir/regulator';
import { fhirInstant, internationalPhone, slotSearchBundle, type FhirAgenda } from '../../../src/lib/domain/fhir/slot-bundle';
import { parseSlotQuery } from '../../../src/lib/domain/fhir/slot-query';
import { ADDRESS_ID, PRACTITIONER_ID, availability, unavailability } from '../../factories';

const agenda = (overrides: Partial<FhirAgenda> = {}): FhirAgenda => ({
	practitioner: { id: PRACTITIONER_ID, rpps: '10000000017', lastName: 'Aubert', firstName: 'Claire', specialties: ['Médecine générale'] },
	addresses: [{ id: ADDRESS_ID, street: '12 rue de la République', postalCode: '84000', city: 'Avignon', phone: '0490123456', timeZone: 'Europe/Paris' }],
	availabilities: [],
	unavailabilities: [],
	organization: null,
	cpts: null,
	...overrides
});
const search = (agendas: FhirAgenda[], from: string, to: string, now = from) => ({
	agendas,
	from: Date.parse(from),
	to: Date.parse(to),
	now: Date.parse(now),
	selfUrl: 'https://sas.test/fhir/Slot?x=1',
	baseUrl: 'https://sas.test/fhir',
	bookingUrl: (id: string) => `https://sas.test/regulation?praticien=${id}`,
	includeCpts: true
});

describe('the SAS agenda as a Slot searchset', () => {
	it('cuts slot availabilities as regulators see them, dates with milliseconds and the place’s offset, across the clock change', () => {
		const a = availability({ date: '2026-03-28', start: '18:00', end: '19:00', slotMinutes: 30, rrule: 'FREQ=WEEKLY;BYDAY=SA,SU' });
		const bundle = slotSearchBundle(search([agenda({ availabilities: [a] })], '2026-03-28T00:00:00+01:00', '2026-03-29T23:59:59+02:00')) as { entry: { resource: Record<string, string> }[]; total: number };
		const slots = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === 'Slot');
		expect(slots.map((s) => [s.start, s.end])).toEqual([
			['2026-03-28T18:00:00.000+01:00', '2026-03-28T18:30:00.000+01:00'],
			['2026-03-28T18:30:00.000+01:00', '2026-03-28T19:00:00.000+01:00'],
			['2026-03-29T18:00:00.000+02:00', '2026-03-29T18:30:00.000+02:00'],
			['2026-03-29T18:30:00.000+02:00', '2026-03-29T19:00:00.000+02:00']
		]);
		expect(bundle.total).toBe(4);
	});

	it('leaves out what an unavailability hides, and what has started already', () => {
		const a = availability({ date: '2026-11-23', start: '08:00', end: '12:00', slotMinutes: 30 });
		const leave = unavailability({ startsAt: '2026-11-23T09:00:00+01:00', endsAt: '2026-11-23T10:00:00+01:00' });
		const bundle = slotSearchBundle(search([agenda({ availabilities: [a], unavailabilities: [leave] })], '2026-11-23T00:00:00+01:00', '2026-11-24T00:00:00+01:00', '2026-11-23T08:10:00+01:00')) as { entry: { resource: Record<string, string> }[] };
		const starts = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === 'Slot').map((s) => s.start!.slice(11, 16));
		expect(starts).toEqual(['08:30', '10:00', '10:30', '11:00', '11:30']);
	});

	it('maps kinds and consultation types to the guide’s codes: walk-in → WALKIN, home visit → HH', () => {
		const a = availability({ date: '2026-11-23', start: '14:00', end: '16:00', kind: 'walk_in', consultationTypes: ['home_visit', 'teleconsultation'] });
		const bundle = slotSearchBundle(search([agenda({ availabilities: [a] })], '2026-11-23T00:00:00+01:00', '2026-11-24T00:00:00+01:00')) as { entry: { resource: Record<string, any> }[] };
		const slot = bundle.entry[0]!.resource;
		expect(slot.appointmentType.coding[0].code).toBe('WALKIN');
		expect(slot.serviceType.map((t: any) => t.coding[0].code)).toEqual(['HH', 'VR']);
		expect(slot.specialty[0].coding[0].code).toBe('SM54');
	});

	it('is read back by our own editor reader to the same slots (property)', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ day: fc.integer({ min: 0, max: 2 }), hour: fc.integer({ min: 6, max: 21 }), minutes: fc.constantFrom(10, 15, 20, 30), length: fc.integer({ min: 1, max: 4 }) }), { maxLength: 6 }),
				(ranges) => {
					const availabilities = ranges.map((r, i) =>
						availability({ id: `0190a0a0-0000-7000-8000-0000000001${String(i).padStart(2, '0')}`, date: `2026-11-${23 + r.day}`, start: `${String(r.hour).padStart(2, '0')}:00`, end: `${String(r.hour).padStart(2, '0')}:${String(Math.min(59, r.minutes * r.length)).padStart(2, '0')}`, slotMinutes: r.minutes })
					);
					const bundle = slotSearchBundle(search([agenda({ availabilities })], '2026-11-23T00:00:00+01:00', '2026-11-25T23:59:59+01:00'));
					const answer = readEditorAnswer(bundle);
					const total = (bundle as { total: number }).total;
					if (total === 0) {
						expect(answer.kind).toBe('no-slot');
						return;
					}
					if (answer.kind !== 'offers') throw new Error(answer.kind);
					expect(answer.dropped).toBe(0);
					expect(answer.offers).toHaveLength(total);
					for (const offer of answer.offers) {
						expect(offer.rpps).toBe('10000000017');
						expect(offer.place).toEqual({ line: '12 rue de la République', postalCode: '84000', city: 'Avignon' });
						expect(offer.end).toBeGreaterThan(offer.start);
					}
				}
			),
			{ numRuns: 60 }
		);
	});

	it('writes phones the guide’s way, overseas codes included', () => {
		expect(['0490123456', '04 90 12 34 56', '0262123456', '0692123456', '0590123456', '0596123456', '0594123456', '123'].map(internationalPhone)).toEqual([
			'+33490123456',
			'+33490123456',
			'+262262123456',
			'+262692123456',
			'+590590123456',
			'+596596123456',
			'+594594123456',
			null
		]);
		expect(fhirInstant(Date.parse('2026-07-01T08:00:00Z'), 'Indian/Reunion')).toBe('2026-07-01T12:00:00.000+04:00');
	});
});

describe('the Slot search’s parameters', () => {
	const parse = (query: string) => parseSlotQuery(new URLSearchParams(query));
	it('reads every date form of the guide and the kit, the unescaped + included', () => {
		const forms = ['2026-12-01T10:00:00', '2026-12-01T10:00:00.000+01:00', '2026-12-01T09:00:00.000+00:00', '2026-12-01T10:00:00.000 01:00', '2026-12-01T09:00:00Z'];
		for (const form of forms) {
			const result = parse(`start=ge${form}&start=le2026-12-02T10:00:00&schedule.actor:Practitioner.identifier=810000000017`);
			expect('query' in result && result.query.from, form).toBe(Date.parse('2026-12-01T09:00:00Z'));
		}
	});
	it('takes prefixed and unprefixed identifiers, with spaces, and the CPTS includes', () => {
		const result = parse('start=ge2026-12-01T10:00:00&start=le2026-12-02T10:00:00&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|810000000017, 10000000025,urn:oid:1.2.250.1.71.4.2.1|0123456789&_include=Slot:service-type-reference&_count=1000');
		expect(result).toEqual({ query: { from: Date.parse('2026-12-01T09:00:00Z'), to: Date.parse('2026-12-02T09:00:00Z'), rpps: ['10000000017', '10000000025'], free: true, includeCpts: true } });
	});
});

describe('an appointment sent back', () => {
	const appointment = {
		resourceType: 'Appointment',
		extension: [{ url: 'http://interopsante.org/fhir/StructureDefinition/FrAppointmentOperator', valueReference: { identifier: { type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'INTRN' }] }, system: 'urn:oid:1.2.250.1.213.3.6', value: 'a-uuid' } } }],
		identifier: [{ system: 'urn:oid:1.2.3', value: 'rdv-1' }],
		status: 'booked',
		start: '2026-12-01T14:00:00+01:00',
		end: '2026-12-01T14:15:00+01:00',
		participant: [{ actor: { identifier: { type: { coding: [{ system: 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203', code: 'IDNPS' }] }, system: 'urn:oid:1.2.250.1.71.4.2.1', value: '810000000017' } }, status: 'accepted' }]
	};
	it('is read with either spelling of the identifier type system', () => {
		expect(readAppointment(appointment)).toMatchObject({ appointment: { rpps: '10000000017', regulator: { type: 'INTRN', value: 'a-uuid' }, status: 'booked' }, issues: [] });
	});
	it('refuses a text the database could not keep, naming why', () => {
		for (const bad of ['a\u0000b', '\ud800', 'x\udfffy']) {
			const read = readAppointment({ ...appointment, identifier: [{ system: 'urn:oid:1.2.3', value: bad }] });
			expect(read).toMatchObject({ appointment: null, issues: [{ expression: 'Appointment', kind: 'structure' }] });
		}
	});
	it('never throws on anything an editor may send (property)', () => {
		fc.assert(fc.property(fc.jsonValue(), (value) => void readAppointment(value)));
		fc.assert(fc.property(fc.jsonValue(), (value) => void readRegulatorPractitioner(value)));
	});
});

describe('a regulator account', () => {
	it('goes out as FrPractitionerRegul with the SAS’s technical identifier when there is no national one', () => {
		const body = regulatorPractitioner({ id: 'b9d7', nationalId: null, firstName: 'Inès', lastName: 'Roux', email: 'ines@sas.test', active: false });
		expect(body).toMatchObject({ meta: { source: 'urn:oid:1.2.250.1.213.3.6' }, identifier: [{ system: 'urn:oid:1.2.250.1.213.3.6', value: 'b9d7' }], active: false });
		expect(readRegulatorPractitioner(body)).toMatchObject({ regulator: { active: false, family: 'Roux', given: 'Inès', email: 'ines@sas.test' } });
	});
});
