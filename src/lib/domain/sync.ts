import { ENTITY_NAMES, type EntityName, type SyncedRow } from './entities';
import { idSchema } from './schemas/common';
import { z } from './zod';

/**
 * The sync protocol (DESIGN §5). A mutation is appended to the outbox in the same local
 * transaction as the change it carries; the server applies it once, whatever the number of
 * times it is sent, and records its result under `mutationId`.
 */
const base = {
	mutationId: idSchema,
	entity: z.enum(ENTITY_NAMES as [EntityName, ...EntityName[]], { error: 'Type de donnée inconnu' }),
	id: idSchema
};

export const mutationSchema = z.discriminatedUnion('op', [
	z.object({
		...base,
		op: z.literal('put'),
		/** The server version the change was made on; 0 for a row the server has not seen. */
		baseVersion: z.number().int().min(0),
		data: z.record(z.string(), z.unknown())
	}),
	z.object({ ...base, op: z.literal('delete'), baseVersion: z.number().int().min(1) })
]);
export type Mutation = z.infer<typeof mutationSchema>;

export const MAX_PUSH = 100;
export const MAX_PULL = 1000;

export const pushRequestSchema = z.object({
	mutations: z.array(mutationSchema).min(1).max(MAX_PUSH, { error: `${MAX_PUSH} modifications au plus par envoi` })
});

export type MutationResult =
	| { mutationId: string; status: 'applied'; entity: EntityName; row: SyncedRow<EntityName> }
	| { mutationId: string; status: 'conflict'; entity: EntityName; id: string; server: SyncedRow<EntityName> | null }
	| {
			mutationId: string;
			status: 'rejected';
			entity: EntityName;
			id: string;
			reason: string;
			errors: Record<string, string[]>;
			/** forbidden: the permission policy refused; invalid: a rule or a value did (absent in results recorded before). */
			code?: 'forbidden' | 'invalid';
	  };

export interface PulledRow {
	entity: EntityName;
	row: SyncedRow<EntityName>;
}

export interface PullResponse {
	rows: PulledRow[];
	/** Pass it back as `cursor` to get what changed after this page. */
	cursor: number;
	hasMore: boolean;
	/** How many rows are left after this page (in the server's snapshot): the device shows its progress. */
	remaining: number;
	/** The practitioners this account may read now: rows of others are dropped on the device. */
	scope: string[];
	/** The structures the device holds: `territory:84` and structure ids; when it grows, the device pulls again from the start. */
	structureScope: string[];
}

export const pullQuerySchema = z.object({
	cursor: z.coerce.number().int().min(0).default(0),
	limit: z.coerce.number().int().min(1).max(MAX_PULL).default(500)
});
