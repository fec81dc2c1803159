/**
 * The SAS agenda answering the guide's Slot search as an editor would (flux INT_R01 PS individuel
 * and INT_R04 CPTS; ../shared/reference/fhir-sas.md §1.3–1.5): one Schedule and one
 * PractitionerRole per place of practice, the place as a contained Location, slots cut as
 * regulators see them (unavailability removed), dates with milliseconds and offset. Pure.
 */
import { Temporal } from 'temporal-polyfill';
import type { ConsultationType } from '../reference';
import type { Availability } from '../schemas/availability';
import type { Unavailability } from '../schemas/unavailability';
import { visibleRangesOf } from '../slots';
import { IDNPS_SYSTEM, IDNST_SYSTEM } from './editor-slots';

export const PROFILES = {
	bundle: 'http://sas.fr/fhir/StructureDefinition/BundleAgregateur',
	cptsBundle: 'https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-bundle-aggregator',
	slot: 'http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur',
	cptsSlot: 'https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-slot-aggregator',
	schedule: 'http://sas.fr/fhir/StructureDefinition/FrScheduleAgregateur',
	practitioner: 'http://sas.fr/fhir/StructureDefinition/FrPractitionerAgregateur',
	practitionerRole: 'http://sas.fr/fhir/StructureDefinition/FrPractitionerRoleExerciceAgregateur',
	location: 'http://sas.fr/fhir/StructureDefinition/FrLocationAgregateur',
	healthcareService: 'https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-healthcareservice-aggregator',
	organization: 'https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-organization-aggregator'
} as const;

export const SYSTEMS = {
	slotType: 'https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau',
	actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
	appointmentReason: 'http://terminology.hl7.org/CodeSystem/v2-0276',
	category: 'https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement',
	specialty: 'https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale',
	identifierType: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203',
	/** The CPTS Organization profile (1.2.0) types its identifier with FrCore's code system. */
	frCoreIdentifierType: 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203',
	locationIdentifierType: 'http://interopsante.org/fhir/CodeSystem/fr-location-identifier-type',
	serviceTypeExtension: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType',
	uri: 'urn:ietf:rfc:3986'
} as const;

/** Our consultation types as the guide's codes (v3-ActCode). */
export const ACT_CODE_OF: Record<ConsultationType, 'AMB' | 'VR' | 'HH'> = { office: 'AMB', teleconsultation: 'VR', home_visit: 'HH' };

/** The specialties we can code in the ordinal nomenclature (TRE-R38); the others are left uncoded. */
const SPECIALTY_CODES: Record<string, string> = { 'Médecine générale': 'SM54' };

/** What one practitioner's SAS agenda says, for the Slot search. */
export interface FhirAgenda {
	practitioner: { id: string; rpps: string; lastName: string; firstName: string; specialties: string[] };
	addresses: { id: string; street: string; postalCode: string; city: string; phone: string | null; timeZone: string }[];
	availabilities: readonly Availability[];
	unavailabilities: readonly Unavailability[];
	/** The structure the place belongs to (health centre, MSP…): PractitionerRole.organization. */
	organization: { finess: string | null; siret: string | null } | null;
	/** The CPTS the doctor offers slots through, and the places attached to it. */
	cpts: { id: string; name: string; finess: string | null; phone: string | null; addressIds: string[] } | null;
}

export interface SlotSearch {
	agendas: readonly FhirAgenda[];
	/** Window asked for (epoch ms, `start=ge` / `start=le`), and the time now: no past slot. */
	from: number;
	to: number;
	now: number;
	/** The request's URL as received: the bundle's self link. */
	selfUrl: string;
	/** The FHIR base of our server (for fullUrl). */
	baseUrl: string;
	/** The link where the practitioner's agenda is booked (Slot.comment). */
	bookingUrl: (practitionerId: string) => string;
	/** The CPTS `_include`s were asked for: HealthcareService and Organization are included. */
	includeCpts: boolean;
	/** Slot types (TRE-R314) of a slot outside a CPTS: kept in the SAS agenda, it is for regulators (SNP). */
	slotTypesOf?: (availability: Availability) => string[];
}

type Resource = Record<string, unknown> & { resourceType: string; id: string };

/** 2026-12-01T10:00:00.000+01:00: milliseconds and the place's offset, as the kit checks. */
export function fhirInstant(epochMs: number, zone: string): string {
	return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(zone).toString({ timeZoneName: 'never', fractionalSecondDigits: 3 });
}

/** A French number stored as 0XXXXXXXXX in the guide's international form (+33, or the overseas codes). */
export function internationalPhone(phone: string): string | null {
	const digits = phone.replace(/\D/g, '');
	if (!/^0[1-9]\d{8}$/.test(digits)) return null;
	const overseas: [RegExp, string][] = [
		[/^0(262|263|692|693)/, '+262'],
		[/^0(590|690|691)/, '+590'],
		[/^0(596|696|697)/, '+596'],
		[/^0(594|694)/, '+594']
	];
	const code = overseas.find(([pattern]) => pattern.test(digits))?.[1] ?? '+33';
	return `${code}${digits.slice(1)}`;
}

const coding = (system: string, code: string) => ({ coding: [{ system, code }] });
const idnst = (organization: NonNullable<FhirAgenda['organization']>) => {
	const value = organization.finess ? `1${organization.finess}` : organization.siret ? `3${organization.siret}` : null;
	return value ? { type: coding(SYSTEMS.identifierType, 'IDNST'), system: IDNST_SYSTEM, value } : null;
};

/** The searchset bundle answering a Slot search over these agendas. */
export function slotSearchBundle(search: SlotSearch): Record<string, unknown> {
	const from = Math.max(search.from, search.now);
	const matches: Resource[] = [];
	const included = new Map<string, Resource>();
	const include = (resource: Resource) => included.set(`${resource.resourceType}/${resource.id}`, resource);
	let cptsSlots = 0;

	for (const agenda of search.agendas) {
		const { practitioner } = agenda;
		const practitionerId = `pr-${practitioner.id}`;
		const ranges = visibleRangesOf(agenda.availabilities, agenda.unavailabilities, from, search.to + 1);
		const specialty = practitioner.specialties.flatMap((s) => (SPECIALTY_CODES[s] ? [coding(SYSTEMS.specialty, SPECIALTY_CODES[s])] : []));
		for (const address of agenda.addresses) {
			const viaCpts = agenda.cpts !== null && agenda.cpts.addressIds.includes(address.id);
			const scheduleId = `sc-${address.id}`;
			let slotsHere = 0;
			for (const range of ranges) {
				const a = range.availability;
				if (a.addressId !== address.id) continue;
				if (range.start < from || range.start > search.to) continue;
				slotsHere++;
				const serviceType: Record<string, unknown>[] = a.consultationTypes.map((t) => coding(SYSTEMS.actCode, ACT_CODE_OF[t]));
				if (viaCpts) {
					serviceType.push({
						extension: [{ url: SYSTEMS.serviceTypeExtension, valueReference: { reference: `HealthcareService/hs-${agenda.cpts!.id}` } }],
						...coding(SYSTEMS.category, '604')
					});
				}
				matches.push({
					resourceType: 'Slot',
					id: `sl-${a.id}-${range.start}`,
					meta: {
						profile: [viaCpts ? PROFILES.cptsSlot : PROFILES.slot],
						// Kept in the SAS agenda: shown to regulators (SNP), or to the CPTS's regulation.
						security: (viaCpts ? ['CPTS'] : (search.slotTypesOf?.(a) ?? ['SNP'])).map((code) => ({ system: SYSTEMS.slotType, code }))
					},
					serviceType,
					...(specialty.length ? { specialty } : {}),
					appointmentType: coding(SYSTEMS.appointmentReason, a.kind === 'walk_in' ? 'WALKIN' : 'ROUTINE'),
					schedule: { reference: `Schedule/${scheduleId}` },
					status: 'free',
					start: fhirInstant(range.start, address.timeZone),
					end: fhirInstant(range.end, address.timeZone),
					comment: search.bookingUrl(practitioner.id)
				});
				if (viaCpts) cptsSlots++;
			}
			if (slotsHere === 0) continue;
			const roleId = `ro-${address.id}`;
			const phone = address.phone ? internationalPhone(address.phone) : null;
			const organization = agenda.organization ? idnst(agenda.organization) : null;
			include({ resourceType: 'Schedule', id: scheduleId, meta: { profile: [PROFILES.schedule] }, actor: [{ reference: `Practitioner/${practitionerId}` }, { reference: `PractitionerRole/${roleId}` }] });
			include({
				resourceType: 'PractitionerRole',
				id: roleId,
				meta: { profile: [PROFILES.practitionerRole] },
				contained: [
					{
						resourceType: 'Location',
						id: 'lieu',
						meta: { profile: [PROFILES.location] },
						identifier: [{ type: coding(SYSTEMS.locationIdentifierType, 'INTRN'), system: SYSTEMS.uri, value: `urn:uuid:${address.id}` }],
						address: { line: [address.street], city: address.city, postalCode: address.postalCode }
					}
				],
				practitioner: { reference: `Practitioner/${practitionerId}` },
				...(organization ? { organization: { identifier: organization } } : {}),
				location: [{ reference: '#lieu' }],
				...(phone ? { telecom: [{ system: 'phone', value: phone }] } : {})
			});
			include({
				resourceType: 'Practitioner',
				id: practitionerId,
				meta: { profile: [PROFILES.practitioner] },
				identifier: [{ type: coding(SYSTEMS.identifierType, 'IDNPS'), system: IDNPS_SYSTEM, value: `8${practitioner.rpps}` }],
				name: [{ family: practitioner.lastName, given: [practitioner.firstName] }]
			});
			if (viaCpts && search.includeCpts) {
				const cpts = agenda.cpts!;
				include({ resourceType: 'HealthcareService', id: `hs-${cpts.id}`, meta: { profile: [PROFILES.healthcareService] }, providedBy: { reference: `Organization/or-${cpts.id}` } });
				const cptsPhone = cpts.phone ? internationalPhone(cpts.phone) : null;
				include({
					resourceType: 'Organization',
					id: `or-${cpts.id}`,
					meta: { profile: [PROFILES.organization] },
					...(cpts.finess ? { identifier: [{ type: coding(SYSTEMS.frCoreIdentifierType, 'IDNST'), system: IDNST_SYSTEM, value: `1${cpts.finess}` }] } : {}),
					name: cpts.name,
					...(cptsPhone ? { telecom: [{ system: 'phone', value: cptsPhone }] } : {})
				});
			}
		}
	}

	matches.sort((a, b) => String(a.start).localeCompare(String(b.start)) || a.id.localeCompare(b.id));
	const base = search.baseUrl.replace(/\/$/, '');
	const entry = (resource: Resource, mode: 'match' | 'include') => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode } });
	return {
		resourceType: 'Bundle',
		meta: { profile: [cptsSlots > 0 && search.includeCpts ? PROFILES.cptsBundle : PROFILES.bundle] },
		type: 'searchset',
		total: matches.length,
		link: [{ relation: 'self', url: search.selfUrl }],
		...(matches.length ? { entry: [...matches.map((r) => entry(r, 'match')), ...[...included.values()].map((r) => entry(r, 'include'))] } : {})
	};
}
