import { describe, expect, it } from 'vitest';
import { departmentOfPostalCode, directoryErrors, nameKey, sameName, searchKey } from '../../../src/lib/domain/directory';

describe('names as the directory compares them', () => {
	it.each([
		['Le Gall', 'LE GALL', true],
		['Éloïse', 'ELOISE', true],
		["N'Diaye", 'NDIAYE', true],
		['Jean-Marc', 'JEAN MARC', true],
		['Martin', 'MARTINEZ', false],
		['Paul', 'Pauline', false]
	])('« %s » and « %s »: %s', (typed, listed, same) => {
		expect(sameName(typed, listed)).toBe(same);
	});

	it('keeps only letters, without accents or case', () => {
		expect(nameKey(' d’Aubigné-Çà ')).toBe('DAUBIGNECA');
	});
});

describe('a doctor added by hand, against the directory', () => {
	const listed = { loaded: true, practitioner: { lastName: 'NGUYEN', firstName: 'Paul', specialty: null } };

	it.each([
		['nothing to check while the directory is not loaded', { loaded: false, practitioner: null }, 'Martin', 'Jeanne', {}],
		['the names the directory lists', listed, 'Nguyen', 'paul', {}],
		['an RPPS it does not list', { loaded: true, practitioner: null }, 'Nguyen', 'Paul', { rpps: ['Ce numéro RPPS n’est pas dans l’annuaire national des professionnels de santé : vérifiez-le.'] }],
		['another last name', listed, 'Nguyen-Tran', 'Paul', { lastName: ['L’annuaire national connaît ce numéro RPPS sous le nom NGUYEN Paul : vérifiez le nom ou le numéro.'] }],
		['another first name', listed, 'Nguyen', 'Paula', { firstName: ['L’annuaire national connaît ce numéro RPPS sous le nom NGUYEN Paul : vérifiez le prénom ou le numéro.'] }]
	])('%s', (_, answer, lastName, firstName, errors) => {
		expect(directoryErrors(answer, { lastName, firstName })).toEqual(errors);
	});
});

describe('search and départements', () => {
	it.each([
		['84200', '84'],
		['05000', '05'],
		['97400', '974'],
		['97600', '976'],
		['98600', '986'],
		['20000', '2A'],
		['20200', '2B'],
		['8420', null]
	])('postal code %s is in département %s', (postalCode, department) => {
		expect(departmentOfPostalCode(postalCode)).toBe(department);
	});

	it('finds « Bédoin » typing « bedoin », and « Pays d’Azur » typing « pays d azur »', () => {
		expect(searchKey('MSP de Bédoin')).toContain(searchKey('bedoin'));
		expect(searchKey("CPTS du Pays d’Azur")).toContain(searchKey('pays d azur'));
	});
});
