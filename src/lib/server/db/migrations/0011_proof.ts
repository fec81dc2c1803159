import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql
		.raw(
			`
-- The département of a postal code, as structures name their territory (domain/directory.ts).
create function departement_of(postal_code text) returns text language sql immutable as $$
	select case
		when $1 is null or $1 !~ '^[0-9]{5}$' then null
		when left($1, 2) in ('97', '98') then left($1, 3)
		when left($1, 2) = '20' then case when $1::int < 20200 then '2A' else '2B' end
		else left($1, 2)
	end
$$;

-- Where the dashboards file a practitioner: the département of their first place, the structure
-- through which they take part (their health centre, or the structure of their participation).
create function practitioner_departement(pid uuid) returns text language sql stable as $$
	select departement_of(postal_code) from addresses where practitioner_id = pid and not deleted order by id limit 1
$$;
create function practitioner_structure(pid uuid) returns uuid language sql stable as $$
	select coalesce(
		(select health_centre_id from practitioners where id = pid),
		(select structure_id from participation_settings where practitioner_id = pid and not deleted and participates order by id limit 1)
	)
$$;
create function paris_week(at timestamptz) returns date language sql stable as $$
	select date_trunc('week', at at time zone 'Europe/Paris')::date
$$;

-- Each practitioner's week as it stood when it closed in their zone: written once, never changed
-- (the trigger refuses updates and deletes), the proof of the 2 hours (avenant 9).
create table weekly_records (
	id uuid primary key,
	practitioner_id uuid not null references practitioners (id),
	week_start date not null,
	time_zone text not null,
	week_end timestamptz not null,
	recorded_at timestamptz not null default now(),
	rpps text not null,
	practitioner_name text not null,
	departement text not null default '',
	structure_ids uuid[] not null default '{}',
	structure_name text,
	source text not null check (source in ('agenda', 'software')),
	minutes integer not null check (minutes >= 0),
	status text not null check (status in ('ok', 'short', 'leave', 'software')),
	clock_change boolean not null,
	minutes_by_kind jsonb not null,
	minutes_by_place jsonb not null,
	unavailable_minutes integer not null,
	unavailable_indefinite boolean not null,
	unique (practitioner_id, week_start)
);
create index weekly_records_structures on weekly_records using gin (structure_ids);
create index weekly_records_departement on weekly_records (departement, week_start);

create function refuse_change() returns trigger language plpgsql as $$
begin
	raise exception '% est en ajout seul : une ligne écrite ne change plus', tg_table_name using errcode = '55000';
end
$$;
create trigger weekly_records_append_only before update or delete on weekly_records for each row execute function refuse_change();

-- A quarter's proof handed to the practitioner: the records it shows, under a code anyone checks
-- at /verification/{code} without an account.
create table proof_documents (
	code text primary key,
	practitioner_id uuid not null references practitioners (id),
	quarter text not null,
	record_ids uuid[] not null,
	issued_at timestamptz not null default now(),
	issued_by uuid references accounts (id)
);
create index proof_documents_practitioner on proof_documents (practitioner_id, quarter);
create trigger proof_documents_append_only before update or delete on proof_documents for each row execute function refuse_change();

-- Work owed at a given time (a week to close in a zone), claimed by one server at a time with
-- FOR UPDATE SKIP LOCKED; done_at says it is done, whoever did it.
create table jobs (
	kind text not null,
	key text not null,
	due_at timestamptz not null,
	done_at timestamptz,
	attempts integer not null default 0,
	last_error text,
	created_at timestamptz not null default now(),
	primary key (kind, key)
);
create index jobs_due on jobs (due_at) where done_at is null;

-- The dashboards' figures, per week (Europe/Paris), per département, per structure ('' = every
-- practitioner of the département, counted once), kept up to date by triggers as rows change.
create table orientation_stats (
	week_start date not null,
	departement text not null,
	structure_id text not null,
	kind text not null,
	status text not null,
	count integer not null,
	primary key (departement, structure_id, week_start, kind, status)
);
create table declaration_stats (
	week_start date not null,
	departement text not null,
	structure_id text not null,
	kind text not null,
	count integer not null,
	primary key (departement, structure_id, week_start, kind)
);
create table unavailability_stats (
	start_week date not null,
	end_week date not null,
	departement text not null,
	structure_id text not null,
	count integer not null,
	primary key (departement, structure_id, start_week, end_week)
);
create table weekly_stats (
	week_start date not null,
	departement text not null,
	structure_id text not null,
	participants integer not null,
	ok integer not null,
	short integer not null,
	leave integer not null,
	software integer not null,
	minutes bigint not null,
	primary key (departement, structure_id, week_start)
);
-- Where a row was filed when it was written, so that a later change takes it out of the same place.
create table stat_filing (
	entity text not null,
	entity_id uuid not null,
	departement text not null,
	structure_id text not null,
	primary key (entity, entity_id)
);

create function file_row(kind text, row_id uuid, pid uuid, fallback text) returns stat_filing language plpgsql as $$
declare
	filed stat_filing;
begin
	select * into filed from stat_filing where entity = kind and entity_id = row_id;
	if found then return filed; end if;
	insert into stat_filing values (kind, row_id, coalesce(practitioner_departement(pid), fallback, ''), coalesce(practitioner_structure(pid)::text, ''))
		returning * into filed;
	return filed;
end
$$;
-- The rows a filed row counts in: the département's whole ('') and its structure, if any.
create function filed_under(f stat_filing) returns text[] language sql immutable as $$
	select array_remove(array['', nullif(f.structure_id, '')], null)
$$;

create function bump_orientation(o orientations, delta integer) returns void language plpgsql as $$
declare
	filed stat_filing := file_row('orientations', o.id, o.practitioner_id, (select territory from accounts where id = o.regulator_account_id));
	structure text;
begin
	foreach structure in array filed_under(filed) loop
		insert into orientation_stats values (paris_week(o.created_at), filed.departement, structure, o.kind, o.status, delta)
			on conflict (departement, structure_id, week_start, kind, status) do update set count = orientation_stats.count + excluded.count;
	end loop;
end
$$;
create function orientations_stats() returns trigger language plpgsql as $$
begin
	if tg_op = 'UPDATE' then
		if old.status = new.status and old.kind = new.kind and old.deleted = new.deleted and old.created_at = new.created_at then return null; end if;
		if not old.deleted then perform bump_orientation(old, -1); end if;
	end if;
	if not new.deleted then perform bump_orientation(new, 1); end if;
	return null;
end
$$;
create trigger orientations_stats after insert or update on orientations for each row execute function orientations_stats();

create function bump_declaration(d regulator_declarations) returns void language plpgsql as $$
declare
	filed stat_filing := file_row('regulator_declarations', d.id, d.practitioner_id, (select territory from accounts where id = d.regulator_account_id));
	structure text;
begin
	foreach structure in array filed_under(filed) loop
		insert into declaration_stats values (paris_week(d.created_at), filed.departement, structure, d.kind, 1)
			on conflict (departement, structure_id, week_start, kind) do update set count = declaration_stats.count + 1;
	end loop;
end
$$;
create function declarations_stats() returns trigger language plpgsql as $$
begin
	perform bump_declaration(new);
	return null;
end
$$;
create trigger declarations_stats after insert on regulator_declarations for each row execute function declarations_stats();

create function bump_unavailability(u unavailabilities, delta integer) returns void language plpgsql as $$
declare
	filed stat_filing := file_row('unavailabilities', u.id, u.practitioner_id, null);
	structure text;
begin
	foreach structure in array filed_under(filed) loop
		insert into unavailability_stats values (paris_week(u.starts_at), coalesce(paris_week(u.ends_at - interval '1 microsecond'), 'infinity'::date), filed.departement, structure, delta)
			on conflict (departement, structure_id, start_week, end_week) do update set count = unavailability_stats.count + excluded.count;
	end loop;
end
$$;
create function unavailabilities_stats() returns trigger language plpgsql as $$
begin
	if tg_op = 'UPDATE' then
		if old.starts_at = new.starts_at and old.ends_at is not distinct from new.ends_at and old.deleted = new.deleted then return null; end if;
		if not old.deleted then perform bump_unavailability(old, -1); end if;
	end if;
	if not new.deleted then perform bump_unavailability(new, 1); end if;
	return null;
end
$$;
create trigger unavailabilities_stats after insert or update on unavailabilities for each row execute function unavailabilities_stats();

create function weekly_records_stats() returns trigger language plpgsql as $$
declare
	structure text;
begin
	foreach structure in array array_prepend('', new.structure_ids::text[]) loop
		insert into weekly_stats values (new.week_start, new.departement, structure, 1,
				(new.status = 'ok')::int, (new.status = 'short')::int, (new.status = 'leave')::int, (new.status = 'software')::int, new.minutes)
			on conflict (departement, structure_id, week_start) do update set
				participants = weekly_stats.participants + 1,
				ok = weekly_stats.ok + excluded.ok,
				short = weekly_stats.short + excluded.short,
				leave = weekly_stats.leave + excluded.leave,
				software = weekly_stats.software + excluded.software,
				minutes = weekly_stats.minutes + excluded.minutes;
	end loop;
	return null;
end
$$;
create trigger weekly_records_stats after insert on weekly_records for each row execute function weekly_records_stats();

-- The rows written before these triggers, filed once, as the triggers would have.
select bump_orientation(o, 1) from orientations o where not o.deleted;
select bump_declaration(d) from regulator_declarations d;
select bump_unavailability(u, 1) from unavailabilities u where not u.deleted;

-- Regulators' heads read their territory's dashboards.
alter table accounts add column regulation_head boolean not null default false;
`
		)
		.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql
		.raw(
			`
alter table accounts drop column regulation_head;
drop trigger weekly_records_stats on weekly_records; drop function weekly_records_stats();
drop trigger unavailabilities_stats on unavailabilities; drop function unavailabilities_stats(); drop function bump_unavailability(unavailabilities, integer);
drop trigger declarations_stats on regulator_declarations; drop function declarations_stats(); drop function bump_declaration(regulator_declarations);
drop trigger orientations_stats on orientations; drop function orientations_stats(); drop function bump_orientation(orientations, integer);
drop function filed_under(stat_filing); drop function file_row(text, uuid, uuid, text);
drop table stat_filing, weekly_stats, unavailability_stats, declaration_stats, orientation_stats, jobs, proof_documents, weekly_records;
drop function refuse_change(); drop function paris_week(timestamptz); drop function practitioner_structure(uuid); drop function practitioner_departement(uuid); drop function departement_of(text);
`
		)
		.execute(db);
}
