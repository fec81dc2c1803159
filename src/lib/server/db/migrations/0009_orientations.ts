import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql
		.raw(
			`
-- The regulator's search finds located places within a radius: a bounding box on this index, then
-- the exact great-circle distance (no extension needed, on PGlite and PostgreSQL alike).
create index address_locations_place on address_locations (latitude, longitude) where status = 'located';

-- A patient a regulator sends to a doctor (seed 003 Q20–22): on a slot, on a range (one of its
-- patients), or « hors créneaux » (surnuméraire) at a date and a quarter hour; or through the
-- editor's booking page ('editeur'), matched later with the appointment the editor sends back.
create table orientations (
	id uuid primary key,
	regulator_account_id uuid not null references accounts (id),
	practitioner_id uuid not null references practitioners (id),
	structure_id uuid references structures (id),
	address_id uuid references addresses (id),
	availability_id uuid references availabilities (id),
	kind text not null check (kind in ('creneau', 'plage', 'surnumeraire', 'editeur')),
	starts_at timestamptz not null,
	ends_at timestamptz,
	consultation_type text check (consultation_type in ('office', 'teleconsultation', 'home_visit')),
	patient_reference text not null default '',
	status text not null default 'pending' check (status in ('pending', 'confirmed', 'honoured', 'not_honoured', 'cancelled')),
	status_changed_by text,
	version integer not null default 1,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);
-- One patient per slot, whatever the race: the second insert fails.
create unique index orientations_one_per_slot on orientations (availability_id, starts_at) where kind = 'creneau' and status <> 'cancelled';
create index orientations_practitioner on orientations (practitioner_id, starts_at);
create index orientations_taken on orientations (availability_id, starts_at) where status <> 'cancelled';

-- What regulators say of a practitioner they tried to reach.
create table regulator_declarations (
	id uuid primary key,
	regulator_account_id uuid not null references accounts (id),
	practitioner_id uuid not null references practitioners (id),
	kind text not null check (kind in ('injoignable', 'indisponible', 'mauvaise_specialite', 'autre')),
	comment text not null default '',
	created_at timestamptz not null default now()
);
create index regulator_declarations_practitioner on regulator_declarations (practitioner_id, created_at);

alter table fhir_appointments add constraint fhir_appointments_orientation foreign key (orientation_id) references orientations (id);
`
		)
		.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql.raw('alter table fhir_appointments drop constraint fhir_appointments_orientation; drop table regulator_declarations; drop table orientations; drop index address_locations_place;').execute(db);
}
