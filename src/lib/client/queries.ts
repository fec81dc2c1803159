import type { Address, Availability, ComplementaryInfo, ParticipationSettings, Practitioner, Unavailability } from '$lib/domain/schemas';
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
