import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFhirInstant, readEditorAnswer, rppsOfIdnps, type EditorOffer } from '../../../src/lib/domain/fhir/editor-slots';

/** The IG's own example bundles (package ans.fhir.fr.sas 1.2.0, example/). */
const example = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/fhir/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const offersOf = (body: unknown): EditorOffer[] => {
	const answer = readEditorAnswer(body);
	if (answer.kind !== 'offers') throw new Error(`expected offers, got ${answer.kind}`);
	return answer.offers;
};

describe('an editor’s answer to the Slot search', () => {
	it('reads the IG’s PS example: practitioner, contained place, slot and consultation types, motives, booking link', () => {
		const offers = offersOf(example('Bundle-ExampleBundlePSIndiv'));
		expect(offers).toHaveLength(4);
		expect(offers[0]).toEqual({
			rpps: '10100050075',
			slotId: 'ExampleSlotPSIndiv1',
			start: Date.parse('2021-11-05T09:00:00Z'),
			end: Date.parse('2021-11-05T09:30:00Z'),
			place: { line: '1 rue Mme DELMAS', postalCode: '47000', city: 'AGEN' },
			slotTypes: ['PUBLIC'],
			consultationTypes: ['AMB', 'VR'],
			appointmentTypes: ['ROUTINE'],
			motives: ['Visite de contrôle'],
			cpts: [],
			bookingUrl: 'https://exemple.com/rdv/com/'
		});
		expect(offers[1]).toMatchObject({ place: { line: '30 rue Mme DELMAS' }, appointmentTypes: ['WALKIN'], motives: ['Visite urgente'] });
		expect(new Set(offers.map((o) => o.rpps))).toEqual(new Set(['10100050075', '10002673899']));
	});

	it('reads the CPTS a slot is offered through: 604, HealthcareService, Organization and its FINESS', () => {
		const [offer] = offersOf(example('Bundle-ExampleBundleCPTS1'));
		expect(offer!.cpts).toEqual([{ finess: '950047225', name: 'CPTS AXE MAJEUR' }]);
		expect(offer!.rpps).toBe('10002909371');
		const two = offersOf(example('Bundle-ExampleBundleCPTS2'));
		expect(two.some((o) => o.cpts.length >= 1)).toBe(true);
	});

	it('finds the practitioner whether the editor prefixed the RPPS or not', () => {
		const bundle = example('Bundle-ExampleBundlePSIndiv');
		const prefixed = offersOf(bundle).filter((o) => o.rpps === '10100050075');
		expect(prefixed).toHaveLength(2);
		const text = JSON.stringify(bundle).replaceAll('"810100050075"', '"10100050075"');
		expect(offersOf(JSON.parse(text)).filter((o) => o.rpps === '10100050075')).toEqual(prefixed);
		expect(rppsOfIdnps(' 810100050075 ')).toBe('10100050075');
		expect(rppsOfIdnps('010100050075')).toBeNull();
	});

	it('drops and counts what it cannot use, and keeps the rest', () => {
		const bundle = example('Bundle-ExampleBundlePSIndiv') as { entry: { resource: Record<string, unknown> }[] };
		const slots = bundle.entry.filter((e) => e.resource.resourceType === 'Slot');
		delete slots[0]!.resource.schedule;
		slots[1]!.resource.start = 'demain matin';
		slots[2]!.resource.end = slots[2]!.resource.start;
		const answer = readEditorAnswer(bundle);
		expect(answer).toMatchObject({ kind: 'offers', dropped: 3 });
		expect((answer as { offers: EditorOffer[] }).offers).toHaveLength(1);
	});

	it('says « no slot » for an empty searchset and « unavailable » for an OperationOutcome or anything else', () => {
		expect(readEditorAnswer({ resourceType: 'Bundle', type: 'searchset', total: 0, link: [{ relation: 'self', url: 'x' }] })).toEqual({ kind: 'no-slot' });
		expect(readEditorAnswer({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'timeout', diagnostics: 'Délai dépassé' }] })).toEqual({ kind: 'unavailable', reason: 'Délai dépassé' });
		expect(readEditorAnswer('<html>')).toMatchObject({ kind: 'unavailable' });
		expect(readEditorAnswer({ resourceType: 'Patient' })).toMatchObject({ kind: 'unavailable' });
	});

	it('never throws, whatever the JSON, and accounts for every Slot entry', () => {
		fc.assert(
			fc.property(fc.jsonValue(), fc.array(fc.jsonValue(), { maxLength: 5 }), (noise, slots) => {
				expect(() => readEditorAnswer(noise)).not.toThrow();
				const bundle = { resourceType: 'Bundle', entry: slots.map((s) => ({ resource: { ...(typeof s === 'object' && s !== null && !Array.isArray(s) ? s : {}), resourceType: 'Slot' } })) };
				const answer = readEditorAnswer(bundle);
				if (slots.length === 0) expect(answer).toEqual({ kind: 'no-slot' });
				else expect(answer.kind === 'offers' && answer.offers.length + answer.dropped).toBe(slots.length);
			})
		);
	});
});

describe('dates of the guide and of the test kit', () => {
	it.each([
		['2021-11-05T09:00:00.000+00:00', '2021-11-05T09:00:00Z'],
		['2024-06-12T16:20:00.000+02:00', '2024-06-12T14:20:00Z'],
		['2024-06-12T16:20:00+02:00', '2024-06-12T14:20:00Z'],
		['2024-06-12T16:20:00Z', '2024-06-12T16:20:00Z'],
		// Without an offset: Paris time (summer, then winter).
		['2024-06-12T16:20:00.000', '2024-06-12T14:20:00Z'],
		['2021-11-05T09:00:00', '2021-11-05T08:00:00Z'],
		['2021-11-05T09:00', '2021-11-05T08:00:00Z']
	])('%s is %s', (value, instant) => {
		expect(parseFhirInstant(value)).toBe(Date.parse(instant));
	});

	it.each(['2021-13-05T09:00:00Z', '2021-02-30T09:00:00Z', '05/11/2021 09:00', '2021-11-05', ''])('« %s » is not a slot time', (value) => {
		expect(parseFhirInstant(value)).toBeNull();
	});
});
