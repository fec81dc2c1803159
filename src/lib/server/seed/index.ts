import { sql } from 'kysely';
import { ENTITY_NAMES, type EntityName } from '$lib/domain/entities';
import { addDays } from '$lib/domain/civil';
import { todayIn } from '$lib/domain/time';
import type { DB } from '../db';
import { entityFromRow, rowFromEntity } from '../rows';
import { idnpsFromRpps, newId } from '$lib/domain/ids';
import { createDemoAccount } from '../auth/accounts.service';
import { demoId } from '$lib/demo';
import { buildDemoData, DEMO_COMMUNE_CENTRES, DEMO_PRACTITIONER_ID, type DemoData } from './demo-data';
import { addressQuery } from '../locations/locate';
import { DEMO_ACCOUNTS } from './demo-accounts';

/** Insertion order respects foreign keys: ENTITY_NAMES lists structures, practitioners, then their rows. */
const ORDER: readonly EntityName[] = ENTITY_NAMES;

export async function isEmpty(db: DB): Promise<boolean> {
	const row = await db.selectFrom('practitioners').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	return Number(row.n) === 0;
}

export async function seedDemoData(db: DB, today = todayIn('Europe/Paris')): Promise<DemoData> {
	return db.transaction().execute((trx) => seedInto(trx, today));
}

/** Any number, the same for every server: the key of the seeding's advisory lock. */
const SEED_LOCK = 7_274_015;

/**
 * Seeds an empty database, once, whatever the number of servers starting on it together: the
 * first takes the lock and seeds, the others wait for its commit and find the database full.
 */
export async function seedDemoDataIfEmpty(db: DB, today = todayIn('Europe/Paris')): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		await sql`select pg_advisory_xact_lock(${SEED_LOCK})`.execute(trx);
		if (!(await isEmpty(trx))) return false;
		await seedInto(trx, today);
		return true;
	});
}

async function seedInto(trx: DB, today: string): Promise<DemoData> {
	const data = buildDemoData(today);
	for (const entity of ORDER) {
		// Series before the occurrences detached from them (self-reference).
		const values = [...data[entity]].sort((a, b) => Number('seriesId' in a && a.seriesId !== null) - Number('seriesId' in b && b.seriesId !== null));
		for (let i = 0; i < values.length; i += 200) {
			const chunk = values.slice(i, i + 200).map((v) => ({ ...rowFromEntity(entity, v as never), updatedBy: null }));
			if (chunk.length > 0) await trx.insertInto(entity).values(chunk as never).execute();
		}
	}
	for (const { password, ...account } of DEMO_ACCOUNTS) await createDemoAccount(trx, account, password);
	// The demo doctor's account, as Pro Santé Connect's first sign-in would have created it.
	const doctor = data.practitioners.find((p) => p.id === DEMO_PRACTITIONER_ID)!;
	await trx
		.insertInto('accounts')
		.values({ id: newId(), role: 'practitioner', email: null, passwordHash: null, firstName: doctor.firstName, lastName: doctor.lastName, practitionerId: doctor.id, pscSubject: idnpsFromRpps(doctor.rpps), territory: null, demo: true, disabledAt: null, createdBy: null, lastLoginAt: null })
		.execute();
	await demoHistory(trx, data, today);
	await demoRegulation(trx, data, today);
	const located = data.addresses.flatMap((a) => {
		const centre = a.inseeCode ? DEMO_COMMUNE_CENTRES.get(a.inseeCode) : undefined;
		return centre ? [{ addressId: a.id, query: addressQuery(a), status: 'located' as const, ...centre, inseeCode: a.inseeCode, score: 1, attempts: 0, nextAttemptAt: null, updatedAt: new Date() }] : [];
	});
	for (let i = 0; i < located.length; i += 200) await trx.insertInto('addressLocations').values(located.slice(i, i + 200)).execute();
	return data;
}

/**
 * The demo doctor's « Historique » shows what a first start should: her own entries, and her
 * CPTS's coordinator changing her Monday slot (« modifié par CPTS du Comtat Venaissin »).
 */
async function demoHistory(db: DB, data: DemoData, today: string): Promise<void> {
	const monday = data.availabilities.find((a) => a.practitionerId === DEMO_PRACTITIONER_ID && a.rrule !== null)!;
	const info = data.complementaryInfo.find((c) => c.practitionerId === DEMO_PRACTITIONER_ID);
	const cpts = await db.selectFrom('accounts').select('id').where('email', '=', 'cpts.comtat@agenda-sas.test').executeTakeFirstOrThrow();
	const doctor = 'Dr Claire Aubert';
	const coordinator = 'CPTS du Comtat Venaissin';
	const at = (daysAgo: number, time: string) => new Date(`${addDays(today, -daysAgo)}T${time}:00Z`);
	const earlier = { ...monday, start: '18:00', end: '19:00' };
	const entries = [
		{ at: at(20, '08:12'), accountId: null, actorLabel: doctor, role: 'practitioner', entity: 'availabilities', entityId: monday.id, action: 'create' as const, before: null, after: earlier },
		...(info ? [{ at: at(15, '19:40'), accountId: null, actorLabel: doctor, role: 'practitioner', entity: 'complementaryInfo', entityId: info.id, action: 'create' as const, before: null, after: info }] : []),
		{ at: at(3, '09:04'), accountId: cpts.id, actorLabel: coordinator, role: 'structureManager', entity: 'availabilities', entityId: monday.id, action: 'update' as const, before: earlier, after: monday }
	];
	for (const entry of entries) {
		await db
			.insertInto('auditLog')
			.values({ ...entry, practitionerId: DEMO_PRACTITIONER_ID, before: entry.before && JSON.stringify(entry.before), after: JSON.stringify(entry.after) })
			.execute();
	}
	await db.updateTable('availabilities').set({ updatedBy: coordinator, version: 2 }).where('id', '=', monday.id).execute();
}

const ORIENTATION_PLAN = [
	['creneau', 'honoured'],
	['plage', 'honoured'],
	['creneau', 'not_honoured'],
	['surnumeraire', 'honoured'],
	['creneau', 'cancelled'],
	['editeur', 'confirmed'],
	['plage', 'honoured'],
	['creneau', 'honoured']
] as const;
const DECLARATION_PLAN = ['injoignable', 'indisponible', 'mauvaise_specialite', 'injoignable', 'autre'] as const;

/**
 * Ten weeks of the regulation's work, so that the dashboards show something at first start: about
 * three patients a day sent to the doctors, each with the status the doctor gave it (the recent
 * ones still « En attente »), and a few declarations of the regulators.
 */
async function demoRegulation(db: DB, data: DemoData, today: string): Promise<void> {
	const regulator = await db.selectFrom('accounts').select(['id', 'firstName', 'lastName']).where('email', '=', 'regulation.vaucluse@agenda-sas.test').executeTakeFirstOrThrow();
	const label = `${regulator.firstName} ${regulator.lastName} (régulation SAS 84)`;
	// The Vaucluse's doctors who offer time, but the demo doctor: her screens start clean.
	const offering = data.practitioners.filter(
		(p) =>
			p.id !== DEMO_PRACTITIONER_ID &&
			data.addresses.some((a) => a.practitionerId === p.id && a.postalCode.startsWith('84')) &&
			data.availabilities.some((a) => a.practitionerId === p.id && a.rrule !== null)
	);
	const rows = [];
	for (let k = 0; k < 200; k++) {
		const daysAgo = 70 - Math.floor((k * 70) / 200);
		const doctor = offering[(k * 7) % offering.length]!;
		const address = data.addresses.find((a) => a.practitionerId === doctor.id)!;
		const availability = data.availabilities.find((a) => a.practitionerId === doctor.id && a.rrule !== null)!;
		const participation = data.participationSettings.find((s) => s.practitionerId === doctor.id);
		const [kind, status] = ORIENTATION_PLAN[k % ORIENTATION_PLAN.length]!;
		const createdAt = new Date(`${addDays(today, -daysAgo)}T${String(8 + (k % 10)).padStart(2, '0')}:${String((k * 13) % 60).padStart(2, '0')}:00Z`);
		const startsAt = new Date(createdAt.getTime() + (2 + (k % 5)) * 3_600_000);
		rows.push({
			id: demoId(`orientation:${k}`),
			regulatorAccountId: regulator.id,
			regulatorLabel: label,
			practitionerId: doctor.id,
			structureId: doctor.healthCentreId ?? participation?.structureId ?? null,
			addressId: address.id,
			availabilityId: kind === 'creneau' || kind === 'plage' ? availability.id : null,
			kind,
			startsAt,
			endsAt: kind === 'creneau' ? new Date(startsAt.getTime() + 15 * 60_000) : null,
			consultationType: 'office' as const,
			patientReference: `Patient ${1000 + k}`,
			// What the doctor has not answered yet: the last days' patients.
			status: daysAgo <= 2 ? ('pending' as const) : status,
			statusChangedBy: daysAgo <= 2 ? null : `Dr ${doctor.firstName} ${doctor.lastName}`,
			createdAt,
			updatedAt: createdAt,
			updatedBy: null
		});
	}
	for (let i = 0; i < rows.length; i += 100) await db.insertInto('orientations').values(rows.slice(i, i + 100)).execute();
	// What the seed made, as the sync sends it.
	const inserted = await db.selectFrom('orientations').selectAll().where('regulatorAccountId', '=', regulator.id).execute();
	data.orientations.push(...inserted.map((row) => entityFromRow('orientations', row as never)));
	const declarations = DECLARATION_PLAN.flatMap((kind, k) =>
		[0, 1, 2].map((j) => ({
			id: demoId(`declaration:${k}:${j}`),
			regulatorAccountId: regulator.id,
			practitionerId: offering[(k * 5 + j * 3) % offering.length]!.id,
			kind,
			comment: kind === 'autre' ? 'Cabinet fermé pour travaux' : '',
			createdAt: new Date(`${addDays(today, -(k * 13 + j * 4 + 1))}T10:30:00Z`)
		}))
	);
	await db.insertInto('regulatorDeclarations').values(declarations).execute();
}

/** Removes every row: entities, accounts, sessions, audit (npm run seed). */
export async function wipe(db: DB): Promise<void> {
	const tables = ['weeklyStats', 'orientationStats', 'declarationStats', 'unavailabilityStats', 'statFiling', 'jobs', 'proofDocuments', 'weeklyRecords', 'regulatorDeclarations', 'fhirAppointments', 'auditLog', 'loginFailures', 'oidcFlows', 'sessions', 'invitations', 'accountStructures', 'accounts', ...[...ORDER].reverse()].map((t) => sql.table(t));
	await sql`truncate ${sql.join(tables)} cascade`.execute(db);
}
