/**
 * The dashboards at national scale (issue 16): a territory of 3,000 generated doctors in 20
 * structures, a year of orientations (about 30 per doctor), regulators' declarations,
 * unavailabilities and 52 closed weeks of records, written in SQL so that the triggers keep the
 * aggregates as they would in production. Measured: the dashboard of the year (territory, and one
 * structure), against the same counts scanned from the raw rows; the closing of one week for the
 * 3,000 doctors; what the triggers cost the writes. On PostgreSQL when scripts/bench.sh found
 * one, and on PGlite (in memory).
 */
import { sql } from 'kysely';
import { performance } from 'node:perf_hooks';
import { addDays } from '../src/lib/domain/civil';
import { lastClosedWeek } from '../src/lib/domain/weekly-records';
import type { ServerActor } from '../src/lib/server/auth/actor';
import type { DatabaseHandle } from '../src/lib/server/db';
import { closeWeek } from '../src/lib/server/proof/closing';
import { dashboardFor } from '../src/lib/server/proof/dashboard.service';
import { measure, onEachDatabase, type Output } from './harness';

const DOCTORS = Number(process.env.BENCH_DASHBOARD_DOCTORS ?? 3_000);
const PER_DOCTOR = 30;
const TERRITORY = '04';
const REGULATOR = '00000000-0000-4000-8000-00000000d00d';

async function generate(handle: DatabaseHandle, out: Output, label: string): Promise<{ firstWeek: string; lastWeek: string; structure: string }> {
	const db = handle.db;
	const lastWeek = lastClosedWeek(Date.now(), 'Europe/Paris');
	const firstWeek = addDays(lastWeek, -7 * 51);
	await sql`insert into accounts (id, role, email, first_name, last_name, territory) values (${REGULATOR}, 'regulator', 'banc.regulateur@bench.test', 'Banc', 'Régulateur', ${TERRITORY}) on conflict do nothing`.execute(db);
	await sql`
		insert into structures (id, kind, name, territory, zone, participates, honour_declaration, closed)
		select md5('dash-s' || i)::uuid, 'CPTS', 'CPTS de banc ' || i, ${TERRITORY}, '{}', false, false, false from generate_series(1, 20) i
		on conflict do nothing`.execute(db);
	await sql`
		insert into practitioners (id, rpps, last_name, first_name, specialties)
		select md5('dash-p' || i)::uuid, '6' || lpad(i::text, 10, '0'), 'Nom' || i, 'Prénom', array['Médecine générale'] from generate_series(1, ${DOCTORS}) i
		on conflict do nothing`.execute(db);
	await sql`
		insert into addresses (id, practitioner_id, street, postal_code, city, time_zone)
		select md5('dash-a' || i)::uuid, md5('dash-p' || i)::uuid, i || ' rue du Banc', '04000', 'Digne-les-Bains', 'Europe/Paris' from generate_series(1, ${DOCTORS}) i
		on conflict do nothing`.execute(db);
	await sql`
		insert into participation_settings (id, practitioner_id, participates, mode, structure_id, uses_software, honour_declaration, forfait_reorientation)
		select md5('dash-ps' || i)::uuid, md5('dash-p' || i)::uuid, true, 'cpts', md5('dash-s' || (1 + i % 20))::uuid, i % 7 = 0, true, false from generate_series(1, ${DOCTORS}) i
		on conflict do nothing`.execute(db);
	await sql`
		insert into availabilities (id, practitioner_id, address_id, date, start_time, end_time, time_zone, kind, slot_minutes, capacity, consultation_types, rrule)
		select md5('dash-v' || i)::uuid, md5('dash-p' || i)::uuid, md5('dash-a' || i)::uuid, ${firstWeek}::date, '18:00', case when i % 3 = 0 then '19:00' else '20:30' end,
			'Europe/Paris', 'slot', 30, null, array['office'], 'FREQ=WEEKLY;BYDAY=MO'
		from generate_series(1, ${DOCTORS}) i
		on conflict do nothing`.execute(db);

	// A year of the regulation's work, through the triggers that keep the aggregates.
	let t = performance.now();
	await sql`
		insert into orientations (id, regulator_account_id, practitioner_id, structure_id, address_id, kind, starts_at, status, created_at)
		select md5('dash-o' || i)::uuid, ${REGULATOR}, md5('dash-p' || (1 + i % ${DOCTORS}))::uuid, md5('dash-s' || (1 + (i % ${DOCTORS}) % 20))::uuid, md5('dash-a' || (1 + i % ${DOCTORS}))::uuid,
			(array['creneau', 'plage', 'surnumeraire', 'editeur'])[1 + i % 4],
			${firstWeek}::timestamptz + (i % 364) * interval '1 day' + interval '10 hours',
			(array['pending', 'confirmed', 'honoured', 'honoured', 'not_honoured', 'cancelled'])[1 + i % 6],
			${firstWeek}::timestamptz + (i % 364) * interval '1 day' + interval '8 hours'
		from generate_series(1, ${DOCTORS * PER_DOCTOR}) i
		on conflict do nothing`.execute(db);
	const orientations = performance.now() - t;
	out.value(`[${label}] ${(DOCTORS * PER_DOCTOR).toLocaleString('fr-FR')} orientations écrites (agrégats tenus par les déclencheurs), par orientation`, orientations / (DOCTORS * PER_DOCTOR), 'ms', 1);
	await sql`
		insert into regulator_declarations (id, regulator_account_id, practitioner_id, kind, created_at)
		select md5('dash-d' || i)::uuid, ${REGULATOR}, md5('dash-p' || (1 + i % ${DOCTORS}))::uuid, (array['injoignable', 'indisponible', 'mauvaise_specialite', 'autre'])[1 + i % 4],
			${firstWeek}::timestamptz + (i % 364) * interval '1 day'
		from generate_series(1, ${DOCTORS * 2}) i
		on conflict do nothing`.execute(db);
	await sql`
		insert into unavailabilities (id, practitioner_id, starts_at, ends_at, time_zone)
		select md5('dash-u' || i)::uuid, md5('dash-p' || (1 + i % ${DOCTORS}))::uuid, ${firstWeek}::timestamptz + (i % 400) * interval '1 day',
			case when i % 10 = 0 then null else ${firstWeek}::timestamptz + (i % 400 + 7) * interval '1 day' end, 'Europe/Paris'
		from generate_series(1, ${DOCTORS}) i
		on conflict do nothing`.execute(db);
	// 52 closed weeks, as the closing writes them.
	t = performance.now();
	await sql`
		insert into weekly_records (id, practitioner_id, week_start, time_zone, week_end, rpps, practitioner_name, departement, structure_ids, structure_name, source, minutes, status, clock_change, minutes_by_kind, minutes_by_place, unavailable_minutes, unavailable_indefinite)
		select md5('dash-r' || i || '-' || w)::uuid, md5('dash-p' || i)::uuid, ${firstWeek}::date + 7 * w, 'Europe/Paris', ${firstWeek}::date + 7 * w + 7, '6' || lpad(i::text, 10, '0'), 'Dr Prénom Nom' || i,
			${TERRITORY}, array[md5('dash-s' || (1 + i % 20))::uuid], 'CPTS de banc', case when i % 7 = 0 then 'software' else 'agenda' end,
			case when i % 3 = 0 then 60 else 150 end, case when i % 7 = 0 then 'software' when i % 3 = 0 then 'short' else 'ok' end, false, '{}', '[]', 0, false
		from generate_series(1, ${DOCTORS}) i, generate_series(0, 50) w
		on conflict do nothing`.execute(db);
	out.value(`[${label}] ${(DOCTORS * 51).toLocaleString('fr-FR')} semaines enregistrées (agrégats tenus par les déclencheurs), par semaine`, (performance.now() - t) / (DOCTORS * 51), 'ms', 1);
	await sql`analyze`.execute(db);
	return { firstWeek, lastWeek, structure: (await sql<{ id: string }>`select md5('dash-s1')::uuid as id`.execute(db)).rows[0]!.id };
}

const manager: ServerActor = { accountId: REGULATOR, role: 'accountManager', disabled: false, practitionerId: null, structures: [], territory: TERRITORY, firstName: 'Banc', lastName: 'Gestionnaire', email: null };

async function measureDashboards(label: string, handle: DatabaseHandle, runs: number, out: Output): Promise<void> {
	const started = performance.now();
	const { firstWeek, lastWeek, structure } = await generate(handle, out, label);
	out.value(`[${label}] génération (${DOCTORS.toLocaleString('fr-FR')} médecins, une année)`, performance.now() - started, 'ms', 1);
	const year = { from: firstWeek, to: lastWeek };
	let shown = 0;
	const territory = await measure(`[${label}] tableau de bord du territoire, une année (agrégats)`, Math.max(runs, 15), async () => {
		const d = await dashboardFor(handle.db, manager, year);
		shown = d.orientationsByStatus.reduce((n, w) => n + w.total, 0);
	});
	const raw = await measure(`[${label}] les mêmes orientations comptées sur les lignes brutes`, Math.max(3, Math.floor(runs / 2)), () =>
		sql`select date_trunc('week', o.created_at at time zone 'Europe/Paris')::date as week, o.kind, o.status, count(*)
			from orientations o join addresses a on a.id = o.address_id
			where departement_of(a.postal_code) = ${TERRITORY} and not o.deleted and o.created_at >= ${firstWeek}::date
			group by 1, 2, 3`.execute(handle.db)
	);
	out.time(territory, { baseline: raw, target: 200 });
	out.note(`${shown.toLocaleString('fr-FR')} orientations comptées dans le tableau de bord`);
	out.time(await measure(`[${label}] tableau de bord d’une structure, une année`, Math.max(runs, 15), () => dashboardFor(handle.db, manager, { ...year, structureId: structure })), { target: 200 });
	// The closing of a week: every participating doctor's availabilities read and counted, once
	// (a week ahead, that no record holds yet; timed once, as the server runs it once).
	const t = performance.now();
	const written = await closeWeek(handle.db, 'Europe/Paris', addDays(lastWeek, 7 * 10));
	const elapsed = performance.now() - t;
	out.value(`[${label}] clôture d’une semaine : ${written.toLocaleString('fr-FR')} médecins en`, elapsed, 'ms', 1);
	out.value(`[${label}] … par médecin`, elapsed / Math.max(1, written), 'ms', 1);
}

export async function dashboardsBench(runs: number, out: Output): Promise<void> {
	await onEachDatabase(out, (label, handle) => measureDashboards(label, handle, runs, out));
}
