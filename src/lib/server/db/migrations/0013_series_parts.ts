import { sql, type Kysely } from 'kysely';

/**
 * « Cette occurrence et les suivantes » ends a series and starts a new one: the new one names the
 * one it carries on, so that « Toute la récurrence » still means every part. No foreign key: rows
 * are never removed (soft deletes), and a part outlives the end of the one it continued.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`alter table availabilities add column continues_id uuid`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`alter table availabilities drop column continues_id`.execute(db);
}
