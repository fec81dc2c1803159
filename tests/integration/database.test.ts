import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_SCHEMAS, ENTITY_NAMES } from '../../src/lib/domain/entities';
import { databaseState, migrate, recentDatabaseState, type DatabaseHandle } from '../../src/lib/server/db';
import { migrations } from '../../src/lib/server/db/migrations';
import { syncedFromRow } from '../../src/lib/server/rows';
import { isEmpty, seedDemoData, wipe } from '../../src/lib/server/seed';
import { DEMO_PRACTITIONER_ID } from '../../src/lib/server/seed/demo-data';
import { weeklyCheck } from '../../src/lib/domain/weekly-check';
import { weekStarts } from '../../src/lib/domain/time';
import { openTestDatabase } from './helpers/database';

let handle: DatabaseHandle;

beforeAll(async () => {
	handle = await openTestDatabase();
});
afterAll(async () => {
	await handle?.close();
});

describe('the database', () => {
	it('is migrated, and migrating again applies nothing', async () => {
		expect(await migrate(handle.db)).toEqual([]);
		expect(await databaseState(handle.db)).toMatchObject({ ok: true, migrations: Object.keys(migrations).length, latestMigration: Object.keys(migrations).at(-1) });
	});

	it('answers the health check’s state once a second to the requests that ask meanwhile', async () => {
		const first = recentDatabaseState(handle.db, 10_000);
		expect(recentDatabaseState(handle.db, 10_500)).toBe(first);
		const later = recentDatabaseState(handle.db, 11_001);
		expect(later).not.toBe(first);
		expect(await later).toMatchObject({ ok: true, migrations: Object.keys(migrations).length });
	});

	it('starts empty, takes the demo data, and reads back rows the shared schemas accept', async () => {
		expect(await isEmpty(handle.db)).toBe(true);
		const data = await seedDemoData(handle.db, '2026-11-23');
		expect(await isEmpty(handle.db)).toBe(false);
		for (const entity of ENTITY_NAMES) {
			const rows = await handle.db.selectFrom(entity).selectAll().execute();
			expect(rows).toHaveLength(data[entity].length);
			for (const row of rows) {
				const synced = syncedFromRow(entity, row as never) as Record<string, unknown>;
				// The demo doctor's Monday slot was last changed by her CPTS (the demo's history shows it).
				const byCpts = synced.updatedBy === 'CPTS du Comtat Venaissin';
				expect(synced).toMatchObject(byCpts ? { version: 2, deleted: false } : { version: 1, deleted: false, updatedBy: null });
				// What comes back out of the database is a valid entity, equal to what went in.
				const parsed = ENTITY_SCHEMAS[entity].parse(synced);
				expect(parsed).toEqual(data[entity].find((v) => v.id === synced.id));
			}
		}
	});

	it('gives every row a distinct, increasing change sequence number', async () => {
		const seqs = (await handle.db.selectFrom('availabilities').select('seq').execute()).map((r) => r.seq);
		expect(new Set(seqs).size).toBe(seqs.length);
		expect(seqs.every((s) => typeof s === 'number' && s > 0)).toBe(true);
	});

	it('refuses rows that break the schema’s constraints', async () => {
		await expect(
			handle.db
				.insertInto('availabilities')
				.values({
					id: '0190a0a0-0000-7000-8000-00000000ffff',
					practitionerId: DEMO_PRACTITIONER_ID,
					addressId: '0190a0a0-0000-7000-8000-00000000fff0',
					date: '2026-11-23',
					startTime: '25:00',
					endTime: '19:00',
					timeZone: 'Europe/Paris',
					kind: 'slot',
					slotMinutes: null,
					capacity: null,
					consultationTypes: ['office'],
					rrule: null,
					exdates: [],
					seriesId: null,
					originalDate: null,
					updatedBy: null
				})
				.execute()
		).rejects.toThrow();
	});

	it('wipes everything for a new seed', async () => {
		await wipe(handle.db);
		expect(await isEmpty(handle.db)).toBe(true);
		await seedDemoData(handle.db, '2026-11-23');
		expect(await isEmpty(handle.db)).toBe(false);
	});
});

describe('the demo data', () => {
	it('covers every mode of participation, manual and interfaced, a health centre and La Réunion', async () => {
		const settings = await handle.db.selectFrom('participationSettings').selectAll().execute();
		expect(new Set(settings.map((s) => s.mode))).toEqual(new Set(['individual', 'cpts', 'msp', 'sos']));
		expect(settings.some((s) => s.usesSoftware)).toBe(true);
		expect(settings.some((s) => s.usesSoftware === false)).toBe(true);
		expect(settings.some((s) => s.refusesEditorSlots)).toBe(true);
		const practitioners = await handle.db.selectFrom('practitioners').selectAll().execute();
		expect(practitioners.length).toBeGreaterThanOrEqual(40);
		expect(practitioners.filter((p) => p.healthCentreId !== null).length).toBeGreaterThan(0);
		const zones = await handle.db.selectFrom('addresses').select('timeZone').distinct().execute();
		expect(zones.map((z) => z.timeZone).sort()).toEqual(['Europe/Paris', 'Indian/Reunion']);
		const structures = await handle.db.selectFrom('structures').select(['name', 'kind']).execute();
		expect(structures.map((s) => s.name)).toEqual(
			expect.arrayContaining(['CPTS du Comtat Venaissin', "CPTS du Pays d’Azur", 'CPTS Activ Santé'])
		);
		expect(new Set(structures.map((s) => s.kind))).toEqual(new Set(['CPTS', 'MSP', 'CDS', 'SOS']));
	});

	it('gives the demo doctor a week that meets the 2-hour target, with every kind of availability', async () => {
		const availabilities = (await handle.db.selectFrom('availabilities').selectAll().where('practitionerId', '=', DEMO_PRACTITIONER_ID).execute()).map(
			(r) => syncedFromRow('availabilities', r)
		);
		expect(new Set(availabilities.map((a) => a.kind))).toEqual(new Set(['slot', 'capacity', 'walk_in']));
		expect(availabilities.some((a) => a.seriesId !== null)).toBe(true);
		const [week] = weeklyCheck({ availabilities, unavailabilities: [], timeZone: 'Europe/Paris', weeks: weekStarts('2026-11-23', 1) });
		expect(week).toMatchObject({ status: 'ok' });
	});
});
