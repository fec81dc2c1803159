import type { Overlap } from '$lib/domain/overlaps';
import { formatDateLong } from '../format';
import { availabilitySchema, type Availability } from '$lib/domain/schemas';
import { availabilityTimeliness } from '$lib/domain/timeliness';
import type { AvailabilityChange } from '$lib/domain/series-edit';
import type { Change } from '$lib/client/sync/writes';
import type { FieldErrors } from '../form/errors';

/** Where the form shows a message of the schema: recurrence rules on the weekdays, the rest on its field. */
const FIELD_OF: Record<string, string> = { exdates: 'rrule', continuesId: 'rrule', originalDate: 'date', seriesId: 'date' };

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

/** The key of FieldErrors that carries an overlap to confirm rather than a value to correct. */
export const OVERLAP_KEY = '_overlap';

const range = (o: { start: string; end: string }) => `de ${o.start} à ${o.end === '00:00' ? '24:00' : o.end}`;

/** « Chevauche la disponibilité du mardi 8 décembre 2026 de 09:00 à 10:00 … : enregistrer quand même ? » */
export function overlapMessage(overlaps: readonly Overlap[]): string | null {
	const [first] = overlaps;
	if (!first) return null;
	const more = overlaps.length > 1 ? ` (et ${overlaps.length - 1} autre${overlaps.length > 2 ? 's' : ''} chevauchement${overlaps.length > 2 ? 's' : ''})` : '';
	return `Chevauche la disponibilité du ${formatDateLong(first.other.date)} ${range(first.other)}, du même type au même lieu${more} : enregistrer quand même ?`;
}
