import { availabilitySchema, type Availability } from '$lib/domain/schemas';
import { availabilityTimeliness } from '$lib/domain/timeliness';
import type { AvailabilityChange } from '$lib/domain/series-edit';
import type { Change } from '$lib/client/sync/writes';
import type { FieldErrors } from '../form/errors';

/** Where the form shows a message of the schema: recurrence rules on the weekdays, the rest on its field. */
const FIELD_OF: Record<string, string> = { exdates: 'rrule', originalDate: 'date', seriesId: 'date' };

/**
 * Checks the rows a change would write with the very schema and day rules the server applies
 * (`previous`: the rows as they are, so that an unchanged row is not judged again), and returns the
 * messages per form field (empty when everything is valid).
 */
export function validateChanges(changes: AvailabilityChange[], previous: readonly Availability[] = [], nowMs = Date.now()): FieldErrors {
	const errors: FieldErrors = {};
	for (const change of changes) {
		if (change.op !== 'put') continue;
		const result = availabilitySchema.safeParse(change.value);
		const issues = result.success
			? availabilityTimeliness(result.data, previous.find((p) => p.id === change.value.id) ?? null, nowMs)
			: result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
		for (const issue of issues) {
			const path = String(issue.path[0] ?? '_');
			errors[FIELD_OF[path] ?? path] ??= issue.message;
		}
	}
	return errors;
}

export function toStoreChanges(changes: AvailabilityChange[]): Change[] {
	return changes.map((c) => (c.op === 'put' ? { entity: 'availabilities', op: 'put', value: c.value } : { entity: 'availabilities', op: 'delete', id: c.id }));
}
