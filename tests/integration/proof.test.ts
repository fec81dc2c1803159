import { todayIn } from '../../src/lib/domain/time';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRACTITIONER_ID, demoId } from '../../src/lib/demo';
import { addDays } from '../../src/lib/domain/civil';
import { newOrientationSchema } from '../../src/lib/domain/schemas';
import { lastClosedWeek, quarterOf, weekEnd } from '../../src/lib/domain/weekly-records';
import type { ServerActor } from '../../src/lib/server/auth/actor';
import type { DatabaseHandle } from '../../src/lib/server/db';
import { closeDueWeeks, closeWeek } from '../../src/lib/server/proof/closing';
import { dashboardFor } from '../../src/lib/server/proof/dashboard.service';
import { proofPdf, structureSummaryPdf } from '../../src/lib/server/proof/pdf';
import { issueProof, practitionerRecords, structureRecords, verifyProof } from '../../src/lib/server/proof/records.service';
import { seedDemoData } from '../../src/lib/server/seed';
import { indicatorsFor } from '../../src/lib/server/services/indicators.service';
import { orient, setOrientationStatus } from '../../src/lib/server/services/orientation.service';
import { actorByEmail, doctorActor } from './helpers/actors';
import { openTestDatabase } from './helpers/database';
import { pdfText } from '../support/pdf-text';

let handle: DatabaseHandle;
const NOW = Date.now();
const ZONE = 'Europe/Paris';
const CLOSED = lastClosedWeek(NOW, ZONE);
const COMTAT = demoId('structure:cpts-comtat');
/**
 * When the tests close weeks: Monday 06:00 in Paris after the last closed week, so that La Réunion
 * (ahead of Paris) has closed the same week whatever the hour the tests run.
 */
const AT = weekEnd(CLOSED, ZONE) + 6 * 3_600_000;

beforeAll(async () => {
	handle = await openTestDatabase();
	await seedDemoData(handle.db);
});
afterAll(() => handle.close());

const recordsOf = (practitionerId: string) => handle.db.selectFrom('weeklyRecords').selectAll().where('practitionerId', '=', practitionerId).orderBy('weekStart').execute();
const count = async (table: 'weeklyRecords' | 'jobs') => Number((await handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('the weekly closing', () => {
	it('catches up the weeks missed while no server ran, then closes each new week once, whoever runs it', async () => {
		// The servers stopped three weeks ago: the first start closed the weeks up to then.
		const first = await closeDueWeeks(handle.db, AT - 21 * 86_400_000);
		expect(first.records).toBeGreaterThan(0);
		const claireThen = await recordsOf(DEMO_PRACTITIONER_ID);
		expect(claireThen.at(-1)!.weekStart).toBe(addDays(CLOSED, -21));

		// Back up now: the three weeks missed are closed, and only those.
		const [a, b] = await Promise.all([closeDueWeeks(handle.db, AT), closeDueWeeks(handle.db, AT)]);
		expect(a.weeks + b.weeks).toBe(3 * (await zonesInUse()));
		const claire = await recordsOf(DEMO_PRACTITIONER_ID);
		expect(claire.map((r) => r.weekStart).slice(-4)).toEqual([addDays(CLOSED, -21), addDays(CLOSED, -14), addDays(CLOSED, -7), CLOSED]);
		expect(a.records + b.records + first.records).toBe(await count('weeklyRecords'));

		// Idempotent: running it again writes nothing.
		const records = await count('weeklyRecords');
		expect(await closeDueWeeks(handle.db, AT)).toEqual({ weeks: 0, records: 0 });
		expect(await closeWeek(handle.db, ZONE, CLOSED)).toBe(0);
		expect(await count('weeklyRecords')).toBe(records);
	});

	it('records the week’s figures by kind and by place, with the practitioner, the structure and the source', async () => {
		const record = (await recordsOf(DEMO_PRACTITIONER_ID)).find((r) => r.weekStart === CLOSED)!;
		const byKind = record.minutesByKind as Record<string, number>;
		expect(record).toMatchObject({ rpps: expect.stringMatching(/^\d{11}$/), practitionerName: 'Dr Claire Aubert', structureName: 'CPTS du Comtat Venaissin', departement: '84', source: 'agenda', timeZone: ZONE });
		expect(record.structureIds).toEqual([COMTAT]);
		expect(record.weekEnd.getTime()).toBe(weekEnd(CLOSED, ZONE));
		expect(Object.values(byKind).reduce((n, m) => n + m, 0)).toBeGreaterThanOrEqual(record.minutes);
		expect((record.minutesByPlace as { label: string; minutes: number }[])[0]).toMatchObject({ label: '14 avenue Jean Jaurès, 84200 Carpentras', minutes: record.minutes });
		// La Réunion's week, cut at its own Monday midnight.
		const reunion = await handle.db.selectFrom('weeklyRecords').selectAll().where('practitionerId', '=', demoId('doctor:Lucie Hoarau')).where('weekStart', '=', CLOSED).executeTakeFirstOrThrow();
		expect(reunion).toMatchObject({ timeZone: 'Indian/Reunion', departement: '974', structureIds: [], structureName: null });
		expect(reunion.weekEnd.getTime()).toBe(weekEnd(reunion.weekStart, 'Indian/Reunion'));
		// Two or three hours before Paris's, depending on the season.
		expect([2, 3].map((h) => -h * 3_600_000)).toContain(reunion.weekEnd.getTime() - weekEnd(reunion.weekStart, ZONE));
		const interfaced = await handle.db.selectFrom('weeklyRecords').select(['source', 'status']).where('practitionerId', '=', demoId('doctor:Élodie Giraud')).where('weekStart', '=', CLOSED).executeTakeFirstOrThrow();
		expect(interfaced).toEqual({ source: 'software', status: 'software' });
	});

	it('keeps a closed week as it was when its availabilities are edited afterwards, and refuses any change to it', async () => {
		const before = (await recordsOf(DEMO_PRACTITIONER_ID)).find((r) => r.weekStart === CLOSED)!;
		expect(before.minutes).toBeGreaterThan(0);
		// The doctor removes every availability of hers, past ones included.
		await handle.db.updateTable('availabilities').set({ deleted: true }).where('practitionerId', '=', DEMO_PRACTITIONER_ID).execute();
		const live = await practitionerRecords(handle.db, DEMO_PRACTITIONER_ID, NOW);
		expect(live.current).toMatchObject({ minutes: 0, recordedAt: null });
		const after = (await recordsOf(DEMO_PRACTITIONER_ID)).find((r) => r.weekStart === CLOSED)!;
		expect(after).toEqual(before);
		expect(live.records.find((r) => r.weekStart === CLOSED)).toMatchObject({ minutes: before.minutes, status: before.status });
		await expect(handle.db.updateTable('weeklyRecords').set({ minutes: 999 }).where('id', '=', before.id).execute()).rejects.toThrow(/ajout seul/);
		await expect(handle.db.deleteFrom('weeklyRecords').where('id', '=', before.id).execute()).rejects.toThrow(/ajout seul/);
		await handle.db.updateTable('availabilities').set({ deleted: false }).where('practitionerId', '=', DEMO_PRACTITIONER_ID).execute();
	});
});

async function zonesInUse(): Promise<number> {
	const rows = await handle.db.selectFrom('addresses').select('timeZone').distinct().where('deleted', '=', false).execute();
	return new Set(['Europe/Paris', ...rows.map((r) => r.timeZone)]).size;
}

describe('the proof', () => {
	it('issues a quarter’s PDF under a code that anyone checks, the same code while the weeks are the same', async () => {
		const quarter = quarterOf(CLOSED);
		const proof = await issueProof(handle.db, DEMO_PRACTITIONER_ID, quarter, null);
		expect(proof.code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
		expect((await issueProof(handle.db, DEMO_PRACTITIONER_ID, quarter, null)).code).toBe(proof.code);
		const checked = await verifyProof(handle.db, proof.code);
		expect(checked!.weeks.map((w) => [w.weekStart, w.minutes, w.status])).toEqual(proof.weeks.map((w) => [w.weekStart, w.minutes, w.status]));
		expect(checked!.practitioner).toEqual({ name: 'Dr Claire Aubert', rpps: proof.practitioner.rpps, structureName: 'CPTS du Comtat Venaissin' });
		expect(await verifyProof(handle.db, 'AAAA-BBBB-CCCC-DDDD')).toBeNull();

		const text = await pdfText(await proofPdf(proof, `https://agenda.test/verification/${proof.code}`));
		expect(text.pages).toBe(1);
		expect(text.content).toContain(proof.code);
		expect(text.content).toContain('Dr Claire Aubert');
		expect(text.content).toContain(`RPPS : ${proof.practitioner.rpps}`);
		await expect(issueProof(handle.db, DEMO_PRACTITIONER_ID, '1999-T1', null)).rejects.toMatchObject({ status: 404 });
	});

	it('gives a structure its members’ recorded weeks for a period, in CSV lines and a PDF summary', async () => {
		const rows = await structureRecords(handle.db, COMTAT, addDays(CLOSED, -21), CLOSED);
		const names = new Set(rows.map((r) => r.practitionerName));
		expect(names.has('Dr Claire Aubert')).toBe(true);
		expect(names.has('Dr Aurélie Imbert')).toBe(false);
		expect(rows.filter((r) => r.practitionerName === 'Dr Claire Aubert')).toHaveLength(4);
		const text = await pdfText(await structureSummaryPdf({ name: 'CPTS du Comtat Venaissin', finess: null }, addDays(CLOSED, -21), CLOSED, rows, new Date().toISOString()));
		expect(text.content).toContain(`Total : ${names.size} effecteur(s)`);
	});
});

describe('the dashboards', () => {
	let manager: ServerActor;
	beforeAll(async () => {
		manager = await actorByEmail(handle.db, 'comptes.vaucluse@agenda-sas.test');
	});
	const period = { from: addDays(CLOSED, -70), to: addDays(CLOSED, 7) };
	const pendingNow = async (actor: ServerActor, extra: { structureId?: string } = {}) => {
		const d = await dashboardFor(handle.db, actor, { ...period, ...extra });
		return d.orientationsByStatus.reduce((n, w) => n + w.counts.pending, 0);
	};

	it('count what the regulation did, from the aggregates, as the raw rows say', async () => {
		const d = await dashboardFor(handle.db, manager, period);
		const total = d.orientationsByStatus.reduce((n, w) => n + w.total, 0);
		const raw = await sql<{ n: number }>`select count(*)::int as n from orientations o join addresses a on a.id = o.address_id where a.postal_code like '84%' and o.created_at >= ${period.from}::date`.execute(handle.db);
		expect(total).toBe(raw.rows[0]!.n);
		expect(total).toBeGreaterThan(50);
		expect(d.orientationsByKind.reduce((n, w) => n + w.total, 0)).toBe(total);
		expect(d.declarations.reduce((n, w) => n + w.total, 0)).toBeGreaterThan(0);
		expect(d.target.find((t) => t.week === CLOSED)).toMatchObject({ participants: expect.any(Number), share: expect.any(Number) });
		expect(d.unavailabilities.map((u) => u.kind)).toEqual(['temporary', 'indefinite']);
	});

	it('show an orientation made now as « En attente », then with the status the doctor gives it', async () => {
		const regulator = await actorByEmail(handle.db, 'regulation.vaucluse@agenda-sas.test');
		const pending = await pendingNow(manager);
		const pendingInCpts = await pendingNow(manager, { structureId: COMTAT });
		const made = await orient(handle.db, regulator, newOrientationSchema.parse({ practitionerId: DEMO_PRACTITIONER_ID, kind: 'surnumeraire', date: addDays(todayIn(ZONE), 1), time: '10:00', patientReference: 'tableau' }));
		expect(await pendingNow(manager)).toBe(pending + 1);
		expect(await pendingNow(manager, { structureId: COMTAT })).toBe(pendingInCpts + 1);
		await setOrientationStatus(handle.db, await doctorActor(handle.db), made.id, 'confirmed');
		expect(await pendingNow(manager)).toBe(pending);
		const d = await dashboardFor(handle.db, manager, period);
		expect(d.orientationsByStatus.reduce((n, w) => n + w.counts.confirmed, 0)).toBeGreaterThan(0);
	});

	it('give the indicators page the same recorded figures: members meeting 2 hours in the last closed week', async () => {
		const { weekStart, groups } = await indicatorsFor(handle.db, manager, { kind: 'CPTS' });
		expect(weekStart).toBe(CLOSED);
		const comtat = groups[0]!.rows.find((r) => r.structureId === COMTAT)!;
		const recorded = await handle.db.selectFrom('weeklyRecords').select('status').where('weekStart', '=', CLOSED).where(sql<boolean>`structure_ids @> array[${COMTAT}::uuid]`).execute();
		expect(comtat.meetingTarget).toBe(recorded.filter((r) => r.status === 'ok').length);
		expect(comtat.meetingTarget).toBeGreaterThan(0);
		expect(comtat.members).toBeGreaterThanOrEqual(recorded.length);
	});

	it('are filed again from the rows alone as the triggers filed them (what the migration does for rows written before it)', async () => {
		const snapshot = async () =>
			(
				await sql<{ t: string }>`select json_agg(x order by x::text)::text as t from (
					select 'o' as k, week_start, departement, structure_id, kind || '/' || status as what, count from orientation_stats where count <> 0
					union all select 'd', week_start, departement, structure_id, kind, count from declaration_stats
					union all select 'u', start_week, departement, structure_id, end_week::text, count from unavailability_stats where count <> 0) x`.execute(handle.db)
			).rows[0]!.t;
		const kept = await snapshot();
		await sql`truncate orientation_stats, declaration_stats, unavailability_stats, stat_filing`.execute(handle.db);
		await sql`select bump_orientation(o, 1) from orientations o where not o.deleted`.execute(handle.db);
		await sql`select bump_declaration(d) from regulator_declarations d`.execute(handle.db);
		await sql`select bump_unavailability(u, 1) from unavailabilities u where not u.deleted`.execute(handle.db);
		expect(await snapshot()).toBe(kept);
	});

	it('open to account managers and heads of regulation for their territory, to structure managers for their structures only', async () => {
		const head = await actorByEmail(handle.db, 'responsable.regulation.vaucluse@agenda-sas.test');
		expect((await dashboardFor(handle.db, head, period)).scope).toMatchObject({ departement: '84' });
		const cpts = await actorByEmail(handle.db, 'cpts.comtat@agenda-sas.test');
		const own = await dashboardFor(handle.db, cpts, period);
		expect(own.scope.label).toBe('CPTS du Comtat Venaissin');
		expect(own.structures).toEqual([{ id: COMTAT, name: 'CPTS du Comtat Venaissin' }]);
		await expect(dashboardFor(handle.db, cpts, { ...period, structureId: demoId('structure:msp-ventoux') })).rejects.toMatchObject({ status: 403 });
		await expect(dashboardFor(handle.db, await actorByEmail(handle.db, 'cpts.azur@agenda-sas.test'), { ...period, structureId: COMTAT })).rejects.toMatchObject({ status: 403 });
		await expect(dashboardFor(handle.db, manager, { ...period, departement: '13' })).rejects.toMatchObject({ status: 403 });
		await expect(dashboardFor(handle.db, await actorByEmail(handle.db, 'regulation.vaucluse@agenda-sas.test'), period)).rejects.toMatchObject({ status: 403 });
		await expect(dashboardFor(handle.db, await doctorActor(handle.db), period)).rejects.toMatchObject({ status: 403 });
	});
});
