/**
 * The ANS test kit's aggregation checks (group 4 of ansforge/interop-outil-fhir-sas-test-kit,
 * ../shared/reference/fhir-sas.md §2.2), in TypeScript: each check returns what it found wrong,
 * in the kit's own words where it has some. They run against our /fhir and against the editor
 * simulator. The « < 1 s » check (4.1) is measured by the benchmark (npm run bench), not here.
 */
import { bundleIssues } from './ig-profiles';

type Json = Record<string, any>;

export const PROFILE = {
	slot: 'http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur',
	cptsSlot: 'https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-slot-aggregator',
	schedule: 'http://sas.fr/fhir/StructureDefinition/FrScheduleAgregateur',
	practitioner: 'http://sas.fr/fhir/StructureDefinition/FrPractitionerAgregateur',
	role: 'http://sas.fr/fhir/StructureDefinition/FrPractitionerRoleExerciceAgregateur'
};

const resources = (bundle: Json): Json[] => (bundle.entry ?? []).map((e: Json) => e.resource);
const ofType = (bundle: Json, type: string) => resources(bundle).filter((r) => r.resourceType === type);
/** The kit filters everything by meta.profile. */
const withProfile = (bundle: Json, profile: string) => resources(bundle).filter((r) => (r.meta?.profile ?? []).includes(profile));
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;

export interface KitRequest {
	url: string;
	/** The RPPS asked for, and the window's end (epoch ms); now for the « no past slot » check. */
	rpps: string[];
	windowEnd: number;
	now: number;
}

/** slot_search_setup: a searchset with entries. */
export function setup(bundle: Json): string[] {
	const failures: string[] = [];
	if (bundle.resourceType !== 'Bundle') failures.push('resourceType ≠ Bundle');
	if (!(bundle.entry?.length > 0)) failures.push('Bundle.entry vide : le PS doit avoir des créneaux libres dans la fenêtre');
	return failures;
}

/** 4.2: the bundle validates (each entry against its own profile). */
export const validity = (bundle: Json): string[] => bundleIssues(bundle);

/** 4.3 single_practitioner_single_location. */
export function singlePractitionerSingleLocation(bundle: Json, request: KitRequest): string[] {
	const failures: string[] = [];
	const practitioners = withProfile(bundle, PROFILE.practitioner);
	const schedules = withProfile(bundle, PROFILE.schedule);
	const roles = withProfile(bundle, PROFILE.role);
	const slots = [...withProfile(bundle, PROFILE.slot), ...withProfile(bundle, PROFILE.cptsSlot)];
	if (practitioners.length !== 1) failures.push(`validate_cardinality : ${practitioners.length} Practitioner (1 attendu)`);
	if (schedules.length !== 1) failures.push(`validate_cardinality : ${schedules.length} Schedule (1 attendu)`);
	if (roles.length !== 1) failures.push(`validate_cardinality : ${roles.length} PractitionerRole (1 attendu)`);
	if (roles.flatMap((r) => (r.contained ?? []).filter((c: Json) => c.resourceType === 'Location')).length !== 1) failures.push('validate_cardinality : une Location contenue attendue');
	if (bundle.total !== slots.length) failures.push(`total (${bundle.total}) ≠ nombre de Slot (${slots.length})`);
	failures.push(...rpps(bundle, request.rpps[0]!), ...dates(bundle, request), ...references(bundle), ...locations(bundle), ...selfLink(bundle, request.url), ...comments(bundle), ...statuses(bundle), ...appointmentTypes(bundle));
	return failures;
}

/** validate_rpps: the first Practitioner identifier is the RPPS asked for, prefixed. */
export function rpps(bundle: Json, asked: string): string[] {
	const value = withProfile(bundle, PROFILE.practitioner)[0]?.identifier?.[0]?.value;
	if (value !== `8${asked}`) return [`validate_rpps : ${value} ≠ 8${asked}`];
	return /^8[0-9]{11}$/.test(value) ? [] : [`validate_rpps : ${value} n’est pas un RPPS préfixé`];
}

/** validate_dates: no past slot, start ≤ window end (calendar date), .000±hh:mm, start < end. */
export function dates(bundle: Json, request: KitRequest): string[] {
	const failures: string[] = [];
	const endDate = new Date(request.windowEnd).toISOString().slice(0, 10);
	for (const slot of withProfile(bundle, PROFILE.slot).concat(withProfile(bundle, PROFILE.cptsSlot))) {
		if (!DATE.test(slot.start ?? '') || !DATE.test(slot.end ?? '')) failures.push(`validate_dates : format ${slot.start} / ${slot.end}`);
		if (Date.parse(slot.start) < request.now - 1000) failures.push(`validate_dates : créneau passé ${slot.start}`);
		if (String(slot.start).slice(0, 10) > endDate && Date.parse(slot.start) > request.windowEnd) failures.push(`validate_dates : ${slot.start} après la fin de la fenêtre`);
		if (!(Date.parse(slot.start) < Date.parse(slot.end))) failures.push(`validate_dates : début ≥ fin ${slot.start}`);
	}
	return failures;
}

/** validate_ref: relative references Practitioner/…, PractitionerRole/…, #location. */
export function references(bundle: Json): string[] {
	const failures: string[] = [];
	const ids = new Set(resources(bundle).map((r) => `${r.resourceType}/${r.id}`));
	for (const role of withProfile(bundle, PROFILE.role)) {
		if (!/^Practitioner\/[^/]+$/.test(role.practitioner?.reference ?? '') || !ids.has(role.practitioner.reference)) failures.push(`validate_ref : PractitionerRole.practitioner ${role.practitioner?.reference}`);
		const contained = (role.contained ?? []).filter((c: Json) => c.resourceType === 'Location').map((c: Json) => `#${c.id}`);
		if (!contained.includes(role.location?.[0]?.reference)) failures.push(`validate_ref : PractitionerRole.location ${role.location?.[0]?.reference}`);
	}
	for (const schedule of withProfile(bundle, PROFILE.schedule)) {
		const actors: string[] = (schedule.actor ?? []).map((a: Json) => a.reference);
		if (!actors.some((a) => /^Practitioner\//.test(a) && ids.has(a))) failures.push(`validate_ref : Schedule/${schedule.id} sans Practitioner`);
		if (!actors.some((a) => /^PractitionerRole\//.test(a) && ids.has(a))) failures.push(`validate_ref : Schedule/${schedule.id} sans PractitionerRole`);
	}
	for (const slot of ofType(bundle, 'Slot')) if (!ids.has(slot.schedule?.reference)) failures.push(`validate_ref : Slot/${slot.id} → ${slot.schedule?.reference}`);
	return failures;
}

/** validate_location: line, city, 5-digit postal code. */
export function locations(bundle: Json): string[] {
	return withProfile(bundle, PROFILE.role)
		.flatMap((r) => (r.contained ?? []).filter((c: Json) => c.resourceType === 'Location'))
		.flatMap((location: Json) => {
			const a = location.address ?? {};
			return a.line?.length && a.city && /^[0-9]{5}$/.test(a.postalCode ?? '') ? [] : [`validate_location : adresse incomplète ${JSON.stringify(a)}`];
		});
}

/** bundle_url_equal_url: the self link's query is the request's (decoded, sorted). */
export function selfLink(bundle: Json, requestUrl: string): string[] {
	const query = (url: string) =>
		[...new URL(url).searchParams.entries()]
			.map(([k, v]) => `${k}=${v}`)
			.sort()
			.join('&');
	const self = bundle.link?.find((l: Json) => l.relation === 'self')?.url;
	return self && query(self) === query(requestUrl) ? [] : [`bundle_url_equal_url : ${self} ≠ ${requestUrl}`];
}

export const comments = (bundle: Json) => withProfile(bundle, PROFILE.slot).flatMap((s) => (String(s.comment ?? '').trim() ? [] : [`slot_has_url : Slot/${s.id} sans comment`]));
export const statuses = (bundle: Json) => ofType(bundle, 'Slot').flatMap((s) => (s.status === 'free' ? [] : [`ps_validate_slots_status : ${s.status}`]));
export function appointmentTypes(bundle: Json): string[] {
	const codes = new Set(ofType(bundle, 'Slot').flatMap((s) => (s.appointmentType?.coding ?? []).map((c: Json) => c.code)));
	return [...codes].filter((c) => c !== 'ROUTINE' && c !== 'WALKIN').map((c) => `ps_validate_appointmentType : ${c}`);
}

/** 4.4 multi_lieux: 1 Practitioner, 2 PractitionerRole, 2 Schedule, consistent references. */
export function multiPlace(bundle: Json): string[] {
	const failures: string[] = [];
	const practitioners = withProfile(bundle, PROFILE.practitioner);
	const roles = withProfile(bundle, PROFILE.role);
	const schedules = withProfile(bundle, PROFILE.schedule);
	if (practitioners.length !== 1) failures.push(`multi_lieux : ${practitioners.length} Practitioner`);
	if (roles.length !== 2) failures.push(`multi_lieux : ${roles.length} PractitionerRole (2 attendus)`);
	if (schedules.length !== 2) failures.push(`multi_lieux : ${schedules.length} Schedule (2 attendus)`);
	const practitioner = `Practitioner/${practitioners[0]?.id}`;
	for (const role of roles) if (role.practitioner?.reference !== practitioner) failures.push('multi_lieux : PractitionerRole d’un autre praticien');
	for (const schedule of schedules) {
		const actors: string[] = schedule.actor.map((a: Json) => a.reference);
		if (actors.filter((a) => a.startsWith('Practitioner/')).length !== 1 || !actors.includes(practitioner)) failures.push('multi_lieux : Schedule sans l’unique Practitioner');
	}
	return [...failures, ...references(bundle)];
}

/** 4.5 search_multiple_ps: 2 Practitioner, ≥ 2 PractitionerRole, ≥ 2 Schedule. */
export function multiplePractitioners(bundle: Json): string[] {
	const failures: string[] = [];
	if (withProfile(bundle, PROFILE.practitioner).length !== 2) failures.push('search_multiple_ps : 2 Practitioner attendus');
	if (withProfile(bundle, PROFILE.role).length < 2) failures.push('search_multiple_ps : ≥ 2 PractitionerRole attendus');
	if (withProfile(bundle, PROFILE.schedule).length < 2) failures.push('search_multiple_ps : ≥ 2 Schedule attendus');
	return failures;
}

/** 4.6 practi_optionnel: name, given name, phone +33…, IDNST of the organization. */
export function optionalPractitionerFields(bundle: Json): string[] {
	const failures: string[] = [];
	const practitioner = withProfile(bundle, PROFILE.practitioner)[0];
	if (!practitioner?.name?.[0]?.family) failures.push('ps_validate_name : nom absent');
	if (!practitioner?.name?.[0]?.given?.[0]) failures.push('ps_validate_firstname : prénom absent');
	const role = withProfile(bundle, PROFILE.role)[0];
	const phone = role?.telecom?.[0]?.value;
	if (phone !== undefined && !/^\+33\d{9}$|^\+262\d{9}$|^\+590\d{9}$|^\+596\d{9}$|^\+594\d{9}$/.test(phone)) failures.push(`ps_validate_phone : ${phone}`);
	const idnst = role?.organization?.identifier?.value;
	if (idnst !== undefined && !/^1\d{9}$|^3\d{14}$|^4\d{14}$/.test(idnst)) failures.push(`ps_validate_idnst : ${idnst}`);
	return failures;
}

/** 4.7 optionslots: the slot types and consultation types returned are exactly those declared. */
export function declaredTypes(bundle: Json, declared: { slotTypes: string[]; consultationTypes: string[] }): string[] {
	const failures: string[] = [];
	const slots = ofType(bundle, 'Slot');
	const slotTypes = new Set(slots.flatMap((s) => (s.meta?.security ?? []).map((c: Json) => c.code)));
	const consultation = new Set(slots.flatMap((s) => (s.serviceType ?? []).flatMap((t: Json) => (t.coding ?? []).map((c: Json) => c.code))).filter((c) => c !== '604'));
	const same = (a: Set<string>, b: string[]) => a.size === new Set(b).size && b.every((x) => a.has(x));
	if (!same(slotTypes, declared.slotTypes)) failures.push(`ps_validate_slot_type : ${[...slotTypes].join(',')} ≠ ${declared.slotTypes.join(',')}`);
	if (!same(consultation, declared.consultationTypes)) failures.push(`ps_validate_motif_type : ${[...consultation].join(',')} ≠ ${declared.consultationTypes.join(',')}`);
	return failures;
}

/** CPTS (4.3 CPTS part and 4.9): HealthcareService ↔ Organization, FINESS, 604 references, name and phone. */
export function cpts(bundle: Json): string[] {
	const failures: string[] = [];
	const services = ofType(bundle, 'HealthcareService');
	const organizations = ofType(bundle, 'Organization');
	if (services.length < 1 || organizations.length < 1) failures.push('validate_cardinality_cpts : HealthcareService et Organization attendus');
	if (services.length !== organizations.length) failures.push('validate_cardinality_cpts : autant de HealthcareService que d’Organization');
	const ids = new Set(resources(bundle).map((r) => `${r.resourceType}/${r.id}`));
	for (const service of services) if (!ids.has(service.providedBy?.reference)) failures.push(`validate_ref_cpts : providedBy ${service.providedBy?.reference}`);
	for (const slot of ofType(bundle, 'Slot'))
		for (const type of slot.serviceType ?? [])
			if ((type.coding ?? []).some((c: Json) => c.code === '604')) {
				const reference = (type.extension ?? []).find((e: Json) => e.url === 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType')?.valueReference?.reference;
				if (!/^HealthcareService\//.test(reference ?? '') || !ids.has(reference)) failures.push(`validate_ref_cpts : Slot/${slot.id} → ${reference}`);
			}
	for (const organization of organizations) {
		if (!/^1[0-9]{9}$/.test(organization.identifier?.[0]?.value ?? '')) failures.push(`validate_cpts_id : ${organization.identifier?.[0]?.value}`);
		if (!organization.name) failures.push('orga_optionnel : nom de la CPTS absent');
		if (!organization.telecom?.[0]?.value) failures.push('orga_optionnel : téléphone de la CPTS absent');
	}
	return failures;
}

/** The kit's requests: window from now to min(now + 72 h, end of the day after tomorrow). */
export function kitSearchUrl(base: string, rppsList: string[], now: number, cptsMode = false): { url: string; windowEnd: number } {
	const paris = (ms: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(new Date(ms)).replace(' ', 'T');
	const endOfDayAfterTomorrow = Date.parse(`${paris(now + 2 * 86_400_000).slice(0, 10)}T23:59:59+01:00`);
	const windowEnd = Math.min(now + 72 * 3_600_000, endOfDayAfterTomorrow);
	// Quirk of the kit kept on purpose: Paris time labelled +00:00 (PS mode), no offset (CPTS mode).
	const suffix = cptsMode ? '.000' : '.000+00:00';
	const ids = rppsList.map((r) => `urn:oid:1.2.250.1.71.4.2.1|8${r}`).join(',');
	const includes = cptsMode ? '&_include=Slot:service-type-reference&_include:iterate=HealthcareService:organization' : '';
	const url = `${base}/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor${includes}&schedule.actor:Practitioner.identifier=${ids}&start=ge${paris(now)}${suffix}&start=le${paris(windowEnd)}${suffix}&status=free`;
	return { url, windowEnd };
}
