import { sql, type Kysely } from 'kysely';

/** Columns every synced row carries (DESIGN §5): version per row, a server-wide change sequence, tombstones. */
const SYNC_COLUMNS = `
	version integer not null default 1 check (version >= 1),
	seq bigint not null default nextval('change_seq'),
	updated_at timestamptz not null default now(),
	updated_by text,
	deleted boolean not null default false`;

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql
		.raw(
			`
create sequence change_seq;

create table structures (
	id uuid primary key,
	kind text not null check (kind in ('CPTS', 'MSP', 'CDS', 'SOS')),
	name text not null,
	finess text unique,
	ror_id text,
	phone text,
	city text,
	postal_code text,
	territory text not null,
	zone text[] not null default '{}',
	participates boolean not null default false,
	honour_declaration boolean not null default false,
	${SYNC_COLUMNS}
);

create table practitioners (
	id uuid primary key,
	rpps text not null unique check (rpps ~ '^[0-9]{11}$'),
	last_name text not null,
	first_name text not null,
	specialties text[] not null default '{}',
	phone text,
	registered_at date,
	health_centre_id uuid references structures (id),
	${SYNC_COLUMNS}
);
create index practitioners_health_centre on practitioners (health_centre_id);

create table addresses (
	id uuid primary key,
	practitioner_id uuid not null references practitioners (id),
	street text not null,
	postal_code text not null,
	city text not null,
	insee_code text,
	phone text,
	time_zone text not null,
	${SYNC_COLUMNS}
);
create index addresses_practitioner on addresses (practitioner_id);

create table participation_settings (
	id uuid primary key,
	practitioner_id uuid not null unique references practitioners (id),
	participates boolean not null default false,
	mode text check (mode in ('individual', 'cpts', 'msp', 'sos')),
	structure_id uuid references structures (id),
	cpts_address_ids uuid[] not null default '{}',
	uses_software boolean,
	software text[] not null default '{}',
	refuses_editor_slots boolean not null default false,
	honour_declaration boolean not null default false,
	forfait_reorientation boolean not null default false,
	declared_at date,
	${SYNC_COLUMNS}
);
create index participation_structure on participation_settings (structure_id);

create table availabilities (
	id uuid primary key,
	practitioner_id uuid not null references practitioners (id),
	address_id uuid not null references addresses (id),
	date date not null,
	start_time text not null check (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
	end_time text not null check (end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
	time_zone text not null,
	kind text not null check (kind in ('slot', 'capacity', 'walk_in')),
	slot_minutes integer check (slot_minutes in (10, 15, 20, 30)),
	capacity integer check (capacity between 1 and 50),
	consultation_types text[] not null,
	rrule text,
	exdates text[] not null default '{}',
	series_id uuid references availabilities (id),
	original_date date,
	${SYNC_COLUMNS}
);
create index availabilities_practitioner on availabilities (practitioner_id);
create index availabilities_series on availabilities (series_id);

create table unavailabilities (
	id uuid primary key,
	practitioner_id uuid not null references practitioners (id),
	address_id uuid references addresses (id),
	starts_at timestamptz not null,
	ends_at timestamptz check (ends_at is null or ends_at > starts_at),
	time_zone text not null,
	${SYNC_COLUMNS}
);
create index unavailabilities_practitioner on unavailabilities (practitioner_id);

create table complementary_info (
	id uuid primary key,
	practitioner_id uuid not null unique references practitioners (id),
	text text not null default '',
	${SYNC_COLUMNS}
);
`
		)
		.execute(db);
	for (const table of ['structures', 'practitioners', 'addresses', 'participation_settings', 'availabilities', 'unavailabilities', 'complementary_info']) {
		await sql.raw(`create index ${table}_seq on ${table} (seq)`).execute(db);
	}
}
