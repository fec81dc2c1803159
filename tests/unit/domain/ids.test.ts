import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	detachedOccurrenceId,
	idnpsFromRpps,
	isUuid,
	isValidFiness,
	isValidRpps,
	isValidSiret,
	luhnCheckDigit,
	luhnIsValid,
	newId,
	rppsFromIdnps
} from '../../../src/lib/domain/ids';

describe('RPPS', () => {
	it.each([
		['10003456780', false],
		['10101010101', false],
		['1000345678', false],
		['100034567801', false],
		['1000345678a', false],
		['', false]
	])('%s is valid: %s', (value, valid) => {
		expect(isValidRpps(value)).toBe(valid);
	});

	it('accepts any 10 digits followed by their Luhn check digit, and nothing else ending them', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^\d{10}$/), fc.integer({ min: 0, max: 9 }), (body, other) => {
				const check = luhnCheckDigit(body);
				expect(isValidRpps(body + check)).toBe(true);
				if (String(other) !== check) expect(isValidRpps(body + String(other))).toBe(false);
			})
		);
	});

	it('detects every single-digit typing error', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^\d{10}$/), fc.nat(10), fc.integer({ min: 1, max: 9 }), (body, at, delta) => {
				const rpps = body + luhnCheckDigit(body);
				const typo = rpps.slice(0, at) + String((Number(rpps[at]) + delta) % 10) + rpps.slice(at + 1);
				expect(isValidRpps(typo)).toBe(false);
			})
		);
	});

	it('maps to the IDNPS Pro Santé Connect asserts ("8" + RPPS) and back', () => {
		const rpps = '1000345678' + luhnCheckDigit('1000345678');
		expect(idnpsFromRpps(rpps)).toBe(`8${rpps}`);
		expect(rppsFromIdnps(`8${rpps}`)).toBe(rpps);
		expect(rppsFromIdnps(`0${rpps}`)).toBeNull();
		expect(rppsFromIdnps('812345')).toBeNull();
	});
});

describe('FINESS', () => {
	it.each([
		['750712184', true], // AP-HP, Paris
		['060785011', true], // CHU de Nice
		['750712185', false],
		['75071218', false],
		['7507121840', false],
		['2C0000013', false],
		['ABCDEFGHI', false]
	])('%s is valid: %s', (value, valid) => {
		expect(isValidFiness(value)).toBe(valid);
	});

	// Real numbers of the national FINESS file: their key holds with A → 1 and B → 2.
	it.each(['2A0000170', '2A0000386', '2A0002606', '2B0000020', '2B0005342', '2B0004246'])('accepts the Corsican FINESS %s', (value) => {
		expect(isValidFiness(value)).toBe(true);
		expect(isValidFiness(value.slice(0, 8) + ((Number(value[8]) + 1) % 10))).toBe(false);
	});
});

describe('SIRET', () => {
	it.each([
		['73282932000074', true], // a SIRET as INSEE's documentation gives it (Luhn)
		['12345678900023', true],
		['12345678901234', false], // the check digit is wrong: once accepted
		['1234567890002', false],
		['123456789000233', false],
		['1234567890002A', false],
		// La Poste (SIREN 356000000): its head office passes Luhn; its establishments have digits adding up to a multiple of 5.
		['35600000000048', true],
		['35600000049837', true],
		['35600000049845', false]
	])('%s is valid: %s', (value, valid) => {
		expect(isValidSiret(value)).toBe(valid);
	});

	it('refuses any single digit changed, outside La Poste', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[1-9]\d{12}$/).filter((b) => !b.startsWith('356000000')), fc.nat(13), fc.integer({ min: 1, max: 9 }), (body, at, shift) => {
				const siret = body + luhnCheckDigit(body);
				expect(isValidSiret(siret)).toBe(true);
				const changed = siret.slice(0, at) + ((Number(siret[at]) + shift) % 10) + siret.slice(at + 1);
				expect(isValidSiret(changed)).toBe(false);
			})
		);
	});
});

describe('ids', () => {
	it('generates distinct, time-ordered UUIDs', () => {
		const ids = Array.from({ length: 200 }, () => newId());
		expect(new Set(ids).size).toBe(200);
		expect(ids.every(isUuid)).toBe(true);
		expect([...ids].sort()).toEqual(ids);
	});

	it('gives a detached occurrence the same id on every device, and a different one per date', () => {
		const series = newId();
		expect(detachedOccurrenceId(series, '2026-11-23')).toBe(detachedOccurrenceId(series, '2026-11-23'));
		expect(detachedOccurrenceId(series, '2026-11-23')).not.toBe(detachedOccurrenceId(series, '2026-11-30'));
		expect(isUuid(detachedOccurrenceId(series, '2026-11-23'))).toBe(true);
	});
});
