import { describe, expect, it } from 'vitest';
import { luhnCheckDigit, newId } from '../../../src/lib/domain/ids';
import {
	addressSchema,
	availabilitySchema,
	complementaryInfoSchema,
	finessSchema,
	honourDeclarationRequired,
	participationSchema,
	phoneSchema,
	practitionerSchema,
	structureMatchesMode,
	unavailabilitySchema,
	type ParticipationSettings
} from '../../../src/lib/domain/schemas';
import { timeZoneForPostalCode } from '../../../src/lib/domain/time-zones';
import { availability, participation, unavailability, PRACTITIONER_ID } from '../../factories';
import type { z } from 'zod';

/** Field path → first message, the way a form shows them. */
function fieldErrors(schema: z.ZodType, value: unknown): Record<string, string> {
	const result = schema.safeParse(value);
	if (result.success) return {};
	const errors: Record<string, string> = {};
	for (const issue of result.error.issues) errors[issue.path.join('.')] ??= issue.message;
	return errors;
}

const STRUCTURE = newId();
const ADDRESS = newId();

describe('participation settings ("Vos paramètres", seed 004)', () => {
	const manualIndividual: Partial<ParticipationSettings> = {
		participates: true,
		mode: 'individual',
		usesSoftware: false,
		honourDeclaration: true
	};

	it.each<[string, Partial<ParticipationSettings>, Record<string, string>]>([
		['not participating needs nothing else', {}, {}],
		['individual, manual agenda, honour box ticked', manualIndividual, {}],
		['participating without a mode', { ...manualIndividual, mode: null }, { mode: 'Précisez votre mode de participation' }],
		['via a CPTS without its name', { ...manualIndividual, mode: 'cpts', cptsAddressIds: [ADDRESS] }, { structureId: 'Indiquez le nom de votre CPTS' }],
		['via an MSP without its name', { ...manualIndividual, mode: 'msp' }, { structureId: 'Indiquez le nom de votre MSP' }],
		['via SOS Médecins without the association', { ...manualIndividual, mode: 'sos' }, { structureId: 'Indiquez votre association SOS Médecins' }],
		[
			'via a CPTS without an address attached to it',
			{ ...manualIndividual, mode: 'cpts', structureId: STRUCTURE },
			{ cptsAddressIds: 'Choisissez au moins un lieu d’activité rattaché à votre CPTS' }
		],
		['via a CPTS with its name and an address', { ...manualIndividual, mode: 'cpts', structureId: STRUCTURE, cptsAddressIds: [ADDRESS] }, {}],
		['software question unanswered', { ...manualIndividual, usesSoftware: null }, { usesSoftware: 'Répondez par Oui ou Non' }],
		[
			'interfaced software without naming it',
			{ ...manualIndividual, usesSoftware: true, honourDeclaration: false },
			{ software: 'Indiquez votre/vos logiciel(s) de gestion de rendez-vous' }
		],
		['interfaced software named, no honour box needed', { ...manualIndividual, usesSoftware: true, software: ['Doctolib'], honourDeclaration: false }, {}],
		[
			'manual agenda without the honour declaration',
			{ ...manualIndividual, honourDeclaration: false },
			{ honourDeclaration: 'Sans solution interfacée, déclarez sur l’honneur mettre en visibilité à minima 2 heures de disponibilité par semaine' }
		],
		[
			'editor slots refused without the honour declaration',
			{ ...manualIndividual, usesSoftware: true, software: ['Keldoc'], refusesEditorSlots: true, honourDeclaration: false },
			{ honourDeclaration: 'Si vous refusez l’affichage de vos créneaux, déclarez sur l’honneur mettre en visibilité à minima 2 heures de disponibilité par semaine' }
		],
		['editor slots refused with the honour declaration', { ...manualIndividual, usesSoftware: true, software: ['Keldoc'], refusesEditorSlots: true }, {}],
		['an unknown software', { ...manualIndividual, usesSoftware: true, software: ['Inconnu' as 'Doctolib'] }, { 'software.0': 'Logiciel inconnu' }]
	])('%s', (_, overrides, expected) => {
		expect(fieldErrors(participationSchema, participation(overrides))).toEqual(expected);
	});

	it('requires the honour declaration exactly when the manual agenda is used', () => {
		expect(honourDeclarationRequired({ participates: true, usesSoftware: false, refusesEditorSlots: false })).toBe(true);
		expect(honourDeclarationRequired({ participates: true, usesSoftware: true, refusesEditorSlots: true })).toBe(true);
		expect(honourDeclarationRequired({ participates: true, usesSoftware: true, refusesEditorSlots: false })).toBe(false);
		expect(honourDeclarationRequired({ participates: false, usesSoftware: false, refusesEditorSlots: false })).toBe(false);
	});

	it('matches the structure kind to the mode', () => {
		expect(structureMatchesMode('cpts', 'CPTS')).toBe(true);
		expect(structureMatchesMode('cpts', 'MSP')).toBe(false);
		expect(structureMatchesMode('sos', 'SOS')).toBe(true);
		expect(structureMatchesMode('msp', undefined)).toBe(false);
		expect(structureMatchesMode('individual', undefined)).toBe(true);
	});
});

describe('availability ("Créer des disponibilités")', () => {
	it.each<[string, Parameters<typeof availability>[0], Record<string, string>]>([
		['a plain slot', {}, {}],
		['end before start', { start: '19:30', end: '18:30' }, { end: 'L’heure de fin doit être après l’heure de début' }],
		['end equal to start', { start: '18:30', end: '18:30' }, { end: 'L’heure de fin doit être après l’heure de début' }],
		['a range to midnight', { start: '20:00', end: '00:00' }, {}],
		['no consultation type', { consultationTypes: [] }, { consultationTypes: 'Choisissez au moins un type de consultation' }],
		['several consultation types', { consultationTypes: ['office', 'teleconsultation', 'home_visit'] }, {}],
		['a capacity range without number', { kind: 'capacity' }, { capacity: 'Indiquez le nombre de patients que vous pouvez recevoir' }],
		['a capacity of zero patients', { kind: 'capacity', capacity: 0 }, { capacity: 'Indiquez au moins 1 patient' }],
		['a capacity of 2.5 patients', { kind: 'capacity', capacity: 2.5 }, { capacity: 'Indiquez un nombre entier de patients' }],
		['a capacity of 3 patients', { kind: 'capacity', capacity: 3 }, {}],
		['a number of patients on a slot', { capacity: 3 }, { capacity: 'Le nombre de patients ne s’applique qu’à une plage de plusieurs patients' }],
		['a slot length on walk-in', { kind: 'walk_in', slotMinutes: 15 }, { slotMinutes: 'La durée de créneau ne s’applique qu’aux créneaux' }],
		['a slot length of 25 minutes', { slotMinutes: 25 }, { slotMinutes: 'Durée de créneau : 10, 15, 20 ou 30 minutes' }],
		['a range shorter than its slot', { start: '10:00', end: '10:10', slotMinutes: 15 }, { slotMinutes: 'La plage est plus courte qu’un créneau de 15 minutes' }],
		['a 13:00+ time typed as 1:30 pm', { start: '1:30 pm' }, { start: 'Heure invalide (format attendu : HH:MM)' }],
		['a date that does not exist', { date: '2026-02-30' }, { date: 'Date invalide (format attendu : AAAA-MM-JJ)' }],
		['a weekly series starting on a chosen day', { rrule: 'FREQ=WEEKLY;BYDAY=MO,TH' }, {}],
		['a series whose date is not a chosen day', { rrule: 'FREQ=WEEKLY;BYDAY=TU' }, { rrule: 'La date de la première disponibilité doit tomber un des jours choisis' }],
		['a series ending before it starts', { rrule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20261101T235959' }, { rrule: 'La fin de la récurrence doit être après la date de début' }],
		['a daily rule', { rrule: 'FREQ=DAILY' }, { rrule: 'Seules les récurrences hebdomadaires sont possibles' }],
		['exceptions on a single availability', { exdates: ['2026-11-30'] }, { exdates: 'Seule une récurrence a des exceptions' }],
		['a detached occurrence without its original date', { seriesId: newId() }, { originalDate: 'Une occurrence modifiée indique sa récurrence et sa date d’origine' }],
		['an unsupported zone', { timeZone: 'Asia/Tokyo' as 'Europe/Paris' }, { timeZone: 'Fuseau horaire non pris en charge' }],
		['a whole day, 00:00–23:55', { start: '00:00', end: '23:55' }, { end: 'Une plage dure 12 heures au plus' }],
		['two minutes, 18:07–18:09', { start: '18:07', end: '18:09' }, { end: 'Une plage dure au moins 10 minutes' }],
		['ten minutes, 18:00–18:10', { start: '18:00', end: '18:10' }, {}],
		['twelve hours, 08:00–20:00', { start: '08:00', end: '20:00' }, {}],
		[
			'02:30–03:30 on the night the clocks go forward (no real minute)',
			{ date: '2026-03-29', start: '02:30', end: '03:30' },
			{ start: 'Cette plage tombe dans le changement d’heure de cette nuit-là : elle ne dure aucune minute réelle. Choisissez d’autres heures.' }
		],
		['01:30–03:30 that night (one real hour)', { date: '2026-03-29', start: '01:30', end: '03:30' }, {}],
		['a weekly series that meets that night once', { date: '2026-03-22', start: '02:30', end: '03:30', rrule: 'FREQ=WEEKLY;BYDAY=SU' }, {}],
		['the same range in Réunion, where clocks never change', { date: '2026-03-29', start: '02:30', end: '03:30', timeZone: 'Indian/Reunion' }, {}]
	])('%s', (_, overrides, expected) => {
		expect(fieldErrors(availabilitySchema, availability(overrides))).toEqual(expected);
	});
});

const INSTANT_MESSAGE = 'Date et heure invalides (format attendu : 2026-12-07T18:30:00+01:00)';

describe('unavailability ("Programmer une indisponibilité")', () => {
	it.each<[string, Parameters<typeof unavailability>[0], Record<string, string>]>([
		['a scheduled period', {}, {}],
		['from now on, for an indefinite time', { endsAt: null }, {}],
		['an end before its start', { endsAt: '2026-11-22T00:00:00+01:00' }, { endsAt: 'La fin de l’indisponibilité doit être après son début' }],
		['a start that is not a date', { startsAt: 'demain' }, { startsAt: INSTANT_MESSAGE }],
		['year 0000', { startsAt: '0000-01-01T00:00:00Z' }, { startsAt: 'Date hors des années prises en charge (1900 à 2199)' }],
		['an offset no zone has', { startsAt: '2026-11-23T00:00:00+16:00' }, { startsAt: INSTANT_MESSAGE }],
		['an offset of 99:99', { startsAt: '2026-11-23T00:00:00-99:99' }, { startsAt: INSTANT_MESSAGE }],
		['twelve fraction digits', { startsAt: '2026-11-23T00:00:00.123456789012Z' }, { startsAt: INSTANT_MESSAGE }],
		['no offset', { startsAt: '2026-11-23T00:00:00' }, { startsAt: INSTANT_MESSAGE }],
		['the 30th of February', { startsAt: '2026-02-30T00:00:00Z' }, { startsAt: INSTANT_MESSAGE }],
		['milliseconds and an overseas offset', { startsAt: '2026-11-23T00:00:00.250+04:00', endsAt: '2026-11-23T00:00:00.251+04:00' }, {}]
	])('%s', (_, overrides, expected) => {
		expect(fieldErrors(unavailabilitySchema, unavailability(overrides))).toEqual(expected);
	});
});

const textPractitioner = { id: PRACTITIONER_ID, rpps: '10003456780'.slice(0, 10) + luhnCheckDigit('1000345678'), lastName: 'Martin', firstName: 'Claire', specialties: ['Médecine générale'], phone: null, registeredAt: null, healthCentreId: null };
const practitionerSchemaForText = practitionerSchema;

describe('practitioner, address, structure, information', () => {
	const rpps = '1000345678' + luhnCheckDigit('1000345678');
	const practitioner = {
		id: PRACTITIONER_ID,
		rpps,
		lastName: 'Martin',
		firstName: 'Claire',
		specialties: ['Médecine générale'],
		phone: '04 90 12 34 56',
		registeredAt: '2024-05-15',
		healthCentreId: null
	};

	it('accepts a doctor and stores the phone as ten digits', () => {
		expect(practitionerSchema.parse(practitioner).phone).toBe('0490123456');
	});

	it.each([
		[{ rpps: '1000345678' }, { rpps: "L’identifiant RPPS comporte 11 chiffres" }],
		[{ rpps: rpps.slice(0, 10) + ((Number(rpps[10]) + 1) % 10) }, { rpps: "Cet identifiant RPPS n’est pas valide : vérifiez le dernier chiffre (clé de contrôle)" }],
		[{ lastName: '  ' }, { lastName: 'Champ obligatoire' }],
		[{ specialties: [] }, { specialties: 'Choisissez au moins une spécialité' }],
		[{ phone: '12345' }, { phone: 'Numéro de téléphone invalide (ex. : 04 90 12 34 56)' }]
	])('refuses %j', (overrides, expected) => {
		expect(fieldErrors(practitionerSchema, { ...practitioner, ...overrides })).toEqual(expected);
	});

	it.each([
		['04 90 12 34 56', '0490123456'],
		['04.90.12.34.56', '0490123456'],
		['+33 4 90 12 34 56', '0490123456'],
		['+262 262 12 34 56', '0262123456'],
		['06-80-49-51-08', '0680495108']
	])('normalises the phone %s', (typed, stored) => {
		expect(phoneSchema.parse(typed)).toBe(stored);
	});

	it('validates an address and knows the zone of overseas postal codes', () => {
		const address = {
			id: newId(),
			practitionerId: PRACTITIONER_ID,
			street: '12 rue de la République',
			postalCode: '97400',
			city: 'Saint-Denis',
			inseeCode: '97411',
			phone: null,
			timeZone: timeZoneForPostalCode('97400')
		};
		expect(addressSchema.parse(address).timeZone).toBe('Indian/Reunion');
		expect(fieldErrors(addressSchema, { ...address, postalCode: '974' })).toEqual({ postalCode: 'Code postal invalide (5 chiffres)' });
		// New Caledonia, French Polynesia, Monaco: no zone of ours, so no address — never a wrong zone.
		for (const postalCode of ['98800', '98714', '98000', '00100', '96100']) {
			expect(timeZoneForPostalCode(postalCode)).toBeNull();
			expect(fieldErrors(addressSchema, { ...address, postalCode })).toEqual({ postalCode: 'Ce code postal n’est pas celui d’un territoire couvert par le SAS (métropole, Corse et départements d’outre-mer)' });
		}
		expect(
			['97110', '97200', '97300', '97400', '97500', '97600', '84200', '20000'].map(timeZoneForPostalCode)
		).toEqual([
			'America/Guadeloupe',
			'America/Martinique',
			'America/Cayenne',
			'Indian/Reunion',
			'America/Miquelon',
			'Indian/Mayotte',
			'Europe/Paris',
			'Europe/Paris'
		]);
	});

	it('checks the FINESS key of a structure', () => {
		expect(finessSchema.parse('750712184')).toBe('750712184');
		expect(fieldErrors(finessSchema, '750712185')).toEqual({ '': "Ce numéro FINESS n’est pas valide : vérifiez la clé de contrôle" });
	});

	it('limits the complementary information to 1000 characters', () => {
		const info = { id: newId(), practitionerId: PRACTITIONER_ID, text: 'uniquement sur rdv auprès de ma secrétaire' };
		expect(complementaryInfoSchema.parse(info).text).toBe(info.text);
		expect(fieldErrors(complementaryInfoSchema, { ...info, text: 'x'.repeat(1001) })).toEqual({ text: '1000 caractères au plus' });
	});
});

describe('text shown to others and values the database would refuse', () => {
	const info = (text: string) => ({ id: newId(), practitionerId: PRACTITIONER_ID, text });

	it.each([
		['a NUL character', 'Dupont\u0000', 'Nom invalide : tenez-vous en à une ligne, sans caractère de contrôle'],
		['a lone surrogate', 'Dupont\ud800', 'Nom invalide : caractère illisible'],
		['a line break in a name', 'Du\npont', 'Nom invalide : tenez-vous en à une ligne, sans caractère de contrôle'],
		['only invisible characters', '\u200b\u202e', 'Champ obligatoire']
	])('refuses a name with %s', (_, lastName, message) => {
		expect(fieldErrors(practitionerSchemaForText, { ...textPractitioner, lastName })).toEqual({ lastName: message });
	});

	it('removes bidirectional controls and zero-width characters from names, addresses and free text', () => {
		// « Dupont » written with a right-to-left override would read « tnopuD » to the next person.
		expect(practitionerSchemaForText.parse({ ...textPractitioner, lastName: '\u202eDupont\u202c', firstName: 'Cl\u200baire\u2066' })).toMatchObject({ lastName: 'Dupont', firstName: 'Claire' });
		expect(complementaryInfoSchema.parse(info('Sur rdv\u2067 uniquement\nau 04 90 12 34 56\ufeff')).text).toBe('Sur rdv uniquement\nau 04 90 12 34 56');
		const address = { id: newId(), practitionerId: PRACTITIONER_ID, street: '1 rue\u202d Haute', postalCode: '84200', city: 'Carpentras\u200f', inseeCode: null, phone: null, timeZone: 'Europe/Paris' };
		expect(addressSchema.parse(address)).toMatchObject({ street: '1 rue Haute', city: 'Carpentras' });
	});

	it('keeps line breaks in free text but refuses NUL and broken characters there too', () => {
		expect(fieldErrors(complementaryInfoSchema, info('a\u0000b'))).toEqual({ text: 'Texte invalide : caractère de contrôle non autorisé' });
		expect(fieldErrors(complementaryInfoSchema, info('a\udc00b'))).toEqual({ text: 'Texte invalide : caractère illisible' });
	});

	it.each(['0000-01-01', '1899-12-31', '2200-01-01', '9999-12-31'])('refuses the date %s, outside the years the agenda takes', (date) => {
		expect(fieldErrors(availabilitySchema, availability({ date }))).toEqual({ date: 'Date hors des années prises en charge (1900 à 2199)' });
	});

	it('refuses a recurrence rule that is not KEY=VALUE pairs', () => {
		expect(fieldErrors(availabilitySchema, availability({ rrule: 'FREQ=WEEKLY;BYDAY=MO\u0000' }))).toEqual({ rrule: 'Règle de récurrence illisible (ex. : FREQ=WEEKLY;BYDAY=MO,TH)' });
	});
});
