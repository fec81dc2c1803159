/**
 * An appointment an editor sends back to the SAS (flux INT_R03, profile FrAppointmentSAS;
 * ../shared/reference/fhir-sas.md §1.5–1.6), checked field by field with a French message and the
 * FHIRPath of what is wrong, as an OperationOutcome reports it. Pure.
 */
import { IDNPS_SYSTEM, parseFhirInstant, rppsOfIdnps } from './editor-slots';

export const APPOINTMENT_PROFILE = 'http://sas.fr/fhir/StructureDefinition/FrAppointmentSAS';
export const OPERATOR_EXTENSION = 'http://interopsante.org/fhir/StructureDefinition/FrAppointmentOperator';
/** The SAS platform's OID: technical identifiers of regulators without a national one. */
export const SAS_OID = 'urn:oid:1.2.250.1.213.3.6';
export const APPOINTMENT_STATUSES = ['booked', 'fulfilled', 'noshow', 'cancelled', 'pending'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
const IDENTIFIER_TYPE_SYSTEMS = ['http://interopsante.org/fhir/CodeSystem/fr-v2-0203', 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203'];

export interface AppointmentIssue {
	/** FHIRPath of the element, e.g. Appointment.participant[0].actor.identifier.value */
	expression: string;
	message: string;
	/** 'structure': the resource is not a FrAppointmentSAS (400); 'business': it is, but cannot be accepted (422). */
	kind: 'structure' | 'business';
}

export interface SasAppointment {
	identifier: { system: string; value: string };
	status: AppointmentStatus;
	start: number;
	end: number;
	created: number | null;
	rpps: string;
	regulator: { system: string; value: string; type: 'IDNPS' | 'INTRN' };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const filled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

function identifierType(identifier: Json): string | null {
	const type = isObject(identifier.type) ? identifier.type : null;
	const coding = list(type?.coding).find((c) => IDENTIFIER_TYPE_SYSTEMS.includes(String(c.system)));
	return typeof coding?.code === 'string' ? coding.code : null;
}

/** A text the database cannot keep: a NUL character or half of a UTF-16 pair (JSON lets both through). */
function unstorable(value: unknown): boolean {
	if (typeof value === 'string') return value.includes('\0') || !value.isWellFormed();
	if (Array.isArray(value)) return value.some(unstorable);
	if (isObject(value)) return Object.entries(value).some(([key, v]) => unstorable(key) || unstorable(v));
	return false;
}

/** The appointment, or every reason it cannot be taken. */
export function readAppointment(body: unknown): { appointment: SasAppointment; issues: [] } | { appointment: null; issues: AppointmentIssue[] } {
	const issues: AppointmentIssue[] = [];
	const fail = (expression: string, message: string, kind: AppointmentIssue['kind'] = 'structure') => issues.push({ expression, message, kind });
	if (!isObject(body) || body.resourceType !== 'Appointment') {
		fail('Appointment', 'Le corps de la requête doit être une ressource Appointment (FrAppointmentSAS) en JSON.');
		return { appointment: null, issues };
	}
	if (unstorable(body)) {
		fail('Appointment', 'La ressource contient un caractère illisible (caractère nul ou UTF-16 incomplet).');
		return { appointment: null, issues };
	}

	const identifiers = list(body.identifier);
	const identifier = identifiers[0];
	if (identifiers.length !== 1 || !filled(identifier?.system) || !filled(identifier?.value)) {
		fail('Appointment.identifier', 'Un identifiant unique du rendez-vous chez l’éditeur est attendu (identifier : system et value).');
	}

	const status = body.status;
	if (!APPOINTMENT_STATUSES.includes(status as AppointmentStatus)) {
		fail('Appointment.status', `Statut inconnu : « ${String(status ?? '')} ». Valeurs possibles : booked, fulfilled, noshow, cancelled.`);
	}

	const start = filled(body.start) ? parseFhirInstant(body.start) : null;
	const end = filled(body.end) ? parseFhirInstant(body.end) : null;
	if (start === null) fail('Appointment.start', 'La date de début du rendez-vous est absente ou illisible (ex. : 2026-12-01T14:00:00+01:00).');
	if (end === null) fail('Appointment.end', 'La date de fin du rendez-vous est absente ou illisible (ex. : 2026-12-01T14:15:00+01:00).');
	if (start !== null && end !== null && end <= start) fail('Appointment.end', 'La fin du rendez-vous doit suivre son début.', 'business');
	const created = filled(body.created) ? parseFhirInstant(body.created) : null;
	if (filled(body.created) && created === null) fail('Appointment.created', 'La date de création du rendez-vous est illisible.');

	const operators = list(body.extension).filter((e) => e.url === OPERATOR_EXTENSION);
	const operator = isObject(operators[0]?.valueReference) && isObject(operators[0].valueReference.identifier) ? operators[0].valueReference.identifier : null;
	const operatorType = operator ? identifierType(operator) : null;
	let regulator: SasAppointment['regulator'] | null = null;
	if (operators.length !== 1 || !operator || !filled(operator.value) || !filled(operator.system)) {
		fail('Appointment.extension(FrAppointmentOperator)', 'Le régulateur qui a pris le rendez-vous est attendu (extension FrAppointmentOperator : identifiant, système et type).');
	} else if (operatorType === 'IDNPS' && operator.system === IDNPS_SYSTEM) {
		regulator = { system: IDNPS_SYSTEM, value: operator.value.trim(), type: 'IDNPS' };
	} else if (operatorType === 'INTRN' && operator.system === SAS_OID) {
		regulator = { system: SAS_OID, value: operator.value.trim(), type: 'INTRN' };
	} else {
		fail(
			'Appointment.extension(FrAppointmentOperator).valueReference.identifier',
			`Identifiant du régulateur : type IDNPS avec le système ${IDNPS_SYSTEM}, ou type INTRN avec le système ${SAS_OID}.`
		);
	}

	const participants = list(body.participant);
	let rpps: string | null = null;
	if (participants.length === 0) fail('Appointment.participant', 'Le professionnel de santé du rendez-vous est attendu (participant).');
	participants.forEach((participant, i) => {
		const path = `Appointment.participant[${i}]`;
		if (participant.status !== undefined && participant.status !== 'accepted' && participant.status !== 'needs-action') {
			fail(`${path}.status`, 'Statut du participant : accepted ou needs-action.');
		}
		const actor = isObject(participant.actor) && isObject(participant.actor.identifier) ? participant.actor.identifier : null;
		if (!actor || identifierType(actor) !== 'IDNPS' || actor.system !== IDNPS_SYSTEM || !filled(actor.value)) {
			fail(`${path}.actor.identifier`, `Le professionnel est désigné par son identifiant national (type IDNPS, système ${IDNPS_SYSTEM}).`);
			return;
		}
		const found = rppsOfIdnps(actor.value);
		if (!found) fail(`${path}.actor.identifier.value`, `« ${actor.value} » n’est pas un RPPS préfixé (8 suivi des 11 chiffres du RPPS).`, 'business');
		else rpps ??= found;
	});

	if (issues.length > 0 || rpps === null || regulator === null || start === null || end === null) return { appointment: null, issues };
	return {
		appointment: {
			identifier: { system: String(identifier?.system).trim(), value: String(identifier?.value).trim() },
			status: status as AppointmentStatus,
			start,
			end,
			created,
			rpps,
			regulator
		},
		issues: []
	};
}
