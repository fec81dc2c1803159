import { sql } from 'kysely';
import { defaultParticipation } from '$lib/domain/schemas';
import { newId, singletonId } from '$lib/domain/ids';
import type { ServerActor } from '../auth/actor';
import { actorLabel } from '../auth/actor';
import { audit } from '../audit';
import { byName, type DB } from '../db';
import { HttpProblem } from '../http/problem';
import { nextChange } from '../sync/stamp';

/**
 * A health centre creates the records of its doctors (they need no login). When a doctor signs in
 * with Pro Santé Connect for the first time and such a record carries their RPPS, the record is
 * theirs — but the centre must not keep their agenda without their word: the doctor accepts, or
 * refuses and the centre loses its access. Until then the claim stays open.
 */
export async function openClaim(trx: DB, practitionerId: string, accountId: string, structureId: string, label: string): Promise<void> {
	const open = await trx.selectFrom('recordClaims').select('id').where('practitionerId', '=', practitionerId).where('decision', 'is', null).executeTakeFirst();
	if (open) return;
	const id = newId();
	await trx.insertInto('recordClaims').values({ id, practitionerId, accountId, structureId, decision: null, decidedAt: null }).execute();
	await audit(trx, null, { practitionerId, entity: 'recordClaim', entityId: id, action: 'create', before: null, after: { structureId, decision: null }, label });
}

export interface OpenClaim {
	id: string;
	structureId: string;
	structureName: string;
	/** When the centre created the record. */
	recordCreatedAt: string | null;
}

export async function openClaimOf(db: DB, actor: ServerActor): Promise<OpenClaim | null> {
	if (actor.role !== 'practitioner' || !actor.practitionerId) return null;
	const claim = await db
		.selectFrom('recordClaims')
		.innerJoin('structures', 'structures.id', 'recordClaims.structureId')
		.select(['recordClaims.id', 'recordClaims.structureId', 'structures.name'])
		.where('recordClaims.practitionerId', '=', actor.practitionerId)
		.where('recordClaims.decision', 'is', null)
		.executeTakeFirst();
	if (!claim) return null;
	const created = await db
		.selectFrom('auditLog')
		.select('at')
		.where('entity', '=', 'practitioners')
		.where('entityId', '=', actor.practitionerId)
		.where('action', '=', 'create')
		.orderBy('at')
		.executeTakeFirst();
	return { id: claim.id, structureId: claim.structureId, structureName: claim.name, recordCreatedAt: created?.at.toISOString() ?? null };
}

const CENTRE_ROWS = ['availabilities', 'unavailabilities', 'complementaryInfo', 'addresses'] as const;

/**
 * The doctor's answer. Refusing detaches the record from the centre and removes what the centre
 * entered in the doctor's name (places, availabilities, unavailability, information, settings): the
 * doctor never had an account before, so all of it is the centre's, and none of it may keep
 * showing to regulators under their name. Each change is a synced, audited write.
 */
export async function decideClaim(db: DB, actor: ServerActor, decision: 'accepted' | 'refused'): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const claim = await openClaimOf(trx, actor);
		if (!claim) throw new HttpProblem(404, 'Aucun rattachement n’attend votre réponse.');
		const practitionerId = actor.practitionerId!;
		const label = actorLabel(actor);
		await trx.updateTable('recordClaims').set({ decision, decidedAt: new Date() }).where('id', '=', claim.id).execute();
		await audit(trx, actor, {
			practitionerId,
			entity: 'recordClaim',
			entityId: claim.id,
			action: 'update',
			before: { structureId: claim.structureId, decision: null },
			after: { structureId: claim.structureId, structureName: claim.structureName, decision },
			label
		});
		if (decision === 'accepted') return;

		const stamp = async () => ({ seq: await nextChange(trx), updatedAt: new Date(), updatedBy: label });
		await trx
			.updateTable('practitioners')
			.set((eb) => ({ healthCentreId: null, version: eb('version', '+', 1) }))
			.set(await stamp())
			.where('id', '=', practitionerId)
			.execute();
		await audit(trx, actor, { practitionerId, entity: 'practitioners', entityId: practitionerId, action: 'update', before: { healthCentreId: claim.structureId }, after: { healthCentreId: null }, label });
		for (const entity of CENTRE_ROWS) {
			const rows = await byName(trx).selectFrom(entity).select('id').where('practitionerId', '=', practitionerId).where('deleted', '=', false).execute();
			for (const { id } of rows) {
				await byName(trx)
					.updateTable(entity)
					.set({ deleted: true, version: sql`version + 1`, ...(await stamp()) } as never)
					.where('id', '=', id)
					.execute();
				await audit(trx, actor, { practitionerId, entity, entityId: id, action: 'delete', before: null, after: null, label });
			}
		}
		const settingsId = singletonId('participationSettings', practitionerId);
		const { id: _, practitionerId: __, ...reset } = defaultParticipation(settingsId, practitionerId);
		await trx
			.updateTable('participationSettings')
			.set((eb) => ({ ...reset, version: eb('version', '+', 1) }))
			.set(await stamp())
			.where('practitionerId', '=', practitionerId)
			.execute();
	});
}
