import { startOfIsoWeek, type LocalDate } from '$lib/domain/civil';
import type { EntityName, SyncedRow } from '$lib/domain/entities';
import { practitionerTimeZone } from '$lib/domain/time-zones';
import { todayIn, weekStarts } from '$lib/domain/time';
import { WEEK_STATUS_LABELS, weeklyCheck } from '$lib/domain/weekly-check';
import { keepsManualAgenda } from '$lib/domain/members';
import { byName, type DB } from '../db';
import { HttpProblem } from '../http/problem';
import { syncedFromRow } from '../rows';

type PractitionerScoped = Exclude<EntityName, 'structures' | 'practitioners'>;

async function rowsOf<E extends PractitionerScoped>(db: DB, entity: E, practitionerId: string): Promise<SyncedRow<E>[]> {
	const rows = await byName(db)
		.selectFrom(entity as string)
		.selectAll()
		.where('practitionerId', '=', practitionerId)
		.where('deleted', '=', false)
		.execute();
	return rows.map((row) => syncedFromRow(entity, row as never));
}

export async function getAgenda(db: DB, practitionerId: string) {
	const practitioner = await db
		.selectFrom('practitioners')
		.selectAll()
		.where('id', '=', practitionerId)
		.where('deleted', '=', false)
		.executeTakeFirst();
	if (!practitioner) throw new HttpProblem(404, 'Cet effecteur est introuvable.');
	const [addresses, participation, availabilities, unavailabilities, complementaryInfo] = await Promise.all([
		rowsOf(db, 'addresses', practitionerId),
		rowsOf(db, 'participationSettings', practitionerId),
		rowsOf(db, 'availabilities', practitionerId),
		rowsOf(db, 'unavailabilities', practitionerId),
		rowsOf(db, 'complementaryInfo', practitionerId)
	]);
	addresses.sort((a, b) => a.id.localeCompare(b.id));
	return {
		practitioner: syncedFromRow('practitioners', practitioner),
		timeZone: practitionerTimeZone(addresses),
		addresses,
		participation: participation[0] ?? null,
		availabilities,
		unavailabilities,
		complementaryInfo: complementaryInfo[0] ?? null
	};
}

export async function getWeeklyCheck(db: DB, practitionerId: string, from: LocalDate | undefined, weeks: number) {
	const agenda = await getAgenda(db, practitionerId);
	const first = startOfIsoWeek(from ?? todayIn(agenda.timeZone));
	const results = weeklyCheck({
		availabilities: agenda.availabilities,
		unavailabilities: agenda.unavailabilities,
		timeZone: agenda.timeZone,
		weeks: weekStarts(first, weeks),
		interfaced: !keepsManualAgenda({ healthCentreId: agenda.practitioner.healthCentreId, participation: agenda.participation })
	});
	return {
		timeZone: agenda.timeZone,
		weeks: results.map((w) => ({ ...w, label: WEEK_STATUS_LABELS[w.status] }))
	};
}
