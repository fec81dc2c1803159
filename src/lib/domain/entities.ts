import type { z } from './zod';
import {
	addressSchema,
	availabilityFields,
	availabilitySchema,
	complementaryInfoSchema,
	orientationFields,
	participationFields,
	participationSchema,
	practitionerSchema,
	structureFields,
	structureSchema,
	syncMetaSchema,
	unavailabilityFields,
	unavailabilitySchema
} from './schemas';

/**
 * The synced entities, by the name the sync protocol, the API and the browser store use.
 * Each is validated by the same schema everywhere (form, outbox mutation, API body).
 * Listed in foreign-key order (structures, practitioners, then their rows): the seed inserts so.
 */
export const ENTITY_SCHEMAS = {
	structures: structureSchema,
	practitioners: practitionerSchema,
	addresses: addressSchema,
	participationSettings: participationSchema,
	availabilities: availabilitySchema,
	unavailabilities: unavailabilitySchema,
	complementaryInfo: complementaryInfoSchema,
	/** Patients the regulation sent: made by regulators on the server; devices change their status. */
	orientations: orientationFields
} as const;

export type EntityName = keyof typeof ENTITY_SCHEMAS;
export const ENTITY_NAMES = Object.keys(ENTITY_SCHEMAS) as EntityName[];
export type EntityValue<E extends EntityName> = z.infer<(typeof ENTITY_SCHEMAS)[E]>;

/** A synced row as the server sends it: the entity and its sync metadata. */
export type SyncedRow<E extends EntityName> = EntityValue<E> & {
	version: number;
	updatedAt: string;
	updatedBy: string | null;
	deleted: boolean;
};

const meta = syncMetaSchema.shape;

/** Each entity as the server sends it: its fields and its sync metadata. */
export const SYNCED_SCHEMAS = {
	structures: structureFields.extend(meta),
	practitioners: practitionerSchema.extend(meta),
	addresses: addressSchema.extend(meta),
	participationSettings: participationFields.extend(meta),
	availabilities: availabilityFields.extend(meta),
	unavailabilities: unavailabilityFields.extend(meta),
	complementaryInfo: complementaryInfoSchema.extend(meta),
	orientations: orientationFields.extend(meta)
} as const;

export function syncedSchema<E extends EntityName>(entity: E): (typeof SYNCED_SCHEMAS)[E] {
	return SYNCED_SCHEMAS[entity];
}
