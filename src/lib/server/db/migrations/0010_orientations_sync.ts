import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql
		.raw(
			`
-- Orientations reach the doctor's and the coordinator's devices through the sync, and their
-- statuses come back through it, offline edits included: the synced rows' columns.
alter table orientations add column seq bigint not null default nextval('change_seq');
alter table orientations add column updated_by text;
alter table orientations add column deleted boolean not null default false;
-- What the device shows of who sent the patient (it has no accounts table).
alter table orientations add column regulator_label text not null default '';
create index orientations_seq on orientations (seq);
`
		)
		.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql.raw('drop index orientations_seq; alter table orientations drop column regulator_label, drop column deleted, drop column updated_by, drop column seq;').execute(db);
}
