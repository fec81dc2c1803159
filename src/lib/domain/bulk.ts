import { addDays, startOfIsoWeek, toEpochDay, type LocalDate } from './civil';
import { expandOccurrences, type Occurrence } from './occurrences';
import { availabilitySchema, type Availability } from './schemas/availability';
import type { Address } from './schemas/address';
import type { Unavailability } from './schemas/unavailability';
import { newAvailability, type AvailabilityDraft } from './series-edit';
import { wallClockToEpochMs } from './time';
import { isAffected, unavailabilityIntervals } from './visibility';

/**
 * Bulk work of a structure manager (copy a week, apply a pattern to several members): pure plans
 * that the page previews, then writes in one go. Every line says what will be created, or why not.
 */

export interface PlannedLine {
	practitionerId: string;
	date: LocalDate;
	start: string;
	end: string;
}

export interface BulkPlan {
	/** The rows to write. */
	created: Availability[];
	/** What is already there, identical: nothing to do. */
	unchanged: PlannedLine[];
	refused: (PlannedLine & { reason: string })[];
}

export const COPY_WEEKS_MAX = 12;

function occurrencesOfWeeks(availabilities: readonly Availability[], monday: LocalDate, weeks: number, timeZone: string): Occurrence[] {
	const day = toEpochDay(monday);
	return expandOccurrences(availabilities, wallClockToEpochMs(day, 0, timeZone), wallClockToEpochMs(day + 7 * weeks, 0, timeZone));
}

const formatDay = (date: LocalDate) => date.split('-').reverse().join('/');

const hhmm = (o: Pick<Occurrence, 'start' | 'end'>) => `${o.start} à ${o.end === '00:00' ? '24:00' : o.end}`;

function sameContent(o: Occurrence, a: Availability): boolean {
	const b = o.availability;
	return (
		o.start === a.start &&
		o.end === a.end &&
		b.addressId === a.addressId &&
		b.kind === a.kind &&
		b.slotMinutes === a.slotMinutes &&
		b.capacity === a.capacity &&
		[...b.consultationTypes].sort().join() === [...a.consultationTypes].sort().join()
	);
}

function firstIssue(a: Availability): string | null {
	const parsed = availabilitySchema.safeParse(a);
	return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'Disponibilité invalide');
}

export interface CopyWeekInput {
	practitionerId: string;
	availabilities: readonly Availability[];
	unavailabilities: readonly Unavailability[];
	timeZone: string;
	/** Monday of the week to copy. */
	sourceWeek: LocalDate;
	/** How many following weeks receive the copy. */
	weeks: number;
	newId: () => string;
}

/**
 * « Copier cette semaine » : every occurrence of the source week, on the same weekday and at the
 * same local time, in each of the next `weeks` weeks, as single availabilities. An identical
 * occurrence already there (a weekly series, an earlier copy) is left alone; one that overlaps
 * something else that day, or falls in a declared unavailability, is refused with its reason.
 */
export function planCopyWeek(input: CopyWeekInput): BulkPlan {
	const plan: BulkPlan = { created: [], unchanged: [], refused: [] };
	const weeks = Math.max(0, Math.min(COPY_WEEKS_MAX, Math.floor(input.weeks)));
	const source = occurrencesOfWeeks(input.availabilities, input.sourceWeek, 1, input.timeZone);
	const targets = occurrencesOfWeeks(input.availabilities, addDays(input.sourceWeek, 7), weeks, input.timeZone);
	const unavailable = unavailabilityIntervals(input.unavailabilities);

	for (let k = 1; k <= weeks; k++) {
		for (const o of source) {
			const a = o.availability;
			const date = addDays(o.date, 7 * k);
			const copy: Availability = {
				id: input.newId(),
				practitionerId: input.practitionerId,
				addressId: a.addressId,
				timeZone: a.timeZone,
				date,
				start: a.start,
				end: a.end,
				kind: a.kind,
				slotMinutes: a.slotMinutes,
				capacity: a.capacity,
				consultationTypes: [...a.consultationTypes],
				rrule: null,
				exdates: [],
				seriesId: null,
				originalDate: null
			};
			const line = { practitionerId: input.practitionerId, date, start: a.start, end: a.end };
			const [created] = expandOccurrences([copy], -Infinity, Infinity);
			const sameDay = targets.filter((t) => t.date === date);
			if (sameDay.some((t) => sameContent(t, copy))) {
				plan.unchanged.push(line);
				continue;
			}
			const clash = sameDay.find((t) => created && t.startMs < created.endMs && created.startMs < t.endMs);
			const issue = firstIssue(copy);
			if (issue) plan.refused.push({ ...line, reason: issue });
			else if (clash) plan.refused.push({ ...line, reason: `Chevauche la disponibilité de ${hhmm(clash)} déjà présente ce jour-là` });
			else if (created && isAffected(created, unavailable)) plan.refused.push({ ...line, reason: 'Pendant une période d’indisponibilité déclarée' });
			else plan.created.push(copy);
		}
	}
	return plan;
}

/** The pattern applied to several members: an availability draft without its place. */
export type Pattern = Omit<AvailabilityDraft, 'addressId' | 'timeZone'>;

export interface PatternMember {
	practitionerId: string;
	name: string;
	/** Whether the structure may write this agenda (manual SAS agenda). */
	manual: boolean;
	addresses: readonly Pick<Address, 'id' | 'timeZone'>[];
	/** For a CPTS member, the addresses attached to the CPTS, chosen first. */
	preferredAddressIds: readonly string[];
	availabilities: readonly Availability[];
}

/** How far ahead a new series is compared with what the member already has. */
export const PATTERN_CHECK_WEEKS = 8;

/**
 * One pattern (e.g. every Tuesday 18:00–20:00, 4 patients) for several members at once: one new
 * availability each, at their CPTS address (else their first address). A member with interfaced
 * software, no address, or something already in those hours over the next weeks is refused, with
 * the reason, and the others go ahead.
 */
export function planPattern(pattern: Pattern, members: readonly PatternMember[], newId: () => string): BulkPlan {
	const plan: BulkPlan = { created: [], unchanged: [], refused: [] };
	for (const m of members) {
		const line = { practitionerId: m.practitionerId, date: pattern.date, start: pattern.start, end: pattern.end };
		if (!m.manual) {
			plan.refused.push({ ...line, reason: 'Utilise un logiciel de prise de rendez-vous interfacé : ses créneaux ne se modifient que dans ce logiciel' });
			continue;
		}
		const address = m.preferredAddressIds.map((id) => m.addresses.find((a) => a.id === id)).find((a) => a !== undefined) ?? m.addresses[0];
		if (!address) {
			plan.refused.push({ ...line, reason: 'Aucun lieu d’exercice déclaré' });
			continue;
		}
		const availability = newAvailability(newId(), m.practitionerId, { ...pattern, addressId: address.id, timeZone: address.timeZone as Availability['timeZone'] });
		const issue = firstIssue(availability);
		if (issue) {
			plan.refused.push({ ...line, reason: issue });
			continue;
		}
		const monday = startOfIsoWeek(availability.date);
		const planned = occurrencesOfWeeks([availability], monday, PATTERN_CHECK_WEEKS, address.timeZone);
		const existing = occurrencesOfWeeks(m.availabilities, monday, PATTERN_CHECK_WEEKS, address.timeZone);
		const clash = planned
			.map((p) => ({ p, e: existing.find((e) => e.startMs < p.endMs && p.startMs < e.endMs) }))
			.find((x) => x.e !== undefined);
		if (clash?.e) {
			const at = { ...line, date: clash.p.date };
			if (sameContent(clash.e, availability)) plan.unchanged.push(at);
			else plan.refused.push({ ...at, reason: `Chevauche la disponibilité du ${formatDay(clash.e.date)} de ${hhmm(clash.e)} déjà présente` });
			continue;
		}
		plan.created.push(availability);
	}
	return plan;
}
