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

/** The end of a series (its UNTIL), or null when it goes on. */
function untilOf(series: Availability): LocalDate | null {
	const rule = series.rrule ? parseRrule(series.rrule) : null;
	return rule?.ok ? rule.rule.until : null;
}

const earliest = (a: LocalDate | null, b: LocalDate | null): LocalDate | null => (a === null ? b : b === null ? a : a < b ? a : b);

/**
 * The series as the doctor sees it: this one and every part linked to it by `continuesId` (what
 * « Cette occurrence et les suivantes » left), in date order.
 */
export function partsOf(rows: readonly Availability[], series: Availability): Availability[] {
	const candidates = rows.filter((r) => r.rrule !== null);
	const ids = new Set([series.id]);
	// Each round adds a part or stops: at most as many rounds as rows.
	for (let grew = true; grew; ) {
		grew = false;
		for (const r of candidates) {
			const linked = r.continuesId ?? null;
			if (!linked || ids.has(r.id) === ids.has(linked)) continue;
			if (ids.has(r.id) && !candidates.some((c) => c.id === linked)) continue;
			ids.add(r.id);
			ids.add(linked);
			grew = true;
		}
	}
	return candidates.filter((r) => ids.has(r.id)).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The draft the dialog opens with for an occurrence. */
export function draftOf(rows: readonly Availability[], ref: OccurrenceRef): AvailabilityDraft {
	const row = rows.find((r) => r.id === ref.availabilityId)!;
	const series = ref.seriesId ? rows.find((r) => r.id === ref.seriesId) : undefined;
	const rule = series?.rrule ? parseRrule(series.rrule) : null;
	// « Jusqu’au » is where the whole series ends, its last part's end.
	const last = series ? partsOf(rows, series).at(-1) : undefined;
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
		until: last ? untilOf(last) : null
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
	const parts = partsOf(rows, series);
	const later = parts.slice(parts.indexOf(series) + 1);
	if (scope === 'all' || date <= series.date) return changeParts(rows, scope === 'all' ? parts : [series, ...later], draft);
	// From this date on, a new series carries the change; the old one stops the day before.
	const rule = parseRrule(series.rrule!);
	const oldDays = rule.ok ? rule.rule.days : [];
	const newDays = [...new Set(draft.weekdays ?? [])].sort((a, b) => a - b);
	const sameDays = newDays.length === oldDays.length && newDays.every((d, i) => d === oldDays[i]);
	const dropped = detachedOf(rows, series.id)
		.filter((d) => d.originalDate! >= date)
		.map((d): AvailabilityChange => ({ op: 'delete', id: d.id }));
	const exdates = series.exdates.filter((d) => d >= date);
	// The new part ends where this one did when later parts follow; they take the change too.
	const until = later.length ? earliest(untilOf(series), draft.until) : draft.until;
	const following = later.length ? changeParts(rows, later, draft) : [];
	const seriesFrom = (start: LocalDate): Availability => ({
		id: newId(),
		practitionerId: series.practitionerId,
		...fields(draft),
		...recurrence({ ...draft, weekdays: newDays, until }, start),
		exdates: exdates.filter((d) => d >= start),
		seriesId: null,
		originalDate: null,
		continuesId: series.id
	});
	// A new rule (other weekdays) applies from this occurrence's week on, as the dialog shows it.
	if (!sameDays || draft.date === date) {
		return [{ op: 'put', value: truncated(series, date) }, { op: 'put', value: seriesFrom(draft.date < date ? date : draft.date) }, ...dropped, ...following];
	}
	// Same weekdays, the occurrence moved (it had been moved before, or its date was changed here):
	// INVARIANT no occurrence is lost or doubled — this one lands where the dialog puts it, on its
	// own, and the new series takes the series' dates after it.
	const moved: Availability = { id: newId(), practitionerId: series.practitionerId, ...fields(draft), date: draft.date, rrule: null, exdates: [], seriesId: null, originalDate: null };
	const next = fromEpochDay(firstOccurrenceOnOrAfter(addDays(date, 1), newDays));
	const rest = until !== null && next > until ? [] : [{ op: 'put' as const, value: seriesFrom(next) }];
	return [{ op: 'put', value: truncated(series, date) }, { op: 'put', value: moved }, ...rest, ...dropped, ...following];
}

/**
 * The draft applied to these parts of a series, each keeping its own dates (the last one ends
 * where the draft says); a part that would start after the draft's end goes, with its moved
 * occurrences.
 */
function changeParts(rows: readonly Availability[], parts: readonly Availability[], draft: AvailabilityDraft): AvailabilityChange[] {
	return parts.flatMap((part, i): AvailabilityChange[] => {
		const until = i === parts.length - 1 ? draft.until : earliest(untilOf(part), draft.until);
		const rule = recurrence({ ...draft, weekdays: draft.weekdays ?? [], until }, part.date);
		if (until !== null && until < rule.date) return removed(rows, part);
		return [{ op: 'put', value: { ...part, ...fields(draft), ...rule } }];
	});
}

/** A series part and its moved occurrences, deleted. */
function removed(rows: readonly Availability[], part: Availability): AvailabilityChange[] {
	return [{ op: 'delete', id: part.id }, ...detachedOf(rows, part.id).map((d): AvailabilityChange => ({ op: 'delete', id: d.id }))];
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
	const parts = partsOf(rows, series);
	const later = parts.slice(parts.indexOf(series) + 1);
	if (scope === 'all') return parts.flatMap((p) => removed(rows, p));
	if (date <= series.date) return [series, ...later].flatMap((p) => removed(rows, p));
	return [
		{ op: 'put', value: truncated(series, date) },
		...detached.filter((d) => d.originalDate! >= date).map((d): AvailabilityChange => ({ op: 'delete', id: d.id })),
		...later.flatMap((p) => removed(rows, p))
	];
}
