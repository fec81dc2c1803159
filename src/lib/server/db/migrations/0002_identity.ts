import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql
		.raw(
			`
create table accounts (
	id uuid primary key,
	role text not null check (role in ('practitioner', 'structureManager', 'accountManager', 'regulator')),
	email text unique,
	password_hash text,
	first_name text not null,
	last_name text not null,
	-- Effecteurs: their practitioner record and the IDNPS Pro Santé Connect asserts.
	practitioner_id uuid unique references practitioners (id),
	psc_subject text unique,
	territory text,
	-- Demo accounts only sign in while the server runs with DEMO_DATA.
	demo boolean not null default false,
	disabled_at timestamptz,
	created_at timestamptz not null default now(),
	created_by uuid references accounts (id),
	last_login_at timestamptz,
	check (role <> 'practitioner' or practitioner_id is not null),
	check (role = 'practitioner' or email is not null)
);

create table account_structures (
	account_id uuid not null references accounts (id) on delete cascade,
	structure_id uuid not null references structures (id),
	primary key (account_id, structure_id)
);
create index account_structures_structure on account_structures (structure_id);

create table invitations (
	id uuid primary key,
	account_id uuid not null references accounts (id) on delete cascade,
	-- Only the SHA-256 of the token is kept: a copy of the database cannot be used to sign in.
	token_hash text not null unique,
	created_at timestamptz not null default now(),
	created_by uuid references accounts (id),
	expires_at timestamptz not null,
	used_at timestamptz,
	revoked_at timestamptz
);
create index invitations_account on invitations (account_id);

create table sessions (
	-- SHA-256 of the cookie's token.
	id text primary key,
	account_id uuid not null references accounts (id) on delete cascade,
	created_at timestamptz not null default now(),
	last_seen_at timestamptz not null default now(),
	expires_at timestamptz not null,
	user_agent text
);
create index sessions_account on sessions (account_id);

-- An OpenID Connect sign-in under way: the browser keeps only a random id in a cookie, so that
-- the callback may land on any app server.
create table oidc_flows (
	id text primary key,
	state text not null,
	nonce text not null,
	code_verifier text not null,
	created_at timestamptz not null default now()
);

create table login_failures (
	id bigserial primary key,
	key text not null,
	at timestamptz not null default now()
);
create index login_failures_key_at on login_failures (key, at);

create table audit_log (
	id bigserial primary key,
	at timestamptz not null default now(),
	account_id uuid references accounts (id),
	-- Who, as the practitioner will read it: "CPTS du Comtat Venaissin", "Dr Claire Aubert".
	actor_label text not null,
	role text not null,
	practitioner_id uuid references practitioners (id),
	entity text not null,
	entity_id text not null,
	action text not null check (action in ('create', 'update', 'delete')),
	before jsonb,
	after jsonb
);
create index audit_log_practitioner on audit_log (practitioner_id, at);
`
		)
		.execute(db);
}
