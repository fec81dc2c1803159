import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql
		.raw(
			`
-- A link for choosing a password is either the invitation of an account never activated, or the
-- reset its owner asked for (or that the account manager sent to the owner's address).
alter table invitations add column purpose text not null default 'invitation' check (purpose in ('invitation', 'reset'));

-- Idempotency-Key of a POST: the same key from the same account gets the first answer again, never
-- a second orientation; the same key with another body is refused.
create table idempotency_keys (
	account_id uuid not null references accounts (id) on delete cascade,
	operation text not null,
	key text not null,
	request_hash text not null,
	status integer not null,
	response jsonb not null,
	created_at timestamptz not null default now(),
	primary key (account_id, operation, key)
);
create index idempotency_keys_created on idempotency_keys (created_at);

-- What the Pro Santé Connect sandbox provider keeps (interactions, sessions, codes, grants) and the
-- identities typed on its sign-in page: in the database, so that any app server continues a
-- sign-in another one began.
create table psc_sandbox_store (
	model text not null,
	id text not null,
	payload jsonb not null,
	grant_id text,
	uid text,
	user_code text,
	expires_at timestamptz,
	consumed_at timestamptz,
	primary key (model, id)
);
create index psc_sandbox_store_grant on psc_sandbox_store (grant_id);
create index psc_sandbox_store_uid on psc_sandbox_store (uid);

-- Secrets the servers of one deployment share and generate once (the sandbox's signing key, its
-- client secret): the first server writes them, every other one reads the same.
create table server_secrets (
	name text primary key,
	value text not null,
	created_at timestamptz not null default now()
);
`
		)
		.execute(db);
}
