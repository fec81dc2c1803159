import { v7 as uuidv7, v5 as uuidv5, validate as validateUuid } from 'uuid';

/** Luhn sum over a string of digits; valid when the sum is a multiple of 10. */
function luhnSum(digits: string): number {
	let sum = 0;
	for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
		let d = digits.charCodeAt(i) - 48;
		if (double) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
	}
	return sum;
}

export function luhnIsValid(digits: string): boolean {
	return /^\d+$/.test(digits) && luhnSum(digits) % 10 === 0;
}

/** The digit to append to `body` so that the whole passes the Luhn check. */
export function luhnCheckDigit(body: string): string {
	return String((10 - (luhnSum(body + '0') % 10)) % 10);
}

/** RPPS: 11 digits, the last one a Luhn check digit. */
export function isValidRpps(value: string): boolean {
	return /^\d{11}$/.test(value) && luhnIsValid(value);
}

/** The national identifier Pro Santé Connect asserts: "8" + RPPS. */
export function idnpsFromRpps(rpps: string): string {
	return `8${rpps}`;
}

export function rppsFromIdnps(idnps: string): string | null {
	const rpps = idnps.startsWith('8') ? idnps.slice(1) : '';
	return isValidRpps(rpps) ? rpps : null;
}

/**
 * FINESS: 9 characters, the department first (2A / 2B in Corsica), a Luhn key last.
 * For the key, Corsica's letters count as digits: A as 1, B as 2 (2A → 21, 2B → 22), which real
 * numbers of the national file confirm (2A0000170, 2B0000020…).
 */
export function isValidFiness(value: string): boolean {
	if (!/^(\d{2}|2[AB])\d{7}$/.test(value)) return false;
	return luhnIsValid(value.replace(/^2A/, '21').replace(/^2B/, '22'));
}

/** La Poste's SIREN: its establishments' SIRETs follow a rule of their own (INSEE). */
const LA_POSTE_SIREN = '356000000';

/**
 * SIRET: 14 digits passing the Luhn check — except La Poste's establishments (SIREN 356000000),
 * whose digits add up to a multiple of 5 instead (its head office, 35600000000048, passes Luhn).
 */
export function isValidSiret(value: string): boolean {
	if (!/^\d{14}$/.test(value)) return false;
	if (value.startsWith(LA_POSTE_SIREN)) return luhnIsValid(value) || [...value].reduce((sum, d) => sum + Number(d), 0) % 5 === 0;
	return luhnIsValid(value);
}

/** Time-ordered UUID (v7): ids are generated on the client, offline included. */
export function newId(): string {
	return uuidv7();
}

export function isUuid(value: string): boolean {
	return validateUuid(value);
}

const OCCURRENCE_NAMESPACE = '6f1c3c1e-51a4-4c47-9c52-2f4d2a7e8b10';

/**
 * The id of the detached occurrence of `seriesId` on `originalDate`. Deterministic on purpose:
 * two writers who detach the same occurrence offline write the same row, and the second one
 * meets the version check (a conflict) instead of silently creating a duplicate.
 */
export function detachedOccurrenceId(seriesId: string, originalDate: string): string {
	return uuidv5(`${seriesId}/${originalDate}`, OCCURRENCE_NAMESPACE);
}

const SINGLETON_NAMESPACE = 'c2b6e5a4-8f0d-4a7e-b1d2-6c3f9a0e4b21';

/**
 * The id of a practitioner's one-of-a-kind row (participation settings, complementary
 * information): every device derives the same, so two first writes meet as a conflict.
 */
export function singletonId(kind: 'participationSettings' | 'complementaryInfo', practitionerId: string): string {
	return uuidv5(`${kind}/${practitionerId}`, SINGLETON_NAMESPACE);
}
