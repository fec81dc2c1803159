import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql
		.raw(
			`
-- What a structure's card shows (address, e-mail, SIRET for SOS Médecins), where it is (WGS84,
-- INSEE code) and whether FINESS still lists it: a structure is closed, never deleted.
alter table structures
	add column siret text check (siret ~ '^[0-9]{14}$'),
	add column street text,
	add column email text,
	add column insee_code text,
	add column latitude double precision check (latitude between -90 and 90),
	add column longitude double precision check (longitude between -180 and 180),
	add column closed boolean not null default false;
create index structures_kind_territory on structures (kind, territory) where not deleted;

-- Where a structure comes from, for the imports (not synced): FINESS, by hand, or the demo.
create table structure_sources (
	structure_id uuid primary key references structures (id),
	source text not null check (source in ('finess', 'manual', 'demo')),
	finess_ej text,
	-- Set when a manager edits the card: the next FINESS import keeps their address and phone.
	card_edited_at timestamptz,
	imported_at timestamptz
);

-- The national directory of médecins (RPPS extract): the directory, not accounts.
create table directory_practitioners (
	rpps text primary key,
	last_name text not null,
	first_name text not null,
	specialty_code text,
	specialty text
);
create table directory_sites (
	rpps text not null,
	mode text,
	siret text,
	finess text,
	site_name text,
	street text,
	postal_code text,
	insee_code text,
	city text,
	phone text
);
create index directory_sites_rpps on directory_sites (rpps);

-- Each import run: what it read and did, for the « Mise en service » and the operators.
create table directory_imports (
	id uuid primary key,
	kind text not null check (kind in ('finess', 'rpps')),
	file text not null,
	started_at timestamptz not null,
	finished_at timestamptz not null,
	summary jsonb not null
);
`
		)
		.execute(db);
}
