import { sql } from 'kysely';
import type { EntityName } from '$lib/domain/entities';
import { todayIn } from '$lib/domain/time';
import type { DB } from '../db';
import { rowFromEntity } from '../rows';
import { buildDemoData, type DemoData } from './demo-data';

/** Insertion order respects foreign keys (structures before practitioners before their rows). */
const ORDER: EntityName[] = [
	'structures',
	'practitioners',
	'addresses',
	'participationSettings',
	'availabilities',
	'unavailabilities',
	'complementaryInfo'
];

export async function isEmpty(db: DB): Promise<boolean> {
	const row = await db.selectFrom('practitioners').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	return Number(row.n) === 0;
}

export async function seedDemoData(db: DB, today = todayIn('Europe/Paris')): Promise<DemoData> {
	const data = buildDemoData(today);
	await db.transaction().execute(async (trx) => {
		for (const entity of ORDER) {
			// Series before the occurrences detached from them (self-reference).
			const values = [...data[entity]].sort((a, b) => Number('seriesId' in a && a.seriesId !== null) - Number('seriesId' in b && b.seriesId !== null));
			for (let i = 0; i < values.length; i += 200) {
				const chunk = values.slice(i, i + 200).map((v) => ({ ...rowFromEntity(entity, v as never), updatedBy: null }));
				if (chunk.length > 0) await trx.insertInto(entity).values(chunk as never).execute();
			}
		}
	});
	return data;
}

/** Removes every row of the synced tables (npm run seed). */
export async function wipe(db: DB): Promise<void> {
	const tables = [...ORDER].reverse().map((entity) => sql.table(entity));
	await sql`truncate ${sql.join(tables)} cascade`.execute(db);
}
