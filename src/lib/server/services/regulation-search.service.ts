import { sql } from 'kysely';
import { addDays } from '$lib/domain/civil';
import { keepsManualAgenda } from '$lib/domain/members';
import type { ConsultationType, StructureKind } from '$lib/domain/reference';
import type { Candidate, Offer } from '$lib/domain/regulation-search';
import { visibleRangesOf } from '$lib/domain/slots';
import { epochMsToWallClock, localEndToEpochMs } from '$lib/domain/time';
import { unavailabilityIntervals } from '$lib/domain/visibility';
import type { DB } from '../db';
import { HttpProblem } from '../http/problem';
import { geocode } from '../locations/geocoder';
import { entityFromRow } from '../rows';
import { communesByCode } from '../communes';

export interface Place {
	latitude: number;
	longitude: number;
	label: string;
	department: string;
	/** An address (sorted by distance) rather than a commune's centre. */
	precise: boolean;
}

/** Where the regulator searches: an address when the geocoder finds it, else the commune's centre. */
export async function resolvePlace(db: DB, input: { inseeCode: string; street?: string }, geocoderUrl: string | null): Promise<Place> {
	const [commune] = await communesByCode([input.inseeCode]);
	if (!commune) throw new HttpProblem(422, 'Commune inconnue.', { inseeCode: ['Choisissez une commune dans la liste'] });
	const label = `${commune.name} (${commune.department})`;
	if (input.street?.trim() && geocoderUrl) {
		const found = await geocode(geocoderUrl, { street: input.street.trim(), postalCode: commune.postalCodes[0] ?? '', city: commune.name }).catch(() => null);
		if (found) return { latitude: found.latitude, longitude: found.longitude, label: `${input.street.trim()}, ${label}`, department: commune.department, precise: true };
	}
	// The commune's centre: where its located places are (one query, no network), else the geocoder's.
	const centre = await db
		.selectFrom('addressLocations')
		.select([sql<number>`avg(latitude)`.as('latitude'), sql<number>`avg(longitude)`.as('longitude')])
		.where('inseeCode', '=', commune.code)
		.where('status', '=', 'located')
		.executeTakeFirst();
	if (centre?.latitude != null && centre.longitude != null) return { latitude: Number(centre.latitude), longitude: Number(centre.longitude), label, department: commune.department, precise: false };
	if (geocoderUrl) {
		const found = await geocode(geocoderUrl, { street: '', postalCode: commune.postalCodes[0] ?? '', city: commune.name }).catch(() => null);
		if (found) return { latitude: found.latitude, longitude: found.longitude, label, department: commune.department, precise: false };
	}
	throw new HttpProblem(422, 'Cette commune n’a pas pu être située.', { inseeCode: ['Commune introuvable sur la carte : essayez une commune voisine'] });
}

/** The window of the search: now to the end of the day after tomorrow (Paris), as the platform. */
export function searchWindow(now: number, zone = 'Europe/Paris'): { from: number; to: number } {
	return { from: now, to: localEndToEpochMs(addDays(epochMsToWallClock(now, zone).date, 2), '00:00', zone) };
}

const MAX_CANDIDATES = 1_000;

/**
 * Every practitioner with a located place within `radiusKm` of `place` (and of this specialty), with
 * their SAS-agenda offers of the window and how many patients each already has. A bounding box on
 * the places' index first, then the exact distance; the nearest place of each practitioner.
 */
export async function findCandidates(db: DB, place: Place, options: { radiusKm: number; specialty?: string; now: number }): Promise<Candidate[]> {
	const { radiusKm, now } = options;
	const dLat = radiusKm / 111.2;
	const dLon = radiusKm / (111.2 * Math.max(0.05, Math.cos((place.latitude * Math.PI) / 180)));
	const distance = sql<number>`2 * 6371 * asin(least(1, sqrt(power(sin(radians(l.latitude - ${place.latitude}) / 2), 2) + cos(radians(${place.latitude})) * cos(radians(l.latitude)) * power(sin(radians(l.longitude - ${place.longitude}) / 2), 2))))`;
	let query = db
		.selectFrom('addressLocations as l')
		.innerJoin('addresses as a', 'a.id', 'l.addressId')
		.innerJoin('practitioners as p', 'p.id', 'a.practitionerId')
		.select(['a.id as addressId', 'a.practitionerId', distance.as('distanceKm')])
		.where('l.status', '=', 'located')
		.where('l.latitude', '>=', place.latitude - dLat)
		.where('l.latitude', '<=', place.latitude + dLat)
		.where('l.longitude', '>=', place.longitude - dLon)
		.where('l.longitude', '<=', place.longitude + dLon)
		.where(distance, '<=', radiusKm)
		.where('a.deleted', '=', false)
		.where('p.deleted', '=', false)
		.orderBy('distanceKm')
		.limit(MAX_CANDIDATES * 2);
	if (options.specialty) query = query.where(sql<boolean>`${options.specialty} = any(p.specialties)`);
	const places = await query.execute();
	if (places.length === 0) return [];
	const nearest = new Map<string, { addressId: string; distanceKm: number }>();
	for (const p of places) if (!nearest.has(p.practitionerId)) nearest.set(p.practitionerId, { addressId: p.addressId, distanceKm: Number(p.distanceKm) });
	const ids = [...nearest.keys()].slice(0, MAX_CANDIDATES);
	const window = searchWindow(now);
	const [practitioners, settings, addresses, availabilities, unavailabilities, infos] = await Promise.all([
		db.selectFrom('practitioners').select(['id', 'lastName', 'firstName', 'specialties', 'healthCentreId']).where('id', 'in', ids).execute(),
		db.selectFrom('participationSettings').selectAll().where('practitionerId', 'in', ids).where('deleted', '=', false).execute(),
		db.selectFrom('addresses').selectAll().where('practitionerId', 'in', ids).where('deleted', '=', false).execute(),
		db.selectFrom('availabilities').selectAll().where('practitionerId', 'in', ids).where('deleted', '=', false).execute(),
		db.selectFrom('unavailabilities').selectAll().where('practitionerId', 'in', ids).where('deleted', '=', false).execute(),
		db.selectFrom('complementaryInfo').select(['practitionerId', 'text']).where('practitionerId', 'in', ids).where('deleted', '=', false).execute()
	]);
	const structureIds = [...new Set([...practitioners.map((p) => p.healthCentreId), ...settings.map((s) => s.structureId)].filter((id): id is string => id !== null))];
	const structures = structureIds.length ? await db.selectFrom('structures').select(['id', 'kind', 'name', 'phone', 'closed']).where('id', 'in', structureIds).execute() : [];
	const availabilityIds = availabilities.map((a) => a.id);
	const taken = availabilityIds.length
		? await db
				.selectFrom('orientations')
				.select(['availabilityId', 'startsAt', sql<number>`count(*)`.as('count')])
				.where('availabilityId', 'in', availabilityIds)
				.where('status', '<>', 'cancelled')
				.where('startsAt', '>=', new Date(window.from - 86_400_000))
				.groupBy(['availabilityId', 'startsAt'])
				.execute()
		: [];
	const takenAt = new Map(taken.map((t) => [`${t.availabilityId}|${t.startsAt.getTime()}`, Number(t.count)]));
	const byPractitioner = <T extends { practitionerId: string }>(rows: T[]) => {
		const map = new Map<string, T[]>();
		for (const row of rows) map.set(row.practitionerId, [...(map.get(row.practitionerId) ?? []), row]);
		return map;
	};
	const settingsOf = new Map(settings.map((s) => [s.practitionerId, s]));
	const addressesOf = byPractitioner(addresses);
	const availabilitiesOf = byPractitioner(availabilities.map((a) => entityFromRow('availabilities', a)));
	const unavailabilitiesOf = byPractitioner(unavailabilities.map((u) => entityFromRow('unavailabilities', u)));
	const infoOf = new Map(infos.map((i) => [i.practitionerId, i.text]));
	const structureOf = new Map(structures.map((s) => [s.id, s]));

	const candidates: Candidate[] = [];
	for (const practitioner of practitioners) {
		const setting = settingsOf.get(practitioner.id) ?? null;
		const own = unavailabilitiesOf.get(practitioner.id) ?? [];
		// Doctors on a declared unavailability (all their places, now) are not shown.
		const away = unavailabilityIntervals(own).some((u) => u.addressId === null && u.start <= now && u.end > now);
		if (away) continue;
		const near = nearest.get(practitioner.id)!;
		const address = (addressesOf.get(practitioner.id) ?? []).find((a) => a.id === near.addressId);
		if (!address) continue;
		const structureId = practitioner.healthCentreId ?? setting?.structureId ?? null;
		const structure = structureId ? structureOf.get(structureId) : undefined;
		const interfaced = !keepsManualAgenda({
			healthCentreId: practitioner.healthCentreId,
			participation: setting ? { participates: setting.participates, mode: null, structureId: null, usesSoftware: setting.usesSoftware, refusesEditorSlots: setting.refusesEditorSlots } : null
		});
		const offers: Offer[] = [];
		if (!interfaced) {
			for (const { availability: a, start, end } of visibleRangesOf(availabilitiesOf.get(practitioner.id) ?? [], own, window.from, window.to)) {
				if (end <= now || start >= window.to) continue;
				offers.push({
					source: 'sas',
					start,
					end,
					kind: a.kind === 'slot' ? 'slot' : a.kind === 'capacity' ? 'capacity' : 'walk_in',
					capacity: a.capacity,
					taken: takenAt.get(`${a.id}|${start}`) ?? 0,
					consultationTypes: a.consultationTypes as ConsultationType[],
					availabilityId: a.id,
					addressId: a.addressId,
					bookingUrl: null
				});
			}
		}
		candidates.push({
			practitionerId: practitioner.id,
			name: `Dr ${practitioner.firstName} ${practitioner.lastName}`,
			specialties: practitioner.specialties,
			address: { id: address.id, street: address.street, postalCode: address.postalCode, city: address.city, phone: address.phone },
			distanceKm: Math.round(near.distanceKm * 10) / 10,
			participates: setting?.participates ?? false,
			forfaitReorientation: setting?.forfaitReorientation ?? false,
			complementaryInfo: infoOf.get(practitioner.id) ?? null,
			structure: structure && !structure.closed ? { id: structure.id, kind: structure.kind as StructureKind, name: structure.name, phone: structure.phone } : null,
			interfaced,
			offers
		});
	}
	return candidates;
}
