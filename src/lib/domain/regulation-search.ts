/**
 * The regulator's search (seeds 000, 001, 003 Q20–22; the real platform's rules,
 * ../shared/reference/fhir-sas.md §3): what a result is, the filters, the order, the CPTS cards that
 * stand for their members. Pure: the server gathers the candidates, this decides what shows and how.
 */
import type { ConsultationType, StructureKind } from './reference';

/** One slot or range a regulator may orient on, or an editor's slot (a link to its booking page). */
export interface Offer {
	source: 'sas' | 'editor';
	/** Epoch ms. */
	start: number;
	end: number;
	/** 'slot': one patient; 'capacity': « 2/4 patients »; 'walk_in': sans rendez-vous. */
	kind: 'slot' | 'capacity' | 'walk_in';
	capacity: number | null;
	/** Patients already oriented on it. */
	taken: number;
	consultationTypes: ConsultationType[];
	/** SAS agenda: the availability it comes from. */
	availabilityId: string | null;
	addressId: string | null;
	/** Editor: its booking page (origin=sas added). */
	bookingUrl: string | null;
}

export interface Candidate {
	practitionerId: string;
	name: string;
	specialties: string[];
	address: { id: string; street: string; postalCode: string; city: string; phone: string | null };
	/** Kilometres from the place searched, when it was an address or a commune. */
	distanceKm: number | null;
	/** « J'accepte d'être directement contacté par la régulation … en sus de mes disponibilités » (seed 004). */
	participates: boolean;
	forfaitReorientation: boolean;
	complementaryInfo: string | null;
	/** The structure the doctor takes part through (CPTS, MSP, SOS) or works at (centre). */
	structure: { id: string; kind: StructureKind; name: string; phone: string | null } | null;
	/** Their slots come from booking software (asked separately, shown as they arrive). */
	interfaced: boolean;
	offers: Offer[];
}

export const AVAILABLE_WITHIN = [
	{ key: '0-4', label: '0 à 4 h', from: 0, to: 4 },
	{ key: '4-8', label: '4 à 8 h', from: 4, to: 8 },
	{ key: '8-12', label: '8 à 12 h', from: 8, to: 12 },
	{ key: '12-24', label: '12 à 24 h', from: 12, to: 24 },
	{ key: '24-48', label: '24 à 48 h', from: 24, to: 48 },
	{ key: '48-72', label: '48 à 72 h', from: 48, to: 72 }
] as const;
export type AvailableWithin = (typeof AVAILABLE_WITHIN)[number]['key'];

/** The real platform's exclusive choice, then the facets. */
export interface SearchFilters {
	/** 'slots': « Afficher les PS disposant de créneaux disponibles » (default); 'overbooking': « Créneaux en sus des disponibilités »; 'forfait': « Forfait de réorientation des urgences ». */
	mode: 'slots' | 'overbooking' | 'forfait';
	within: AvailableWithin[];
	consultation: ConsultationType[];
	/** Kind of structure; 'none' for doctors outside any structure. */
	structure: (StructureKind | 'none')[];
}

export const DEFAULT_FILTERS: SearchFilters = { mode: 'slots', within: [], consultation: [], structure: [] };

/** An offer still open: not past its end, and not full. */
export function isOpen(offer: Offer, now: number): boolean {
	if (offer.end <= now) return false;
	if (offer.kind === 'slot') return offer.taken === 0;
	if (offer.kind === 'capacity') return offer.taken < (offer.capacity ?? 1);
	return true;
}

/** The offers a card shows under these filters (consultation type and « Disponible sous »). */
export function shownOffers(candidate: Candidate, filters: SearchFilters, now: number): Offer[] {
	return candidate.offers.filter((offer) => {
		if (!isOpen(offer, now)) return false;
		if (filters.consultation.length && !offer.consultationTypes.some((t) => filters.consultation.includes(t))) return false;
		if (filters.within.length) {
			// A range already begun is available now.
			const hours = Math.max(0, offer.start - now) / 3_600_000;
			if (!filters.within.some((key) => { const b = AVAILABLE_WITHIN.find((w) => w.key === key)!; return hours >= b.from && hours < b.to; })) return false;
		}
		return true;
	});
}

/** Whether a candidate shows at all under these filters. */
export function matches(candidate: Candidate, filters: SearchFilters, now: number): boolean {
	const kind = candidate.structure?.kind ?? 'none';
	if (filters.structure.length && !filters.structure.includes(kind)) return false;
	if (filters.mode === 'overbooking') return candidate.participates;
	if (filters.mode === 'forfait') return candidate.forfaitReorientation;
	// Interfaced doctors stay until their editor has answered: their slots arrive later.
	return shownOffers(candidate, filters, now).length > 0 || (candidate.interfaced && candidate.offers.length === 0 && !filters.within.length && !filters.consultation.length);
}

/**
 * The real platform's order: with slots and participating, with slots, without slots participating,
 * the rest; inside each group by distance when the place searched is known, else by name.
 */
export function sortCandidates(candidates: readonly Candidate[], filters: SearchFilters, now: number): Candidate[] {
	const group = (c: Candidate) => {
		const slots = shownOffers(c, filters, now).length > 0;
		return slots && c.participates ? 0 : slots ? 1 : c.participates ? 2 : 3;
	};
	return [...candidates].sort(
		(a, b) => group(a) - group(b) || (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || a.name.localeCompare(b.name, 'fr') || a.practitionerId.localeCompare(b.practitionerId)
	);
}

export type Card =
	| { type: 'practitioner'; candidate: Candidate }
	| { type: 'cpts'; structure: NonNullable<Candidate['structure']>; members: Candidate[]; distanceKm: number | null };

/** A CPTS card replaces its members' cards, where the first of them stood; the others are cards of their own. */
export function cardsOf(sorted: readonly Candidate[]): Card[] {
	const cards: Card[] = [];
	const cpts = new Map<string, Extract<Card, { type: 'cpts' }>>();
	for (const candidate of sorted) {
		const structure = candidate.structure;
		if (structure?.kind !== 'CPTS') {
			cards.push({ type: 'practitioner', candidate });
			continue;
		}
		const card = cpts.get(structure.id);
		if (card) card.members.push(candidate);
		else {
			const created = { type: 'cpts' as const, structure, members: [candidate], distanceKm: candidate.distanceKm };
			cpts.set(structure.id, created);
			cards.push(created);
		}
	}
	return cards;
}

/** C / T / D: cabinet, téléconsultation, domicile — the letters of the real platform's cards. */
export const CONSULTATION_LETTERS: Record<ConsultationType, string> = { office: 'C', teleconsultation: 'T', home_visit: 'D' };

/**
 * Default radius of a département (km): shorter where doctors are dense (Paris and its ring, the big
 * cities), longer in rural ones; the regulator may widen it.
 */
export function defaultRadiusKm(department: string): number {
	if (['75', '92', '93', '94'].includes(department)) return 5;
	if (['13', '69', '06', '59', '33', '31', '67', '44', '34', '78', '91', '95', '77'].includes(department)) return 15;
	if (department.startsWith('97')) return 20;
	return 25;
}

export const RADII_KM = [5, 10, 15, 25, 40, 60, 100] as const;

/** Great-circle distance in kilometres (the same formula the server runs in SQL). */
export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
	const rad = Math.PI / 180;
	const dLat = (b.latitude - a.latitude) * rad;
	const dLon = (b.longitude - a.longitude) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The editor's booking link, marked as coming from the SAS (the platform adds origin=sas). */
export function withSasOrigin(url: string): string {
	try {
		const parsed = new URL(url);
		parsed.searchParams.set('origin', 'sas');
		return parsed.toString();
	} catch {
		return url;
	}
}
