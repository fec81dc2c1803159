import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { ENTITY_SCHEMAS, type EntityName, type SyncedRow } from '$lib/domain/entities';
import type { Mutation, MutationResult } from '$lib/domain/sync';
import { actorLabel, type ServerActor } from '../auth/actor';
import { audit } from '../audit';
import { byName, type DB } from '../db';
import { fieldErrors } from '../http/problem';
import { entityFromRow, rowFromEntity, syncedFromRow } from '../rows';
import { authorizeWrite, checkDeletion, checkReferences, mayRead, practitionerOf } from './rules';
import { nextChange } from './stamp';
import { availabilityTimeliness, unavailabilityTimeliness } from '$lib/domain/timeliness';
import type { Availability, Unavailability } from '$lib/domain/schemas';

type Row = Record<string, unknown>;

function rejected(m: Mutation, reason: string, errors: Record<string, string[]> = {}, code: 'forbidden' | 'invalid' = 'invalid'): MutationResult {
	return { mutationId: m.mutationId, status: 'rejected', entity: m.entity, id: m.id, reason, errors, code };
}

interface Recorded {
	accountId: string;
	result: MutationResult;
	hash: string | null;
}

/** The recorded results of these mutation ids, by id: one query for a whole batch. */
async function recordedAll(db: DB, mutationIds: string[]): Promise<Map<string, Recorded>> {
	const rows = (await db.selectFrom('mutations').select(['id', 'accountId', 'result', 'hash']).where('id', 'in', mutationIds).execute()) as (Recorded & { id: string })[];
	return new Map(rows.map(({ id, ...record }) => [id, record]));
}

async function recorded(db: DB, mutationId: string): Promise<Recorded | undefined> {
	return (await recordedAll(db, [mutationId])).get(mutationId);
}

export interface PushOptions {
	/**
	 * How long ago a new or changed availability may have ended: a change made offline reaches the
	 * server after its time (48 h for the sync); a REST call is live (0).
	 */
	pastGraceMs?: number;
}

/** Offline edits made before their time passed are still taken for this long. */
export const SYNC_PAST_GRACE_MS = 48 * 3_600_000;

function timeliness(entity: EntityName, next: Row, existing: Row | null, graceMs: number): Record<string, string[]> {
	const now = Date.now();
	const issues =
		entity === 'availabilities'
			? availabilityTimeliness(next as Availability, existing as Availability | null, now, graceMs)
			: entity === 'unavailabilities'
				? unavailabilityTimeliness(next as Unavailability, existing as Unavailability | null, now, graceMs)
				: [];
	const errors: Record<string, string[]> = {};
	for (const issue of issues) (errors[issue.path.join('.')] ??= []).push(issue.message);
	return errors;
}

async function decide(trx: DB, actor: ServerActor, m: Mutation, options: PushOptions): Promise<MutationResult> {
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

	const { decision, practitioner } = await authorizeWrite(trx, actor, entity, existing, next);
	if (!decision.allowed) return rejected(m, decision.reason, {}, 'forbidden');

	// A row never changes practitioner (the actor may write both, or it was refused above).
	if (existing && next && practitionerOf(entity, existing) !== practitionerOf(entity, next)) {
		return rejected(m, 'Cette modification ne peut pas être enregistrée.', { practitionerId: ['Une donnée ne change pas de professionnel.'] });
	}

	// The version check: the change was made on the server's current row, or it is a conflict,
	// whose answer carries the server's row — only to someone who may read it.
	if (version !== m.baseVersion) {
		if (server && !(await mayRead(trx, actor, entity, existing!))) return rejected(m, 'Vous n’avez pas accès à cette donnée.', {}, 'forbidden');
		return { mutationId: m.mutationId, status: 'conflict', entity, id: m.id, server };
	}

	if (entity === 'availabilities' && next) next = await inZoneOfPlace(trx, next);
	const late = next ? timeliness(entity, next, existing, options.pastGraceMs ?? SYNC_PAST_GRACE_MS) : {};
	if (Object.keys(late).length) return rejected(m, 'Certaines valeurs sont invalides.', late);
	const errors = next ? await checkReferences(trx, entity, next as never, existing) : await checkDeletion(trx, entity, existing!);
	if (Object.keys(errors).length) return rejected(m, 'Cette modification ne peut pas être enregistrée.', errors);

	const practitionerId = practitionerOf(entity, next ?? existing!);
	const label = actorLabel(actor, practitioner);
	// Who changed an orientation's status is the signed-in account, whatever the device sent.
	if (entity === 'orientations' && next) next = { ...next, statusChangedBy: label };
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
	if (entity === 'addresses' && existing && next && existing.timeZone !== next.timeZone) {
		await moveToZone(trx, actor, m.id, next.timeZone as string, label);
	}
	return { mutationId: m.mutationId, status: 'applied', entity, row: syncedFromRow(entity, written as never) as SyncedRow<EntityName> };
}

/**
 * An availability is in its place's zone: a device that has not heard yet that the place changed
 * zone sends the old one, and its wall-clock times are kept in the new one.
 */
async function inZoneOfPlace(trx: DB, next: Row): Promise<Row> {
	const place = await trx.selectFrom('addresses').select('timeZone').where('id', '=', next.addressId as string).executeTakeFirst();
	return place && place.timeZone !== next.timeZone ? { ...next, timeZone: place.timeZone } : next;
}

/**
 * A place that changes zone takes its availabilities along, in the same transaction: same dates
 * and wall-clock times, in the new zone (else they would be stranded in the old one, and every
 * later edit of them refused).
 */
async function moveToZone(trx: DB, actor: ServerActor, addressId: string, timeZone: string, label: string): Promise<void> {
	const moved = await trx
		.selectFrom('availabilities')
		.select(['id', 'practitionerId', 'timeZone'])
		.where('addressId', '=', addressId)
		.where('deleted', '=', false)
		.where('timeZone', '!=', timeZone)
		.execute();
	for (const row of moved) {
		const seq = await nextChange(trx);
		await trx
			.updateTable('availabilities')
			.set((eb) => ({ timeZone, version: eb('version', '+', 1), seq, updatedAt: new Date(), updatedBy: label }))
			.where('id', '=', row.id)
			.execute();
		await audit(trx, actor, {
			practitionerId: row.practitionerId,
			entity: 'availabilities',
			entityId: row.id,
			action: 'update',
			before: { timeZone: row.timeZone },
			after: { timeZone },
			label
		});
	}
}

function isUniqueViolation(error: unknown): boolean {
	return sqlState(error) === '23505';
}

/** Two transactions waited on each other (deadlock) or could not be serialised: trying again is safe. */
function isContention(error: unknown): boolean {
	const state = sqlState(error);
	return state === '40P01' || state === '40001';
}

function sqlState(error: unknown): string | undefined {
	return typeof error === 'object' && error !== null ? (error as { code?: string }).code : undefined;
}

/**
 * The database refused a value the checks let through (data exception, class 22; integrity
 * constraint, class 23). That is one mutation's fault, never the whole push's.
 */
function isDataRefusal(error: unknown): boolean {
	const state = sqlState(error);
	return typeof state === 'string' && (state.startsWith('22') || state.startsWith('23'));
}

/** What a mutation carried, hashed: keys sorted, so the same content always gives the same hash. */
export function mutationHash(m: Mutation): string {
	const canonical = (value: unknown): unknown =>
		Array.isArray(value)
			? value.map(canonical)
			: value && typeof value === 'object'
				? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Row)[k])]))
				: value;
	const { mutationId: _, ...content } = m;
	return createHash('sha256').update(JSON.stringify(canonical(content))).digest('hex');
}

/**
 * Applies one mutation in its own transaction and records its result under its id, together:
 * INVARIANT: a mutation's effect and its recorded result commit atomically, so a mutation sent
 * again is answered from the record and never applied twice.
 */
export async function applyMutation(db: DB, actor: ServerActor, m: Mutation, options: PushOptions = {}): Promise<MutationResult> {
	const hash = mutationHash(m);
	const before = await recorded(db, m.mutationId);
	if (before) return answerFromRecord(m, actor, before, hash);
	try {
		return await decideAndRecord(db, actor, m, hash, options);
	} catch (error) {
		if (isUniqueViolation(error)) {
			// The same mutation, sent twice at once: the other request recorded it first.
			const other = await recorded(db, m.mutationId);
			if (other) return answerFromRecord(m, actor, other, hash);
			// Another device created a row with the same id at the same moment (a singleton row, such
			// as a practitioner's complementary information, has one id for everyone): that row has
			// committed, so deciding again sees it and answers a conflict instead of an error.
			try {
				return await decideAndRecord(db, actor, m, hash, options);
			} catch (again) {
				if (!isDataRefusal(again)) throw again;
				return recordRefusal(db, actor, m, hash, again);
			}
		}
		if (isDataRefusal(error)) return recordRefusal(db, actor, m, hash, error);
		throw error;
	}
}

function decideAndRecord(db: DB, actor: ServerActor, m: Mutation, hash: string, options: PushOptions): Promise<MutationResult> {
	return db.transaction().execute(async (trx) => {
		const result = await decide(trx, actor, m, options);
		await record(trx, actor, m, hash, result);
		return result;
	});
}

async function record(db: DB, actor: ServerActor, m: Mutation, hash: string, result: MutationResult): Promise<void> {
	await db
		.insertInto('mutations')
		.values({ id: m.mutationId, accountId: actor.accountId, entity: m.entity, entityId: m.id, result: JSON.stringify(result), hash })
		.execute();
}

/** The refusal of a mutation whose values the database refused (logged: it shows a gap in the checks). */
function refusalOf(m: Mutation, error: unknown): MutationResult {
	console.warn(`[sync] modification ${m.mutationId} refusée par la base (${sqlState(error)}) : ${(error as Error).message}`);
	return rejected(m, 'Cette modification contient une valeur que la plateforme ne peut pas enregistrer.', {
		_: ['Vérifiez les valeurs saisies (caractères spéciaux, dates, structure choisie) puis renvoyez la modification.']
	});
}

/** The database refused the change (its transaction rolled back): the mutation is refused, and that answer recorded. */
async function recordRefusal(db: DB, actor: ServerActor, m: Mutation, hash: string, error: unknown): Promise<MutationResult> {
	const result = refusalOf(m, error);
	try {
		await record(db, actor, m, hash, result);
	} catch (recordError) {
		if (!isUniqueViolation(recordError)) throw recordError;
		const other = await recorded(db, m.mutationId);
		if (other) return answerFromRecord(m, actor, other, hash);
	}
	return result;
}

function answerFromRecord(m: Mutation, actor: ServerActor, record: Recorded, hash: string): MutationResult {
	if (record.accountId !== actor.accountId) return rejected(m, 'Cet identifiant de modification est déjà utilisé.');
	// Recorded before hashes were kept: the content cannot be compared.
	if (record.hash !== null && record.hash !== hash) return rejected(m, 'Cet identifiant de modification a déjà servi pour une autre modification.');
	return record.result;
}

/**
 * Applies mutations in the order they were made, in one transaction: one commit for the batch
 * instead of one per mutation. Each mutation runs inside its own savepoint, so that one the database
 * refuses is refused alone (its savepoint rolled back, its refusal recorded) and the others still
 * apply. INVARIANT kept: every mutation's effect and its recorded result commit together.
 * Anything else that fails the batch — the same mutation id twice, the same new row sent by another
 * device at the same moment (a unique violation), a deadlock with another batch — rolls it all back,
 * and the batch is applied again one mutation at a time, where `applyMutation` answers those cases.
 */
export async function push(db: DB, actor: ServerActor, mutations: Mutation[], options: PushOptions = {}): Promise<MutationResult[]> {
	if (mutations.length === 0) return [];
	const hashes = mutations.map(mutationHash);
	const known = await recordedAll(db, mutations.map((m) => m.mutationId));
	try {
		return await db.transaction().execute(async (trx) => {
			const results: MutationResult[] = [];
			for (const [i, m] of mutations.entries()) {
				const hash = hashes[i]!;
				const before = known.get(m.mutationId);
				if (before) {
					results.push(answerFromRecord(m, actor, before, hash));
					continue;
				}
				await sql`savepoint mutation`.execute(trx);
				try {
					const result = await decide(trx, actor, m, options);
					await record(trx, actor, m, hash, result);
					await sql`release savepoint mutation`.execute(trx);
					results.push(result);
				} catch (error) {
					await sql`rollback to savepoint mutation`.execute(trx);
					if (!isDataRefusal(error) || isUniqueViolation(error)) throw error;
					const refusal = refusalOf(m, error);
					await record(trx, actor, m, hash, refusal);
					results.push(refusal);
				}
			}
			return results;
		});
	} catch (error) {
		if (!isUniqueViolation(error) && !isDataRefusal(error) && !isContention(error)) throw error;
		const results: MutationResult[] = [];
		for (const m of mutations) results.push(await applyMutation(db, actor, m, options));
		return results;
	}
}
