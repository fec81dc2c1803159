import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql
		.raw(
			`
-- Appointments booked through booking software and sent back by the editor (flux INT_R03,
-- FrAppointmentSAS): keyed on the editor's own identifier, so that a PUT finds what a POST made.
create table fhir_appointments (
	id uuid primary key,
	sender text not null,
	identifier_system text not null,
	identifier_value text not null,
	practitioner_id uuid references practitioners (id),
	rpps text not null,
	status text not null check (status in ('booked', 'fulfilled', 'noshow', 'cancelled', 'pending')),
	starts_at timestamptz not null,
	ends_at timestamptz not null,
	regulator_system text not null,
	regulator_value text not null,
	regulator_account_id uuid references accounts (id),
	orientation_id uuid,
	resource jsonb not null,
	version integer not null default 1,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	unique (identifier_system, identifier_value)
);
create index fhir_appointments_practitioner on fhir_appointments (practitioner_id, starts_at);

-- What the SAS owes each editor (regulator accounts, flux INT_R02): written in the transaction of
-- the change, sent by whichever app server takes it first (for update skip locked), retried with
-- back-off until the editor says yes. Per editor and account, rows go out in order.
create table editor_outbox (
	id bigserial primary key,
	editor text not null,
	account_id uuid not null references accounts (id),
	method text not null check (method in ('POST', 'PUT')),
	payload jsonb not null,
	attempts integer not null default 0,
	next_attempt_at timestamptz not null default now(),
	sent_at timestamptz,
	last_status integer,
	last_error text,
	created_at timestamptz not null default now()
);
create index editor_outbox_pending on editor_outbox (next_attempt_at) where sent_at is null;
create index editor_outbox_account on editor_outbox (account_id, editor, id);
`
		)
		.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql.raw('drop table editor_outbox; drop table fhir_appointments;').execute(db);
}
