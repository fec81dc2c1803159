import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardsOf, DEFAULT_FILTERS, defaultRadiusKm, distanceKm, isOpen, matches, shownOffers, sortCandidates, withSasOrigin, type Candidate, type Offer } from '../../../src/lib/domain/regulation-search';
import { statusChangeAllowed } from '../../../src/lib/domain/schemas';

const NOW = Date.parse('2026-12-01T10:00:00+01:00');
const H = 3_600_000;
const offer = (overrides: Partial<Offer> = {}): Offer => ({ source: 'sas', start: NOW + 2 * H, end: NOW + 2.25 * H, kind: 'slot', capacity: null, taken: 0, consultationTypes: ['office'], availabilityId: 'a', addressId: 'x', bookingUrl: null, ...overrides });
let n = 0;
const candidate = (overrides: Partial<Candidate> = {}): Candidate => ({
	practitionerId: `p${n++}`,
	name: 'Dr A',
	specialties: ['Médecine générale'],
	address: { id: 'x', street: '1 rue', postalCode: '84200', city: 'Carpentras', phone: null },
	distanceKm: 1,
	participates: false,
	forfaitReorientation: false,
	complementaryInfo: null,
	structure: null,
	interfaced: false,
	offers: [],
	...overrides
});

describe('what is still open', () => {
	it.each([
		['a free slot', offer(), true],
		['a taken slot', offer({ taken: 1 }), false],
		['a past slot', offer({ start: NOW - 2 * H, end: NOW - H }), false],
		['a range begun, not over', offer({ kind: 'capacity', capacity: 4, taken: 2, start: NOW - H, end: NOW + H }), true],
		['a full range, « 4/4 »', offer({ kind: 'capacity', capacity: 4, taken: 4 }), false],
		['walk-in, whatever was sent', offer({ kind: 'walk_in', taken: 9 }), true]
	])('%s', (_label, o, open) => expect(isOpen(o, NOW)).toBe(open));
});

describe('the filters', () => {
	const tele = offer({ consultationTypes: ['teleconsultation'], start: NOW + 30 * H, end: NOW + 30.5 * H });
	const doctor = candidate({ offers: [offer(), tele] });
	it('« Disponible sous » and the consultation type choose the offers shown', () => {
		expect(shownOffers(doctor, { ...DEFAULT_FILTERS, within: ['0-4'] }, NOW)).toEqual([doctor.offers[0]]);
		expect(shownOffers(doctor, { ...DEFAULT_FILTERS, within: ['24-48'] }, NOW)).toEqual([tele]);
		expect(shownOffers(doctor, { ...DEFAULT_FILTERS, consultation: ['teleconsultation'] }, NOW)).toEqual([tele]);
		expect(shownOffers(doctor, { ...DEFAULT_FILTERS, consultation: ['home_visit'] }, NOW)).toEqual([]);
	});
	it('the exclusive modes: with slots (default), en sus (participates), forfait réorientation; the structure kind', () => {
		const none = candidate({ participates: true });
		const forfait = candidate({ forfaitReorientation: true, offers: [offer()] });
		expect([doctor, none, forfait].map((c) => matches(c, DEFAULT_FILTERS, NOW))).toEqual([true, false, true]);
		expect([doctor, none, forfait].map((c) => matches(c, { ...DEFAULT_FILTERS, mode: 'overbooking' }, NOW))).toEqual([false, true, false]);
		expect([doctor, none, forfait].map((c) => matches(c, { ...DEFAULT_FILTERS, mode: 'forfait' }, NOW))).toEqual([false, false, true]);
		const inCpts = candidate({ offers: [offer()], structure: { id: 's', kind: 'CPTS', name: 'CPTS', phone: null } });
		expect(matches(inCpts, { ...DEFAULT_FILTERS, structure: ['CPTS'] }, NOW)).toBe(true);
		expect(matches(doctor, { ...DEFAULT_FILTERS, structure: ['CPTS'] }, NOW)).toBe(false);
		expect(matches(doctor, { ...DEFAULT_FILTERS, structure: ['none'] }, NOW)).toBe(true);
	});
	it('keeps an interfaced doctor until their editor answered', () => {
		expect(matches(candidate({ interfaced: true }), DEFAULT_FILTERS, NOW)).toBe(true);
	});
});

describe('the order', () => {
	it('with slots and participating, with slots, participating, the rest; nearest first inside a group', () => {
		const a = candidate({ name: 'Dr Rest', distanceKm: 0.5 });
		const b = candidate({ name: 'Dr Slots far', offers: [offer()], distanceKm: 9 });
		const c = candidate({ name: 'Dr Slots near', offers: [offer()], distanceKm: 2 });
		const d = candidate({ name: 'Dr Participates', participates: true, distanceKm: 1 });
		const e = candidate({ name: 'Dr Both', participates: true, offers: [offer()], distanceKm: 20 });
		expect(sortCandidates([a, b, c, d, e], DEFAULT_FILTERS, NOW).map((x) => x.name)).toEqual(['Dr Both', 'Dr Slots near', 'Dr Slots far', 'Dr Participates', 'Dr Rest']);
	});
	it('is a permutation whose groups never go down (property)', () => {
		fc.assert(
			fc.property(fc.array(fc.record({ participates: fc.boolean(), slots: fc.boolean(), distance: fc.option(fc.float({ min: 0, max: 100, noNaN: true }), { nil: null }) }), { maxLength: 30 }), (specs) => {
				const list = specs.map((s) => candidate({ participates: s.participates, offers: s.slots ? [offer()] : [], distanceKm: s.distance }));
				const sorted = sortCandidates(list, DEFAULT_FILTERS, NOW);
				expect(new Set(sorted)).toEqual(new Set(list));
				const group = (c: Candidate) => (c.offers.length && c.participates ? 0 : c.offers.length ? 1 : c.participates ? 2 : 3);
				for (let i = 1; i < sorted.length; i++) expect(group(sorted[i]!)).toBeGreaterThanOrEqual(group(sorted[i - 1]!));
			})
		);
	});
});

describe('CPTS cards', () => {
	it('stand for their members where the first of them was, keeping the other cards in place', () => {
		const cpts = { id: 'c1', kind: 'CPTS' as const, name: 'CPTS du Comtat', phone: '0490601020' };
		const m1 = candidate({ structure: cpts });
		const solo = candidate();
		const m2 = candidate({ structure: cpts });
		const msp = candidate({ structure: { id: 'm', kind: 'MSP', name: 'MSP', phone: null } });
		const cards = cardsOf([m1, solo, m2, msp]);
		expect(cards.map((c) => c.type)).toEqual(['cpts', 'practitioner', 'practitioner']);
		expect(cards[0]).toMatchObject({ type: 'cpts', members: [m1, m2] });
	});
});

describe('places and links', () => {
	it('measures great-circle distances (Carpentras–Avignon ≈ 23 km) and gives dense départements a shorter radius', () => {
		expect(distanceKm({ latitude: 44.0556, longitude: 5.0489 }, { latitude: 43.9493, longitude: 4.8055 })).toBeCloseTo(22.6, 0);
		expect([defaultRadiusKm('75'), defaultRadiusKm('13'), defaultRadiusKm('84'), defaultRadiusKm('974')]).toEqual([5, 15, 25, 20]);
		expect(withSasOrigin('https://rdv.exemple/praticien/1?x=1')).toBe('https://rdv.exemple/praticien/1?x=1&origin=sas');
	});
	it('lets each side move an orientation only where it may', () => {
		expect(statusChangeAllowed('pending', 'confirmed', 'practitioner')).toBe(true);
		expect(statusChangeAllowed('pending', 'confirmed', 'regulator')).toBe(false);
		expect(statusChangeAllowed('confirmed', 'cancelled', 'regulator')).toBe(true);
		expect(statusChangeAllowed('honoured', 'cancelled', 'regulator')).toBe(false);
		expect(statusChangeAllowed('honoured', 'not_honoured', 'practitioner')).toBe(true);
		expect(statusChangeAllowed('cancelled', 'confirmed', 'practitioner')).toBe(false);
	});
});
