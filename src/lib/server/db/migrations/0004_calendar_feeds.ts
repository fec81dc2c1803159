import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql
		.raw(
			`
-- A doctor's private iCalendar subscription: the URL carries a random token, stored hashed;
-- a new link revokes the previous one.
create table calendar_feeds (
	id uuid primary key,
	practitioner_id uuid not null references practitioners (id),
	token_hash text not null unique,
	created_at timestamptz not null default now(),
	created_by uuid references accounts (id),
	revoked_at timestamptz
);
create index calendar_feeds_practitioner on calendar_feeds (practitioner_id);
`
		)
		.execute(db);
}
