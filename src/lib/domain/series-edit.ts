import { addDays, fromEpochDay, type LocalDate } from './civil';
import { detachedOccurrenceId, newId } from './ids';
import { firstOccurrenceOnOrAfter, formatRrule, parseRrule } from './recurrence';
import type { Availability } from './schemas/availability';

/** « Cette occurrence », « Cette occurrence et les suivantes », « Toute la récurrence ». */
export type Scope = 'occurrence' | 'following' | 'all';

export const SCOPE_LABELS: Record<Scope, string> = {
	occurrence: 'Cette occurrence',
	following: 'Cette occurrence et les suivantes',
	all: 'Toute la récurrence'
};

export type AvailabilityChange = { op: 'put'; value: Availability } | { op: 'delete'; id: string };

/** What the dialog edits: the fields of an availability, and its weekly recurrence. */
export interface AvailabilityDraft {
	addressId: string;
	timeZone: Availability['timeZone'];
	date: LocalDate;
	start: string;
	end: string;
	kind: Availability['kind'];
	slotMinutes: number | null;
	capacity: number | null;
	consultationTypes: Availability['consultationTypes'];
	/** ISO weekdays of "Créer une récurrence hebdomadaire"; null without recurrence. */
	weekdays: number[] | null;
	/** Optional end date of the recurrence. */
	until: LocalDate | null;
}

/** Which occurrence the user acted on. */
export interface OccurrenceRef {
	availabilityId: string;
	seriesId: string | null;
	occurrenceDate: LocalDate;
}

function fields(draft: AvailabilityDraft) {
	return {
		addressId: draft.addressId,
		timeZone: draft.timeZone,
		start: draft.start,
		end: draft.end,
		kind: draft.kind,
		slotMinutes: draft.kind === 'slot' ? draft.slotMinutes : null,
		capacity: draft.kind === 'capacity' ? draft.capacity : null,
		consultationTypes: draft.consultationTypes
	};
}

/** The recurrence of a draft, starting on its first chosen weekday on or after `from`. */
function recurrence(draft: AvailabilityDraft, from: LocalDate): { date: LocalDate; rrule: string | null } {
	if (!draft.weekdays) return { date: from, rrule: null };
	const days = [...new Set(draft.weekdays)].sort((a, b) => a - b);
	if (days.length === 0) return { date: from, rrule: 'FREQ=WEEKLY' }; // refused by the schema, with its message
	return { date: fromEpochDay(firstOccurrenceOnOrAfter(from, days)), rrule: formatRrule({ days, until: draft.until }) };
}

/** The first date of the series a draft would create ("Première occurrence : …" in the dialog). */
export function firstDateOf(draft: AvailabilityDraft): LocalDate {
	return recurrence(draft, draft.date).date;
}

export function newAvailability(id: string, practitionerId: string, draft: AvailabilityDraft): Availability {
	return { id, practitionerId, ...fields(draft), ...recurrence(draft, draft.date), exdates: [], seriesId: null, originalDate: null };
}

/** The draft the dialog opens with for an occurrence. */
export function draftOf(rows: readonly Availability[], ref: OccurrenceRef): AvailabilityDraft {
	const row = rows.find((r) => r.id === ref.availabilityId)!;
	const series = ref.seriesId ? rows.find((r) => r.id === ref.seriesId) : undefined;
	const rule = series?.rrule ? parseRrule(series.rrule) : null;
	return {
		addressId: row.addressId,
		timeZone: row.timeZone,
		date: row.rrule ? ref.occurrenceDate : row.date,
		start: row.start,
		end: row.end,
		kind: row.kind,
		slotMinutes: row.slotMinutes,
		capacity: row.capacity,
		consultationTypes: [...row.consultationTypes],
		weekdays: rule?.ok ? [...rule.rule.days] : null,
		until: rule?.ok ? rule.rule.until : null
	};
}

/** The scopes an occurrence offers: a single availability has only itself. */
export function scopesFor(ref: OccurrenceRef): Scope[] {
	return ref.seriesId ? ['occurrence', 'following', 'all'] : ['occurrence'];
}

function seriesOf(rows: readonly Availability[], ref: OccurrenceRef): Availability {
	const series = rows.find((r) => r.id === ref.seriesId && r.rrule !== null);
	if (!series) throw new Error('Récurrence introuvable');
	return series;
}

function detachedOf(rows: readonly Availability[], seriesId: string): Availability[] {
	return rows.filter((r) => r.seriesId === seriesId);
}

/** The series date this occurrence stands for (its original date when it was moved). */
function seriesDate(rows: readonly Availability[], ref: OccurrenceRef): LocalDate {
	const row = rows.find((r) => r.id === ref.availabilityId)!;
	return row.originalDate ?? ref.occurrenceDate;
}

/** The series, stopped the day before `date`, without exceptions past it. */
function truncated(series: Availability, date: LocalDate): Availability {
	const rule = parseRrule(series.rrule!);
	const days = rule.ok ? rule.rule.days : [];
	return { ...series, rrule: formatRrule({ days, until: addDays(date, -1) }), exdates: series.exdates.filter((d) => d < date) };
}

export function updateOccurrence(rows: readonly Availability[], ref: OccurrenceRef, draft: AvailabilityDraft, scope: Scope): AvailabilityChange[] {
	const row = rows.find((r) => r.id === ref.availabilityId)!;
	if (!ref.seriesId) {
		// A single availability: it may become a series.
		return [{ op: 'put', value: { ...row, ...fields(draft), ...recurrence(draft, draft.date) } }];
	}
	const series = seriesOf(rows, ref);
	const date = seriesDate(rows, ref);

	if (scope === 'occurrence') {
		const id = row.seriesId ? row.id : detachedOccurrenceId(series.id, date);
		return [
			{
				op: 'put',
				value: { id, practitionerId: series.practitionerId, ...fields(draft), date: draft.date, rrule: null, exdates: [], seriesId: series.id, originalDate: date }
			}
		];
	}
	if (scope === 'all' || date <= series.date) {
		const rule = recurrence({ ...draft, weekdays: draft.weekdays ?? [] }, series.date);
		return [{ op: 'put', value: { ...series, ...fields(draft), ...rule } }];
	}
	// From this date on, a new series carries the change; the old one stops the day before.
	const rule = parseRrule(series.rrule!);
	const oldDays = rule.ok ? rule.rule.days : [];
	const newDays = [...new Set(draft.weekdays ?? [])].sort((a, b) => a - b);
	const sameDays = newDays.length === oldDays.length && newDays.every((d, i) => d === oldDays[i]);
	const dropped = detachedOf(rows, series.id)
		.filter((d) => d.originalDate! >= date)
		.map((d): AvailabilityChange => ({ op: 'delete', id: d.id }));
	const exdates = series.exdates.filter((d) => d >= date);
	const seriesFrom = (start: LocalDate): Availability => ({
		id: newId(),
		practitionerId: series.practitionerId,
		...fields(draft),
		...recurrence({ ...draft, weekdays: newDays }, start),
		exdates: exdates.filter((d) => d >= start),
		seriesId: null,
		originalDate: null
	});
	// A new rule (other weekdays) applies from this occurrence's week on, as the dialog shows it.
	if (!sameDays || draft.date === date) {
		return [{ op: 'put', value: truncated(series, date) }, { op: 'put', value: seriesFrom(draft.date < date ? date : draft.date) }, ...dropped];
	}
	// Same weekdays, the occurrence moved (it had been moved before, or its date was changed here):
	// INVARIANT no occurrence is lost or doubled — this one lands where the dialog puts it, on its
	// own, and the new series takes the series' dates after it.
	const moved: Availability = { id: newId(), practitionerId: series.practitionerId, ...fields(draft), date: draft.date, rrule: null, exdates: [], seriesId: null, originalDate: null };
	const next = fromEpochDay(firstOccurrenceOnOrAfter(addDays(date, 1), newDays));
	const rest = draft.until !== null && next > draft.until ? [] : [{ op: 'put' as const, value: seriesFrom(next) }];
	return [{ op: 'put', value: truncated(series, date) }, { op: 'put', value: moved }, ...rest, ...dropped];
}

export function deleteOccurrence(rows: readonly Availability[], ref: OccurrenceRef, scope: Scope): AvailabilityChange[] {
	const row = rows.find((r) => r.id === ref.availabilityId)!;
	if (!ref.seriesId) return [{ op: 'delete', id: row.id }];
	const series = seriesOf(rows, ref);
	const date = seriesDate(rows, ref);
	const detached = detachedOf(rows, series.id);

	if (scope === 'occurrence') {
		// An exception on the series; a moved occurrence goes too (or its original date would come back).
		const changes: AvailabilityChange[] = [{ op: 'put', value: { ...series, exdates: [...new Set([...series.exdates, date])].sort() } }];
		const moved = detached.find((d) => d.originalDate === date);
		if (moved) changes.push({ op: 'delete', id: moved.id });
		return changes;
	}
	if (scope === 'all' || date <= series.date) {
		return [{ op: 'delete', id: series.id }, ...detached.map((d): AvailabilityChange => ({ op: 'delete', id: d.id }))];
	}
	return [
		{ op: 'put', value: truncated(series, date) },
		...detached.filter((d) => d.originalDate! >= date).map((d): AvailabilityChange => ({ op: 'delete', id: d.id }))
	];
}
