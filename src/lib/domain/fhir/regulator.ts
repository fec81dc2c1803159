/**
 * Regulator accounts as the SAS sends them to editors (flux INT_R02, profile FrPractitionerRegul;
 * ../shared/reference/fhir-sas.md §1.5, §1.7): the resource we build, and the checks an editor
 * runs on what it receives (the test kit's flux V1 cases). Pure.
 */
import { IDNPS_SYSTEM } from './editor-slots';
import { SAS_OID } from './appointment';

export const REGULATOR_PROFILE = 'https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/FrPractitionerRegul';
const IDENTIFIER_TYPE_SYSTEM = 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203';
const SYSTEM_OF_TYPE = { IDNPS: IDNPS_SYSTEM, INTRN: SAS_OID } as const;

export interface RegulatorAccount {
	id: string;
	/** National identifier (IDNPS) when the regulator has one; otherwise the SAS's UUID (INTRN). */
	nationalId: string | null;
	firstName: string;
	lastName: string;
	email: string;
	active: boolean;
}

export interface RegulatorIdentifier {
	type: 'IDNPS' | 'INTRN';
	system: string;
	value: string;
}

/** The identifier editors key the account on. */
export function regulatorIdentifier(account: Pick<RegulatorAccount, 'id' | 'nationalId'>): RegulatorIdentifier {
	return account.nationalId ? { type: 'IDNPS', system: IDNPS_SYSTEM, value: account.nationalId } : { type: 'INTRN', system: SAS_OID, value: account.id };
}

/** The FrPractitionerRegul the SAS sends for this account. */
export function regulatorPractitioner(account: RegulatorAccount): Record<string, unknown> {
	const identifier = regulatorIdentifier(account);
	return {
		resourceType: 'Practitioner',
		meta: { source: SAS_OID, profile: [REGULATOR_PROFILE] },
		identifier: [{ type: { coding: [{ system: IDENTIFIER_TYPE_SYSTEM, code: identifier.type }] }, system: identifier.system, value: identifier.value }],
		active: account.active,
		name: [{ family: account.lastName, given: [account.firstName] }],
		telecom: [{ system: 'email', value: account.email }]
	};
}

export interface ReadRegulator {
	identifiers: RegulatorIdentifier[];
	active: boolean;
	family: string;
	given: string;
	email: string;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const filled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** What an editor accepts as a regulator account (FrPractitionerRegul), or why not, in French. */
export function readRegulatorPractitioner(body: unknown): { regulator: ReadRegulator } | { error: string } {
	if (!isObject(body) || body.resourceType !== 'Practitioner') return { error: 'Une ressource Practitioner (FrPractitionerRegul) est attendue.' };
	const identifiers: RegulatorIdentifier[] = [];
	for (const identifier of list(body.identifier)) {
		const found = list(isObject(identifier.type) ? identifier.type.coding : undefined).find((c) => c.system === IDENTIFIER_TYPE_SYSTEM)?.code;
		const code = typeof found === 'string' ? found : null;
		if (code !== 'IDNPS' && code !== 'INTRN') return { error: 'Type d’identifiant : IDNPS ou INTRN.' };
		if (identifier.system !== SYSTEM_OF_TYPE[code]) return { error: `Un identifiant ${code} a le système ${SYSTEM_OF_TYPE[code]}.` };
		if (!filled(identifier.value)) return { error: 'Identifiant sans valeur.' };
		identifiers.push({ type: code, system: SYSTEM_OF_TYPE[code], value: identifier.value.trim() });
	}
	if (identifiers.length === 0) return { error: 'Identifiant du régulateur manquant.' };
	if (typeof body.active !== 'boolean') return { error: 'Habilitation (active) manquante.' };
	const name = list(body.name)[0];
	const given = Array.isArray(name?.given) ? name.given.find(filled) : undefined;
	if (!name || !filled(name.family) || !given) return { error: 'Nom et prénom du régulateur attendus.' };
	const telecom = list(body.telecom);
	const email = telecom.find((t) => t.system === 'email');
	if (telecom.length === 0 || !email || !filled(email.value) || telecom.some((t) => t.system !== 'email')) return { error: 'Adresse électronique du régulateur attendue (telecom.system = email).' };
	return { regulator: { identifiers, active: body.active, family: name.family.trim(), given: given.trim(), email: email.value.trim() } };
}
