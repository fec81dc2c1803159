import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../../src/lib/domain/ids';
import { pscIdentityFromClaims } from '../../../src/lib/server/auth/psc-identity';
import { pscClaims } from '../../../src/lib/server/psc-sandbox/claims';

const RPPS = `1000345678${luhnCheckDigit('1000345678')}`;

describe('reading Pro Santé Connect userinfo', () => {
	it('takes the IDNPS, the RPPS, the names and the specialty from the sandbox’s PSC-shaped claims', () => {
		expect(pscIdentityFromClaims(pscClaims({ rpps: RPPS, firstName: 'Claire', lastName: 'Martin' }))).toEqual({
			idnps: `8${RPPS}`,
			rpps: RPPS,
			firstName: 'Claire',
			lastName: 'Martin',
			specialties: ['Médecine générale']
		});
	});

	it('falls back on otherIds when SubjectNameID is not an IDNPS', () => {
		const claims = { preferred_username: 'ANS-1234', otherIds: [{ identifiant: RPPS, origine: 'RPPS' }], given_name: 'A', family_name: 'B' };
		expect(pscIdentityFromClaims(claims)).toMatchObject({ rpps: RPPS, idnps: 'ANS-1234' });
	});

	it.each([
		[{ given_name: 'A', family_name: 'B' }, 'Pro Santé Connect n’a pas transmis d’identifiant RPPS valide.'],
		[{ SubjectNameID: `8${RPPS.slice(0, 10)}${(Number(RPPS.at(-1)) + 1) % 10}`, given_name: 'A', family_name: 'B' }, 'Pro Santé Connect n’a pas transmis d’identifiant RPPS valide.'],
		[{ SubjectNameID: `8${RPPS}`, given_name: 'A' }, 'Pro Santé Connect n’a pas transmis vos nom et prénom.']
	])('refuses %j', (claims, message) => {
		expect(() => pscIdentityFromClaims(claims)).toThrow(message);
	});
});
