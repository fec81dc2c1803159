import Dexie, { type DexieOptions, type Table } from 'dexie';
import { ENTITY_NAMES, type EntityName, type SyncedRow } from '$lib/domain/entities';

/** A row as the device holds it: the server's, or with local changes not yet acknowledged. */
export type LocalRow<E extends EntityName = EntityName> = SyncedRow<E> & {
	/** Local changes wait in the outbox, or ended in a conflict or a rejection. */
	pending?: boolean;
	/** The last server state under the local changes, to go back to (absent for a row created here). */
	server?: SyncedRow<E> | null;
};

export interface OutboxEntry {
	seq?: number;
	mutationId: string;
	entity: EntityName;
	id: string;
	op: 'put' | 'delete';
	baseVersion: number;
	data?: Record<string, unknown>;
	createdAt: string;
	/** How many pushes carried it: an entry that may have reached the server is never rewritten. */
	attempts: number;
	/** How many of those pushes the server answered with an error (not a network loss). */
	serverFailures?: number;
	/** The local edits it carries (several when unsent edits of a row were merged). */
	edits: string[];
}

export interface ConflictRecord {
	key: string;
	entity: EntityName;
	id: string;
	/** The device's version: the row as edited here, or its deletion. */
	mine: { op: 'put' | 'delete'; data?: Record<string, unknown> };
	/** The server's version, null when the server has no such row. */
	theirs: SyncedRow<EntityName> | null;
	edits: string[];
	at: string;
}

export interface RejectionRecord {
	mutationId: string;
	entity: EntityName;
	id: string;
	op: 'put' | 'delete';
	data?: Record<string, unknown>;
	reason: string;
	errors: Record<string, string[]>;
	edits: string[];
	at: string;
}

export interface SyncMeta {
	key: 'sync';
	cursor: number;
	lastSyncAt: string | null;
	/** The practitioners this account could read at the last pull. */
	scope: string[] | null;
	/** The structures' scope of the last pull (absent: a device that pulled every structure). */
	structureScope?: string[];
}

/** The device's row tables: one per synced entity. */
export const ENTITY_TABLES: readonly EntityName[] = ENTITY_NAMES;

/** The device's copy of what the account may read, plus the outbox, conflicts, rejections and sync state. */
export class LocalStore extends Dexie {
	structures!: Table<LocalRow<'structures'>, string>;
	practitioners!: Table<LocalRow<'practitioners'>, string>;
	addresses!: Table<LocalRow<'addresses'>, string>;
	participationSettings!: Table<LocalRow<'participationSettings'>, string>;
	availabilities!: Table<LocalRow<'availabilities'>, string>;
	unavailabilities!: Table<LocalRow<'unavailabilities'>, string>;
	complementaryInfo!: Table<LocalRow<'complementaryInfo'>, string>;
	orientations!: Table<LocalRow<'orientations'>, string>;
	outbox!: Table<OutboxEntry, number>;
	conflicts!: Table<ConflictRecord, string>;
	rejections!: Table<RejectionRecord, string>;
	meta!: Table<SyncMeta, string>;

	constructor(name: string, options?: DexieOptions) {
		super(name, options);
		this.version(1).stores({
			structures: 'id',
			practitioners: 'id',
			addresses: 'id, practitionerId',
			participationSettings: 'id, practitionerId',
			availabilities: 'id, practitionerId, seriesId',
			unavailabilities: 'id, practitionerId',
			complementaryInfo: 'id, practitionerId',
			outbox: '++seq, &mutationId, [entity+id]',
			conflicts: 'key, [entity+id]',
			rejections: 'mutationId, [entity+id]',
			meta: 'key'
		});
		// Patients sent by the regulation (issue 15): a new table; the rest stays as it is.
		this.version(2).stores({ orientations: 'id, practitionerId' });
	}

	/** The table of an entity, by its name. */
	rows<E extends EntityName>(entity: E): Table<LocalRow<E>, string> {
		return this[entity] as unknown as Table<LocalRow<E>, string>;
	}

	async syncMeta(): Promise<SyncMeta> {
		return (await this.meta.get('sync')) ?? { key: 'sync', cursor: 0, lastSyncAt: null, scope: null };
	}
}

/** One database per account: what one account may read never shows to the next on a shared computer. */
export function storeName(accountId: string): string {
	return `agenda-sas-${accountId}`;
}
