import { authorizeStructureCreation } from '$lib/domain/policy';
import { newId } from '$lib/domain/ids';
import { missingIdentification, newStructureSchema, structureFields, type NewStructure, type Structure, type StructurePatch } from '$lib/domain/schemas';
import type { SyncedRow } from '$lib/domain/entities';
import { requireStructure } from '../access';
import { audit } from '../audit';
import { actorLabel, type ServerActor } from '../auth/actor';
import type { DB } from '../db';
import { HttpProblem, invalid } from '../http/problem';
import { communesByCode } from '../communes';
import { entityFromRow, syncedFromRow } from '../rows';
import { nextChange } from '../sync/stamp';

const CARD_FIELDS = ['name', 'phone', 'email', 'street', 'postalCode', 'city', 'zone'] as const;
const DIRECTORY_FIELDS = ['finess', 'siret', 'closed'] as const;

/** Communes served must exist in the Code officiel géographique. */
async function knownCommunes(zone: readonly string[]): Promise<void> {
	const known = new Set((await communesByCode(zone)).map((c) => c.code));
	const unknown = zone.filter((code) => !known.has(code));
	if (unknown.length) throw new HttpProblem(422, 'Certaines valeurs sont invalides.', { zone: [`Commune inconnue : ${unknown.join(', ')}`] });
}

/** A FINESS number or a SIRET already carried by another structure: said on the field. */
async function uniqueness(db: DB, value: { finess: string | null; siret: string | null }, except: string | null): Promise<void> {
	const errors: Record<string, string[]> = {};
	for (const field of ['finess', 'siret'] as const) {
		if (!value[field]) continue;
		let query = db.selectFrom('structures').select('name').where(field, '=', value[field]);
		if (except) query = query.where('id', '!=', except);
		const other = await query.executeTakeFirst();
		if (other) errors[field] = [`Ce numéro est déjà celui de « ${other.name} ».`];
	}
	if (Object.keys(errors).length) throw new HttpProblem(409, 'Cette structure existe déjà.', errors);
}

/**
 * An account manager creates a structure by hand, in their territory: when the FINESS file is not
 * loaded yet or lags behind, and for SOS Médecins, which FINESS does not list (known by its SIRET).
 */
export async function createStructure(db: DB, actor: ServerActor | null, input: NewStructure): Promise<SyncedRow<'structures'>> {
	const decision = authorizeStructureCreation(actor, input.territory);
	if (!decision.allowed) throw new HttpProblem(actor ? 403 : 401, decision.reason);
	const checked = newStructureSchema.safeParse(input);
	if (!checked.success) throw invalid(checked.error);
	await knownCommunes(checked.data.zone);
	return db.transaction().execute(async (trx) => {
		await uniqueness(trx, checked.data, null);
		const structure: Structure = structureFields.parse({ ...checked.data, id: newId(), rorId: null, participates: false, honourDeclaration: false, inseeCode: null, latitude: null, longitude: null, closed: false });
		const label = actorLabel(actor);
		const seq = await nextChange(trx);
		const row = await trx
			.insertInto('structures')
			.values({ ...structure, version: 1, seq, updatedAt: new Date(), updatedBy: label })
			.returningAll()
			.executeTakeFirstOrThrow();
		await trx.insertInto('structureSources').values({ structureId: structure.id, source: 'manual', finessEj: null, cardEditedAt: new Date(), importedAt: null }).execute();
		await audit(trx, actor, { practitionerId: null, entity: 'structures', entityId: structure.id, action: 'create', before: null, after: structure, label });
		return syncedFromRow('structures', row);
	});
}

/**
 * A change of a structure: its card by its manager or the territory's account manager (the next
 * FINESS import then keeps the address and phone they wrote); what identifies it and whether it is
 * open, by the account manager only. Optimistic: `version` must be the stored one (409 otherwise).
 */
export async function updateStructure(db: DB, actor: ServerActor | null, id: string, version: number, patch: StructurePatch): Promise<SyncedRow<'structures'>> {
	const touchesDirectory = DIRECTORY_FIELDS.some((field) => patch[field] !== undefined);
	await requireStructure(db, actor, id, touchesDirectory ? 'structure.directory.write' : 'structure.card.write');
	return db.transaction().execute(async (trx) => {
		const stored = await trx.selectFrom('structures').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
		if (stored.version !== version) throw new HttpProblem(409, 'Cette structure a été modifiée entre-temps : rechargez-la avant de la modifier.');
		const before = entityFromRow('structures', stored) as Structure;
		const next = structureFields.safeParse({ ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) });
		if (!next.success) throw invalid(next.error);
		if (patch.zone) await knownCommunes(patch.zone);
		const missing = missingIdentification(next.data);
		if (Object.keys(missing).length) throw new HttpProblem(422, 'Certaines valeurs sont invalides.', missing);
		await uniqueness(trx, next.data, id);
		// Moved: located again from its new address (by the geocoder, in the background).
		const moved = (['street', 'postalCode', 'city'] as const).some((field) => next.data[field] !== before[field]);
		if (moved) Object.assign(next.data, { latitude: null, longitude: null, inseeCode: null });
		const label = actorLabel(actor);
		const seq = await nextChange(trx);
		const row = await trx
			.updateTable('structures')
			.set({ ...next.data, version: stored.version + 1, seq, updatedAt: new Date(), updatedBy: label })
			.where('id', '=', id)
			.returningAll()
			.executeTakeFirstOrThrow();
		if (CARD_FIELDS.some((field) => patch[field] !== undefined)) {
			await trx
				.insertInto('structureSources')
				.values({ structureId: id, source: 'manual', finessEj: null, cardEditedAt: new Date(), importedAt: null })
				.onConflict((oc) => oc.column('structureId').doUpdateSet({ cardEditedAt: new Date() }))
				.execute();
		}
		await audit(trx, actor, { practitionerId: null, entity: 'structures', entityId: id, action: 'update', before, after: next.data, label });
		return syncedFromRow('structures', row);
	});
}
