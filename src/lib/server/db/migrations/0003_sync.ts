import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql
		.raw(
			`
-- Every mutation the server has answered, with its answer: a mutation sent again (after a lost
-- response, a crash, a reload) gets the same answer and is never applied twice.
create table mutations (
	id uuid primary key,
	account_id uuid not null references accounts (id),
	entity text not null,
	entity_id uuid not null,
	result jsonb not null,
	created_at timestamptz not null default now()
);
create index mutations_created on mutations (created_at);
`
		)
		.execute(db);
}
