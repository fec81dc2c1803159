import { sql } from 'kysely';
import { addDays, type LocalDate } from '$lib/domain/civil';
import { departmentOfPostalCode } from '$lib/domain/directory';
import { newId } from '$lib/domain/ids';
import { keepsManualAgenda, structureThrough } from '$lib/domain/members';
import { displayName } from '$lib/domain/schemas/practitioner';
import { DEFAULT_TIME_ZONE, practitionerTimeZone } from '$lib/domain/time-zones';
import { weekEnd, weeklyFigures, weeksToClose } from '$lib/domain/weekly-records';
import type { DB } from '../db';
import { repeatInBackground } from '../background';
import { entityFromRow } from '../rows';
import { agendasOf } from '../services/structure.service';

/**
 * The weekly closing: at the end of each week in a zone, every participating practitioner of that
 * zone gets the week's figures written once (weekly_records, append-only). One job per zone and
 * week in the jobs table; a server claims it with FOR UPDATE SKIP LOCKED and closes the week in the
 * same transaction, so several servers never close the same week twice, and a server that dies
 * half-way leaves the job to the next one. A week missed while every server was down is enqueued
 * at the next start (`weeksToClose`).
 */

export const CLOSING_JOB = 'weekly_closing';
const BATCH = 400;

export interface ClosingReport {
	/** Zone-weeks closed by this call. */
	weeks: number;
	/** Records written by this call. */
	records: number;
}

function jobKey(zone: string, week: LocalDate): string {
	return `${zone}|${week}`;
}

/** Enqueues the weeks owed in each zone in use, then closes every due one no other server holds. */
export async function closeDueWeeks(db: DB, nowMs = Date.now()): Promise<ClosingReport> {
	await enqueueClosings(db, nowMs);
	const report: ClosingReport = { weeks: 0, records: 0 };
	const failed = new Set<string>();
	for (;;) {
		let claimed: string | null = null;
		try {
			const written = await db.transaction().execute(async (trx) => {
				let query = trx
					.selectFrom('jobs')
					.select('key')
					.where('kind', '=', CLOSING_JOB)
					.where('doneAt', 'is', null)
					.where('dueAt', '<=', new Date(nowMs));
				if (failed.size) query = query.where('key', 'not in', [...failed]);
				const job = await query.orderBy('dueAt').orderBy('key').limit(1).forUpdate().skipLocked().executeTakeFirst();
				if (!job) return null;
				claimed = job.key;
				const [zone, week] = job.key.split('|') as [string, LocalDate];
				const records = await closeWeek(trx, zone, week);
				await trx.updateTable('jobs').set({ doneAt: new Date(), attempts: sql`attempts + 1`, lastError: null }).where('kind', '=', CLOSING_JOB).where('key', '=', job.key).execute();
				return records;
			});
			if (written === null) break;
			report.weeks += 1;
			report.records += written;
		} catch (error) {
			if (claimed === null) throw error;
			failed.add(claimed);
			console.error(`[agenda-sas] clôture hebdomadaire ${claimed} :`, (error as Error).message);
			await db
				.updateTable('jobs')
				.set({ attempts: sql`attempts + 1`, lastError: (error as Error).message.slice(0, 500) })
				.where('kind', '=', CLOSING_JOB)
				.where('key', '=', claimed)
				.execute();
		}
	}
	return report;
}

async function enqueueClosings(db: DB, nowMs: number): Promise<void> {
	const zones = await db.selectFrom('addresses').select('timeZone').distinct().where('deleted', '=', false).execute();
	const all = [...new Set([DEFAULT_TIME_ZONE, ...zones.map((z) => z.timeZone)])];
	const done = await db
		.selectFrom('jobs')
		.select((eb) => [sql<string>`split_part(key, '|', 1)`.as('zone'), eb.fn.max(sql<string>`split_part(key, '|', 2)`).as('week')])
		.where('kind', '=', CLOSING_JOB)
		.where('doneAt', 'is not', null)
		.groupBy(sql`split_part(key, '|', 1)`)
		.execute();
	const lastDone = new Map(done.map((d) => [d.zone, d.week as LocalDate]));
	const rows = all.flatMap((zone) =>
		weeksToClose(nowMs, zone, lastDone.get(zone) ?? null).map((week) => ({ kind: CLOSING_JOB, key: jobKey(zone, week), dueAt: new Date(weekEnd(week, zone)), doneAt: null, lastError: null }))
	);
	if (rows.length) await db.insertInto('jobs').values(rows).onConflict((oc) => oc.columns(['kind', 'key']).doNothing()).execute();
}

/**
 * Writes the week of every participating practitioner of the zone who has no record of it yet:
 * doctors of a health centre, and those who declared they take part. Returns the records written.
 */
export async function closeWeek(db: DB, zone: string, week: LocalDate): Promise<number> {
	const sunday = addDays(week, 6);
	const end = new Date(weekEnd(week, zone));
	let written = 0;
	let after = '00000000-0000-0000-0000-000000000000';
	for (;;) {
		const practitioners = await db
			.selectFrom('practitioners')
			.leftJoin('participationSettings', (join) => join.onRef('participationSettings.practitionerId', '=', 'practitioners.id').on('participationSettings.deleted', '=', false))
			.selectAll('practitioners')
			.where('practitioners.deleted', '=', false)
			.where('practitioners.id', '>', after)
			.where((eb) => eb.or([eb('practitioners.healthCentreId', 'is not', null), eb('participationSettings.participates', '=', true)]))
			.where((eb) => eb.not(eb.exists(eb.selectFrom('weeklyRecords').select('id').whereRef('weeklyRecords.practitionerId', '=', 'practitioners.id').where('weeklyRecords.weekStart', '=', week))))
			// A first cut on the zone (a place in it, or none at all for the default zone); the exact rule, the first place's zone, below.
			.where((eb) => {
				const places = (zoned: boolean) => {
					let q = eb.selectFrom('addresses').select('addresses.id').whereRef('addresses.practitionerId', '=', 'practitioners.id').where('addresses.deleted', '=', false);
					if (zoned) q = q.where('addresses.timeZone', '=', zone);
					return eb.exists(q);
				};
				return zone === DEFAULT_TIME_ZONE ? eb.or([places(true), eb.not(places(false))]) : places(true);
			})
			.orderBy('practitioners.id')
			.limit(BATCH)
			.execute();
		if (practitioners.length === 0) return written;
		after = practitioners.at(-1)!.id;
		const ids = practitioners.map((p) => p.id);
		const { settingsOf, addressesOf, availabilitiesOf, unavailabilitiesOf } = await agendasOf(db, ids);
		const through = new Map(practitioners.map((p) => [p.id, structureThrough({ healthCentreId: p.healthCentreId, participation: settingsOf.get(p.id) ?? null })]));
		const structures = await structureNames(db, [...through.values()]);

		const records = practitioners.flatMap((row) => {
			const places = addressesOf.get(row.id) ?? [];
			if (practitionerTimeZone(places) !== zone) return [];
			const participation = settingsOf.get(row.id) ?? null;
			// A week that ended before the practitioner joined is not theirs to prove.
			const joined = participation?.declaredAt ?? row.registeredAt;
			if (joined !== null && joined > sunday) return [];
			const interfaced = !keepsManualAgenda({ healthCentreId: row.healthCentreId, participation });
			const [figures] = weeklyFigures(
				{ availabilities: availabilitiesOf.get(row.id) ?? [], unavailabilities: unavailabilitiesOf.get(row.id) ?? [], addresses: places, timeZone: zone, interfaced },
				[week]
			);
			const structureId = through.get(row.id) ?? null;
			return [
				{
					id: newId(),
					practitionerId: row.id,
					weekStart: week,
					timeZone: zone,
					weekEnd: end,
					rpps: row.rpps,
					practitionerName: displayName(entityFromRow('practitioners', row as never)),
					departement: (places[0] && departmentOfPostalCode(places[0].postalCode)) ?? '',
					structureIds: structureId ? [structureId] : [],
					structureName: structureId ? (structures.get(structureId) ?? null) : null,
					source: figures!.source,
					minutes: figures!.minutes,
					status: figures!.status,
					clockChange: figures!.clockChange,
					minutesByKind: JSON.stringify(figures!.minutesByKind),
					minutesByPlace: JSON.stringify(figures!.minutesByPlace),
					unavailableMinutes: figures!.unavailableMinutes,
					unavailableIndefinite: figures!.unavailableIndefinite
				}
			];
		});
		if (records.length) {
			const inserted = await db.insertInto('weeklyRecords').values(records).onConflict((oc) => oc.columns(['practitionerId', 'weekStart']).doNothing()).returning('id').execute();
			written += inserted.length;
		}
	}
}

/** The names of these structures, by id. */
async function structureNames(db: DB, ids: readonly (string | null)[]): Promise<Map<string, string>> {
	const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
	if (wanted.length === 0) return new Map();
	return new Map((await db.selectFrom('structures').select(['id', 'name']).where('id', 'in', wanted).execute()).map((s) => [s.id, s.name]));
}

/** Closes due weeks a second after start and every `everyMs` (a week ends at midnight: a few minutes late is fine). */
export function startClosing(db: DB, everyMs = 10 * 60_000): () => void {
	const background = repeatInBackground(
		'clôture hebdomadaire',
		async () => {
			const report = await closeDueWeeks(db);
			if (report.records) console.info(`[agenda-sas] clôture hebdomadaire : ${report.weeks} semaine(s), ${report.records} enregistrement(s)`);
		},
		{ everyMs, firstAfterMs: 1_000 }
	);
	return () => background.stop();
}
