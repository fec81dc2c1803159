import type { DB } from './db';
import type { ServerActor } from './auth/actor';

export interface AuditEntry {
	/** The practitioner the change concerns, who may read it; null for account administration. */
	practitionerId: string | null;
	entity: string;
	entityId: string;
	action: 'create' | 'update' | 'delete';
	before: unknown;
	after: unknown;
	/** "modifié par …" as the practitioner reads it. */
	label: string;
}

/** Appends to the audit log. Call it inside the write's transaction: the record and the change commit together. */
export async function audit(db: DB, actor: ServerActor | null, entry: AuditEntry): Promise<void> {
	await db
		.insertInto('auditLog')
		.values({
			accountId: actor?.accountId ?? null,
			actorLabel: entry.label,
			role: actor?.role ?? 'system',
			practitionerId: entry.practitionerId,
			entity: entry.entity,
			entityId: entry.entityId,
			action: entry.action,
			before: entry.before === null || entry.before === undefined ? null : JSON.stringify(entry.before),
			after: entry.after === null || entry.after === undefined ? null : JSON.stringify(entry.after)
		})
		.execute();
}

export async function auditTrail(db: DB, practitionerId: string, limit = 200) {
	const rows = await db
		.selectFrom('auditLog')
		.select(['id', 'at', 'actorLabel', 'role', 'entity', 'entityId', 'action', 'before', 'after'])
		.where('practitionerId', '=', practitionerId)
		.orderBy('at', 'desc')
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ ...r, at: r.at.toISOString(), before: r.before ?? null, after: r.after ?? null }));
}
