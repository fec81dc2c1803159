import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql
		.raw(
			`
-- The SHA-256 of what a mutation carried: the same id sent again with other content is refused
-- instead of being answered from the record while its content is silently dropped.
alter table mutations add column hash text;

-- A practitioner record a health centre created, claimed by a doctor at their first Pro Santé
-- Connect sign-in: the doctor accepts that the centre keeps their agenda, or refuses (the centre
-- then loses access). Until then, the doctor is asked at each sign-in.
create table record_claims (
	id uuid primary key,
	practitioner_id uuid not null references practitioners (id),
	account_id uuid not null references accounts (id),
	structure_id uuid not null references structures (id),
	created_at timestamptz not null default now(),
	decision text check (decision in ('accepted', 'refused')),
	decided_at timestamptz
);
create unique index record_claims_open on record_claims (practitioner_id) where decision is null;
`
		)
		.execute(db);
}
