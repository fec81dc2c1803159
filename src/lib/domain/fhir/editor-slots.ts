/**
 * Reading an editor's answer to the SAS Slot search (IG « Service d'Accès aux Soins », flux INT_R01
 * PS individuel and INT_R04 CPTS; ../shared/reference/fhir-sas.md §1.3–1.5) into the offer the SAS
 * shows: who, where, when, which kind of slot, how to book. Pure: no network, no clock.
 *
 * An entry the reader cannot use (no schedule, no practitioner, dates it cannot read) is dropped and
 * counted, never fatal to the batch. An OperationOutcome is « editor unavailable »; a searchset with
 * no Slot is « no slot ».
 */
import { Temporal } from 'temporal-polyfill';

export const IDNPS_SYSTEM = 'urn:oid:1.2.250.1.71.4.2.1';
export const IDNST_SYSTEM = 'urn:oid:1.2.250.1.71.4.2.2';
const SLOT_TYPE_SYSTEM = 'https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau';
const ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const APPOINTMENT_REASON_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0276';
const CATEGORY_SYSTEM = 'https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement';
const SERVICE_TYPE_EXTENSION = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType';

export const SLOT_TYPES = ['PUBLIC', 'PRO', 'SNP', 'CPTS'] as const;
export const CONSULTATION_TYPES = ['AMB', 'HH', 'VR'] as const;
export const APPOINTMENT_TYPES = ['ROUTINE', 'WALKIN'] as const;

export interface EditorOffer {
	/** The RPPS (11 digits), whether the editor prefixed it with 8 or not. */
	rpps: string;
	slotId: string;
	/** Epoch milliseconds. */
	start: number;
	end: number;
	place: { line: string | null; postalCode: string | null; city: string | null } | null;
	slotTypes: (typeof SLOT_TYPES)[number][];
	consultationTypes: (typeof CONSULTATION_TYPES)[number][];
	appointmentTypes: (typeof APPOINTMENT_TYPES)[number][];
	/** Free-text motives the editor gave (`serviceType.text`). */
	motives: string[];
	/** The CPTS this slot is offered through (604 + HealthcareService → Organization). */
	cpts: { finess: string | null; name: string | null }[];
	/** The link to the practitioner's agenda at the editor (`comment`). */
	bookingUrl: string | null;
}

export type EditorAnswer =
	| { kind: 'offers'; offers: EditorOffer[]; dropped: number }
	| { kind: 'no-slot' }
	| { kind: 'unavailable'; reason: string };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** The RPPS in an IDNPS value: `8` + 11 digits, or the 11 digits alone. */
export function rppsOfIdnps(value: string): string | null {
	const trimmed = value.trim();
	if (/^8\d{11}$/.test(trimmed)) return trimmed.slice(1);
	return /^\d{11}$/.test(trimmed) ? trimmed : null;
}

/**
 * A FHIR dateTime of the guide's examples and of the test kit: with milliseconds or not, with an
 * offset, `Z`, or none — a time without offset is read as Paris time, as editors mean it.
 */
export function parseFhirInstant(value: string, zone = 'Europe/Paris'): number | null {
	const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:\d{2})?$/.exec(value.trim());
	if (!match) return null;
	try {
		if (match[3]) return Temporal.Instant.from(value.trim()).epochMilliseconds;
		return Temporal.PlainDateTime.from(`${match[1]}T${match[2]}`).toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
	} catch {
		return null;
	}
}

const codes = <T extends string>(concepts: unknown, system: string, allowed: readonly T[]): T[] => {
	const found = new Set<T>();
	for (const concept of list(concepts)) for (const coding of list(concept.coding)) if (coding.system === system && allowed.includes(coding.code as T)) found.add(coding.code as T);
	return [...found];
};

/** Resources of the bundle by `Type/id` (relative references) and by full URL. */
function index(entries: Json[]): Map<string, Json> {
	const byRef = new Map<string, Json>();
	for (const entry of entries) {
		const resource = entry.resource;
		if (!isObject(resource) || typeof resource.resourceType !== 'string' || typeof resource.id !== 'string') continue;
		byRef.set(`${resource.resourceType}/${resource.id}`, resource);
		if (typeof entry.fullUrl === 'string') byRef.set(entry.fullUrl, resource);
	}
	return byRef;
}

const referenceOf = (value: unknown) => (isObject(value) && typeof value.reference === 'string' ? value.reference.trim() : null);

/** The resource a reference names, relative (`Schedule/1`) or absolute (its entry's full URL). */
function resolve(byRef: Map<string, Json>, reference: string | null, type: string): Json | null {
	if (!reference) return null;
	const direct = byRef.get(reference);
	if (direct?.resourceType === type) return direct;
	const tail = /([A-Za-z]+\/[^/]+)$/.exec(reference)?.[1];
	const found = tail ? byRef.get(tail) : undefined;
	return found?.resourceType === type ? found : null;
}

function rppsOf(practitioner: Json): string | null {
	for (const identifier of list(practitioner.identifier)) {
		if (identifier.system !== undefined && identifier.system !== IDNPS_SYSTEM) continue;
		const rpps = typeof identifier.value === 'string' ? rppsOfIdnps(identifier.value) : null;
		if (rpps) return rpps;
	}
	return null;
}

function placeOf(role: Json | null): EditorOffer['place'] {
	if (!role) return null;
	const reference = referenceOf(list(role.location)[0]);
	const location = reference?.startsWith('#') ? list(role.contained).find((c) => c.resourceType === 'Location' && c.id === reference.slice(1)) : undefined;
	const address = location && isObject(location.address) ? location.address : null;
	if (!address) return null;
	const lines = Array.isArray(address.line) ? address.line.filter((l): l is string => typeof l === 'string') : [];
	return { line: lines.join(', ') || null, postalCode: text(address.postalCode), city: text(address.city) };
}

function cptsOf(slot: Json, byRef: Map<string, Json>): EditorOffer['cpts'] {
	const result: EditorOffer['cpts'] = [];
	for (const concept of list(slot.serviceType)) {
		if (!list(concept.coding).some((c) => c.system === CATEGORY_SYSTEM && c.code === '604')) continue;
		const extension = list(concept.extension).find((e) => e.url === SERVICE_TYPE_EXTENSION);
		const service = resolve(byRef, referenceOf(extension?.valueReference), 'HealthcareService');
		const organization = service ? resolve(byRef, referenceOf(service.providedBy), 'Organization') : null;
		const identifier = organization ? list(organization.identifier).find((i) => i.system === IDNST_SYSTEM) : undefined;
		const value = typeof identifier?.value === 'string' ? identifier.value.trim() : '';
		// IDNST of a FINESS: `1` + 9 characters.
		result.push({ finess: /^1[0-9][0-9AB][0-9]{7}$/.test(value) ? value.slice(1) : null, name: organization ? text(organization.name) : null });
	}
	return result;
}

/** One editor's answer to a Slot search, read. */
export function readEditorAnswer(body: unknown): EditorAnswer {
	if (!isObject(body)) return { kind: 'unavailable', reason: 'réponse illisible' };
	if (body.resourceType === 'OperationOutcome') {
		const issue = list(body.issue)[0];
		return { kind: 'unavailable', reason: text(issue?.diagnostics) ?? text(isObject(issue?.details) ? issue.details.text : null) ?? 'OperationOutcome' };
	}
	if (body.resourceType !== 'Bundle') return { kind: 'unavailable', reason: `ressource inattendue : ${String(body.resourceType).slice(0, 40)}` };
	const entries = list(body.entry);
	const byRef = index(entries);
	const slots = entries.map((e) => e.resource).filter((r): r is Json => isObject(r) && r.resourceType === 'Slot');
	if (slots.length === 0) return { kind: 'no-slot' };
	const offers: EditorOffer[] = [];
	let dropped = 0;
	for (const slot of slots) {
		const offer = readSlot(slot, byRef);
		if (offer) offers.push(offer);
		else dropped++;
	}
	return { kind: 'offers', offers, dropped };
}

function readSlot(slot: Json, byRef: Map<string, Json>): EditorOffer | null {
	if (slot.status !== undefined && slot.status !== 'free') return null;
	const start = typeof slot.start === 'string' ? parseFhirInstant(slot.start) : null;
	const end = typeof slot.end === 'string' ? parseFhirInstant(slot.end) : null;
	if (start === null || end === null || end <= start) return null;
	const schedule = resolve(byRef, referenceOf(slot.schedule), 'Schedule');
	if (!schedule) return null;
	const actors = list(schedule.actor).map(referenceOf);
	const practitioner = actors.map((r) => resolve(byRef, r, 'Practitioner')).find(Boolean) ?? null;
	const role = actors.map((r) => resolve(byRef, r, 'PractitionerRole')).find(Boolean) ?? null;
	const rpps = practitioner ? rppsOf(practitioner) : null;
	if (!rpps) return null;
	const meta = isObject(slot.meta) ? slot.meta : {};
	return {
		rpps,
		slotId: typeof slot.id === 'string' ? slot.id : '',
		start,
		end,
		place: placeOf(role),
		slotTypes: [...new Set(list(meta.security).filter((c) => c.system === SLOT_TYPE_SYSTEM && SLOT_TYPES.includes(c.code as never)).map((c) => c.code as EditorOffer['slotTypes'][number]))],
		consultationTypes: codes(slot.serviceType, ACT_CODE_SYSTEM, CONSULTATION_TYPES),
		appointmentTypes: codes(isObject(slot.appointmentType) ? [slot.appointmentType] : [], APPOINTMENT_REASON_SYSTEM, APPOINTMENT_TYPES),
		motives: list(slot.serviceType).filter((c) => !list(c.coding).length).map((c) => text(c.text)).filter((t): t is string => t !== null),
		cpts: cptsOf(slot, byRef),
		bookingUrl: text(slot.comment)
	};
}
