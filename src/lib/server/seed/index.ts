import { sql } from 'kysely';
import { ENTITY_NAMES, type EntityName } from '$lib/domain/entities';
import { addDays } from '$lib/domain/civil';
import { todayIn } from '$lib/domain/time';
import type { DB } from '../db';
import { rowFromEntity } from '../rows';
import { idnpsFromRpps, newId } from '$lib/domain/ids';
import { createDemoAccount } from '../auth/accounts.service';
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
	const data = buildDemoData(today);
	await db.transaction().execute(async (trx) => {
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
		const located = data.addresses.flatMap((a) => {
			const centre = a.inseeCode ? DEMO_COMMUNE_CENTRES.get(a.inseeCode) : undefined;
			return centre ? [{ addressId: a.id, query: addressQuery(a), status: 'located' as const, ...centre, inseeCode: a.inseeCode, score: 1, attempts: 0, nextAttemptAt: null, updatedAt: new Date() }] : [];
		});
		for (let i = 0; i < located.length; i += 200) await trx.insertInto('addressLocations').values(located.slice(i, i + 200)).execute();
	});
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

/** Removes every row: entities, accounts, sessions, audit (npm run seed). */
export async function wipe(db: DB): Promise<void> {
	const tables = ['auditLog', 'loginFailures', 'oidcFlows', 'sessions', 'invitations', 'accountStructures', 'accounts', ...[...ORDER].reverse()].map((t) => sql.table(t));
	await sql`truncate ${sql.join(tables)} cascade`.execute(db);
}
