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

type Owned = 'addresses' | 'participationSettings' | 'availabilities' | 'unavailabilities' | 'complementaryInfo';
type OwnedRows = { [E in Owned]: LocalRow<E>[] };
const noRows = (): OwnedRows => ({ addresses: [], participationSettings: [], availabilities: [], unavailabilities: [], complementaryInfo: [] });

/** One practitioner's rows, tombstones left out, in the shape the screens read. */
function assemble(practitioner: LocalRow<'practitioners'>, rows: OwnedRows): LocalAgenda {
	const liveAddresses = alive(rows.addresses).sort((a, b) => a.id.localeCompare(b.id));
	return {
		practitioner: practitioner as LocalAgenda['practitioner'],
		timeZone: practitionerTimeZone(liveAddresses),
		addresses: liveAddresses as LocalAgenda['addresses'],
		participation: (alive(rows.participationSettings)[0] ?? null) as LocalAgenda['participation'],
		availabilities: alive(rows.availabilities) as LocalAgenda['availabilities'],
		unavailabilities: alive(rows.unavailabilities) as LocalAgenda['unavailabilities'],
		complementaryInfo: (alive(rows.complementaryInfo)[0] ?? null) as LocalAgenda['complementaryInfo']
	};
}

/** A practitioner's agenda as the device holds it (tombstones left out); null when it has none. */
export async function localAgenda(store: LocalStore, practitionerId: string): Promise<LocalAgenda | null> {
	const practitioner = await store.practitioners.get(practitionerId);
	if (!practitioner || practitioner.deleted) return null;
	const of = <E extends Owned>(entity: E) => store.rows(entity).where('practitionerId').equals(practitionerId).toArray() as Promise<LocalRow<E>[]>;
	const [addresses, participationSettings, availabilities, unavailabilities, complementaryInfo] = await Promise.all([
		of('addresses'),
		of('participationSettings'),
		of('availabilities'),
		of('unavailabilities'),
		of('complementaryInfo')
	]);
	return assemble(practitioner, { addresses, participationSettings, availabilities, unavailabilities, complementaryInfo });
}

/**
 * The agendas of a structure's members on the device (the sync brings exactly those the account
 * may read). One read per table, grouped by practitioner in memory: reading member by member took
 * some 3,000 IndexedDB requests for a CPTS of 500.
 */
export async function localMembers(store: LocalStore, structure: { id: string; kind: StructureKind }): Promise<LocalAgenda[]> {
	const all = <E extends Owned>(entity: E) => store.rows(entity).toArray() as Promise<LocalRow<E>[]>;
	const [practitioners, participationSettings, addresses, availabilities, unavailabilities, complementaryInfo] = await Promise.all([
		store.practitioners.toArray(),
		all('participationSettings'),
		all('addresses'),
		all('availabilities'),
		all('unavailabilities'),
		all('complementaryInfo')
	]);
	const tables: OwnedRows = { addresses, participationSettings, availabilities, unavailabilities, complementaryInfo };
	const byPractitioner = new Map<string, OwnedRows>();
	for (const entity of Object.keys(tables) as Owned[]) {
		for (const row of tables[entity]) {
			const id = (row as { practitionerId: string }).practitionerId;
			let owned = byPractitioner.get(id);
			if (!owned) byPractitioner.set(id, (owned = noRows()));
			(owned[entity] as LocalRow<Owned>[]).push(row);
		}
	}
	return alive(practitioners)
		.map((practitioner) => assemble(practitioner, byPractitioner.get(practitioner.id) ?? noRows()))
		.filter((agenda) => isMemberOf(structure, { healthCentreId: agenda.practitioner.healthCentreId, participation: agenda.participation }));
}
