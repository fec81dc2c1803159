import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql
		.raw(
			`
-- Where each place of practice is (WGS84, INSEE code), from the Base Adresse Nationale: kept on the
-- server beside the synced address (a location found later never conflicts with an edit made
-- offline). \`query\` is the address text located: when the address changes, it is located again.
create table address_locations (
	address_id uuid primary key references addresses (id),
	query text not null,
	status text not null check (status in ('located', 'not_found', 'failed')),
	latitude double precision check (latitude between -90 and 90),
	longitude double precision check (longitude between -180 and 180),
	insee_code text,
	score real,
	attempts integer not null default 0,
	next_attempt_at timestamptz,
	updated_at timestamptz not null default now()
);

-- The geocoder's answers by address text: doctors of one centre share an address, and an address
-- edited back and forth is asked once.
create table geocoder_cache (
	query text primary key,
	found boolean not null,
	latitude double precision,
	longitude double precision,
	insee_code text,
	score real,
	fetched_at timestamptz not null default now()
);
`
		)
		.execute(db);
}
