import { describe, expect, it } from 'vitest';
import { directoryErrors, nameKey, sameName } from '../../../src/lib/domain/directory';

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
