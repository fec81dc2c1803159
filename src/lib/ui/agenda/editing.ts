import { availabilitySchema } from '$lib/domain/schemas';
import type { AvailabilityChange } from '$lib/domain/series-edit';
import type { Change } from '$lib/client/sync/writes';
import type { FieldErrors } from '../form/errors';

/** Where the form shows a message of the schema: recurrence rules on the weekdays, the rest on its field. */
const FIELD_OF: Record<string, string> = { exdates: 'rrule', originalDate: 'date', seriesId: 'date' };

/**
 * Checks the rows a change would write with the very schema the server applies, and returns the
 * messages per form field (empty when everything is valid).
 */
export function validateChanges(changes: AvailabilityChange[]): FieldErrors {
	const errors: FieldErrors = {};
	for (const change of changes) {
		if (change.op !== 'put') continue;
		const result = availabilitySchema.safeParse(change.value);
		if (result.success) continue;
		for (const issue of result.error.issues) {
			const path = String(issue.path[0] ?? '_');
			errors[FIELD_OF[path] ?? path] ??= issue.message;
		}
	}
	return errors;
}

export function toStoreChanges(changes: AvailabilityChange[]): Change[] {
	return changes.map((c) => (c.op === 'put' ? { entity: 'availabilities', op: 'put', value: c.value } : { entity: 'availabilities', op: 'delete', id: c.id }));
}
