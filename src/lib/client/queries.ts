import type { Address, Availability, ComplementaryInfo, ParticipationSettings, Practitioner, Unavailability } from '$lib/domain/schemas';
import { isMemberOf } from '$lib/domain/members';
import type { StructureKind } from '$lib/domain/reference';
import { practitionerTimeZone } from '$lib/domain/time-zones';
import type { LocalRow, LocalStore } from './sync/store';

export interface LocalAgenda {
	practitioner: LocalRow<'practitioners'> & Practitioner;
	timeZone: string;
	addresses: (LocalRow<'addresses'> & Address)[];
	participation: (LocalRow<'participationSettings'> & ParticipationSettings) | null;
	availabilities: (LocalRow<'availabilities'> & Availability)[];
	unavailabilities: (LocalRow<'unavailabilities'> & Unavailability)[];
	complementaryInfo: (LocalRow<'complementaryInfo'> & ComplementaryInfo) | null;
}

const alive = <T extends { deleted: boolean }>(rows: T[]) => rows.filter((r) => !r.deleted);

/** A practitioner's agenda as the device holds it (tombstones left out); null when it has none. */
export async function localAgenda(store: LocalStore, practitionerId: string): Promise<LocalAgenda | null> {
	const practitioner = await store.practitioners.get(practitionerId);
	if (!practitioner || practitioner.deleted) return null;
	const of = <E extends 'addresses' | 'participationSettings' | 'availabilities' | 'unavailabilities' | 'complementaryInfo'>(entity: E) =>
		store.rows(entity).where('practitionerId').equals(practitionerId).toArray();
	const [addresses, settings, availabilities, unavailabilities, info] = await Promise.all([
		of('addresses'),
		of('participationSettings'),
		of('availabilities'),
		of('unavailabilities'),
		of('complementaryInfo')
	]);
	const liveAddresses = alive(addresses).sort((a, b) => a.id.localeCompare(b.id));
	return {
		practitioner: practitioner as LocalAgenda['practitioner'],
		timeZone: practitionerTimeZone(liveAddresses),
		addresses: liveAddresses as LocalAgenda['addresses'],
		participation: (alive(settings)[0] ?? null) as LocalAgenda['participation'],
		availabilities: alive(availabilities) as LocalAgenda['availabilities'],
		unavailabilities: alive(unavailabilities) as LocalAgenda['unavailabilities'],
		complementaryInfo: (alive(info)[0] ?? null) as LocalAgenda['complementaryInfo']
	};
}

/** The agendas of a structure's members on the device (the sync brings exactly those the account may read). */
export async function localMembers(store: LocalStore, structure: { id: string; kind: StructureKind }): Promise<LocalAgenda[]> {
	const [practitioners, settings] = await Promise.all([store.practitioners.toArray(), store.rows('participationSettings').toArray()]);
	const settingsOf = new Map(alive(settings).map((s) => [s.practitionerId, s as unknown as ParticipationSettings]));
	const members = alive(practitioners).filter((p) => isMemberOf(structure, { healthCentreId: p.healthCentreId, participation: settingsOf.get(p.id) ?? null }));
	const agendas = await Promise.all(members.map((p) => localAgenda(store, p.id)));
	return agendas.filter((a): a is LocalAgenda => a !== null);
}
