import { ENTITY_SCHEMAS, type EntityName, type SyncedRow } from '$lib/domain/entities';
import type { Mutation, MutationResult } from '$lib/domain/sync';
import { actorLabel, type ServerActor } from '../auth/actor';
import { audit } from '../audit';
import { byName, type DB } from '../db';
import { fieldErrors } from '../http/problem';
import { entityFromRow, rowFromEntity, syncedFromRow } from '../rows';
import { authorizeWrite, checkDeletion, checkReferences, practitionerOf } from './rules';
import { nextChange } from './stamp';

type Row = Record<string, unknown>;

function rejected(m: Mutation, reason: string, errors: Record<string, string[]> = {}, code: 'forbidden' | 'invalid' = 'invalid'): MutationResult {
	return { mutationId: m.mutationId, status: 'rejected', entity: m.entity, id: m.id, reason, errors, code };
}

async function recorded(db: DB, mutationId: string): Promise<{ accountId: string; result: MutationResult } | undefined> {
	return db.selectFrom('mutations').select(['accountId', 'result']).where('id', '=', mutationId).executeTakeFirst() as Promise<
		{ accountId: string; result: MutationResult } | undefined
	>;
}

async function decide(trx: DB, actor: ServerActor, m: Mutation): Promise<MutationResult> {
	const entity: EntityName = m.entity;
	const table = byName(trx);
	const existingRow = (await table.selectFrom(entity).selectAll().where('id', '=', m.id).forUpdate().executeTakeFirst()) as Row | undefined;
	const existing = existingRow ? (entityFromRow(entity, existingRow as never) as Row) : null;
	const server = existingRow ? (syncedFromRow(entity, existingRow as never) as SyncedRow<EntityName>) : null;
	const version = existingRow ? (existingRow.version as number) : 0;

	let next: Row | null = null;
	if (m.op === 'put') {
		const parsed = ENTITY_SCHEMAS[entity].safeParse(m.data);
		if (!parsed.success) return rejected(m, 'Certaines valeurs sont invalides.', fieldErrors(parsed.error));
		next = parsed.data as Row;
		if (next.id !== m.id) return rejected(m, 'L’identifiant de la donnée ne correspond pas.', { id: ['Identifiant incohérent'] });
	} else if (!existing) {
		return { mutationId: m.mutationId, status: 'conflict', entity, id: m.id, server: null };
	}

	// A row never changes practitioner: refused before the version check, whose conflict answer
	// would hand over the row of a practitioner the policy was not asked about.
	if (existing && next && practitionerOf(entity, existing) !== practitionerOf(entity, next)) {
		return rejected(m, 'Cette modification ne peut pas être enregistrée.', { practitionerId: ['Une donnée ne change pas de professionnel.'] });
	}

	const { decision, practitioner } = await authorizeWrite(trx, actor, entity, existing, next);
	if (!decision.allowed) return rejected(m, decision.reason, {}, 'forbidden');

	// The version check: the change was made on the server's current row, or it is a conflict.
	if (version !== m.baseVersion) return { mutationId: m.mutationId, status: 'conflict', entity, id: m.id, server };

	const errors = next ? await checkReferences(trx, entity, next as never, existing) : await checkDeletion(trx, entity, existing!);
	if (Object.keys(errors).length) return rejected(m, 'Cette modification ne peut pas être enregistrée.', errors);

	const practitionerId = practitionerOf(entity, next ?? existing!);
	const label = actorLabel(actor, practitioner);
	const seq = await nextChange(trx);
	const meta = { version: version + 1, seq, updatedAt: new Date(), updatedBy: label };
	const values = next ? { ...rowFromEntity(entity, next as never), deleted: false } : { deleted: true };
	const written = existingRow
		? await table.updateTable(entity).set({ ...values, ...meta } as never).where('id', '=', m.id).returningAll().executeTakeFirstOrThrow()
		: await table.insertInto(entity).values({ ...values, ...meta } as never).returningAll().executeTakeFirstOrThrow();
	await audit(trx, actor, {
		practitionerId: entity === 'practitioners' && !existingRow ? null : practitionerId,
		entity,
		entityId: m.id,
		action: !existingRow || (existingRow.deleted && next) ? 'create' : next ? 'update' : 'delete',
		before: existingRow && !existingRow.deleted ? existing : null,
		after: next,
		label
	});
	return { mutationId: m.mutationId, status: 'applied', entity, row: syncedFromRow(entity, written as never) as SyncedRow<EntityName> };
}

function isUniqueViolation(error: unknown): boolean {
	return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

/**
 * Applies one mutation in its own transaction and records its result under its id, together:
 * INVARIANT: a mutation's effect and its recorded result commit atomically, so a mutation sent
 * again is answered from the record and never applied twice.
 */
export async function applyMutation(db: DB, actor: ServerActor, m: Mutation): Promise<MutationResult> {
	const before = await recorded(db, m.mutationId);
	if (before) return answerFromRecord(m, actor, before);
	try {
		return await decideAndRecord(db, actor, m);
	} catch (error) {
		if (!isUniqueViolation(error)) throw error;
		// The same mutation, sent twice at once: the other request recorded it first.
		const other = await recorded(db, m.mutationId);
		if (other) return answerFromRecord(m, actor, other);
		// Another device created a row with the same id at the same moment (a singleton row, such
		// as a practitioner's complementary information, has one id for everyone): that row has
		// committed, so deciding again sees it and answers a conflict instead of an error.
		return decideAndRecord(db, actor, m);
	}
}

function decideAndRecord(db: DB, actor: ServerActor, m: Mutation): Promise<MutationResult> {
	return db.transaction().execute(async (trx) => {
		const result = await decide(trx, actor, m);
		await trx
			.insertInto('mutations')
			.values({ id: m.mutationId, accountId: actor.accountId, entity: m.entity, entityId: m.id, result: JSON.stringify(result) })
			.execute();
		return result;
	});
}

function answerFromRecord(m: Mutation, actor: ServerActor, record: { accountId: string; result: MutationResult }): MutationResult {
	return record.accountId === actor.accountId ? record.result : rejected(m, 'Cet identifiant de modification est déjà utilisé.');
}

/** Applies mutations in the order they were made. */
export async function push(db: DB, actor: ServerActor, mutations: Mutation[]): Promise<MutationResult[]> {
	const results: MutationResult[] = [];
	for (const m of mutations) results.push(await applyMutation(db, actor, m));
	return results;
}
