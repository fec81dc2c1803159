import { z } from '../zod';
import { endMinutesOfDay, isoWeekday, minutesOfDay } from '../civil';
import { parseRrule } from '../recurrence';
import { localEndToEpochMs, localToEpochMs } from '../time';
import { AVAILABILITY_KINDS, CONSULTATION_TYPES, SLOT_LENGTHS } from '../reference';
import { idSchema, localDateSchema, localTimeSchema, timeZoneSchema } from './common';

export const MAX_CAPACITY = 50;
/** A range lasts 10 minutes to 12 hours (on the clock): shorter or longer is a typing slip. */
export const MIN_RANGE_MINUTES = 10;
export const MAX_RANGE_MINUTES = 12 * 60;

/** The shape of an RFC 5545 RRULE (KEY=VALUE;…); `parseRrule` then reads what it says. */
const RRULE_SHAPE = /^(RRULE:)?[A-Za-z]+=[A-Za-z0-9,]+(;[A-Za-z]+=[A-Za-z0-9,]+)*$/;

/**
 * A disponibilité: one range on a date, or the first of a weekly series (rrule). A detached
 * occurrence is a row of its own that replaces the series' occurrence of `originalDate`.
 */
export const availabilityFields = z.object({
	id: idSchema,
	practitionerId: idSchema,
	addressId: idSchema,
	date: localDateSchema,
	start: localTimeSchema,
	/** "00:00" as an end is midnight, the end of the date. */
	end: localTimeSchema,
	timeZone: timeZoneSchema,
	kind: z.enum(AVAILABILITY_KINDS, { error: 'Type de disponibilité inconnu' }),
	/** kind 'slot': length of each visible slot (10:00-10:15, 10:15-10:30…); null shows one slot for the range. */
	slotMinutes: z
		.number()
		.int()
		.refine((n) => (SLOT_LENGTHS as readonly number[]).includes(n), { error: 'Durée de créneau : 10, 15, 20 ou 30 minutes' })
		.nullable(),
	/** kind 'capacity': "Je peux recevoir X patients sur cette plage horaire". */
	capacity: z
		.number({ error: 'Indiquez un nombre de patients' })
		.int({ error: 'Indiquez un nombre entier de patients' })
		.min(1, { error: 'Indiquez au moins 1 patient' })
		.max(MAX_CAPACITY, { error: `${MAX_CAPACITY} patients au plus` })
		.nullable(),
	consultationTypes: z
		.array(z.enum(CONSULTATION_TYPES, { error: 'Type de consultation inconnu' }))
		.min(1, { error: 'Choisissez au moins un type de consultation' }),
	rrule: z
		.string()
		.max(200, { error: '200 caractères au plus' })
		.regex(RRULE_SHAPE, { error: 'Règle de récurrence illisible (ex. : FREQ=WEEKLY;BYDAY=MO,TH)' })
		.nullable(),
	/** Dates removed from the series (EXDATE). */
	exdates: z.array(localDateSchema),
	seriesId: idSchema.nullable(),
	originalDate: localDateSchema.nullable(),
	/**
	 * A series that carries on another from a date (« Cette occurrence et les suivantes »): the parts
	 * are one series to the doctor, and « Toute la récurrence » changes them all.
	 */
	continuesId: idSchema.nullable().optional()
});

export type Availability = z.infer<typeof availabilityFields>;

type Issue = { path: (keyof Availability)[]; message: string };

export function availabilityIssues(a: Availability): Issue[] {
	const issues: Issue[] = [];
	const duration = endMinutesOfDay(a.end) - minutesOfDay(a.start);
	if (duration <= 0) issues.push({ path: ['end'], message: 'L’heure de fin doit être après l’heure de début' });
	else if (duration < MIN_RANGE_MINUTES) issues.push({ path: ['end'], message: `Une plage dure au moins ${MIN_RANGE_MINUTES} minutes` });
	else if (duration > MAX_RANGE_MINUTES) issues.push({ path: ['end'], message: `Une plage dure ${MAX_RANGE_MINUTES / 60} heures au plus` });
	else if (a.rrule === null && localEndToEpochMs(a.date, a.end, a.timeZone) <= localToEpochMs(a.date, a.start, a.timeZone)) {
		// 02:30–03:30 on the night the clocks go forward lasts no real minute: regulators would see « 03:30–03:30 ».
		issues.push({ path: ['start'], message: 'Cette plage tombe dans le changement d’heure de cette nuit-là : elle ne dure aucune minute réelle. Choisissez d’autres heures.' });
	}

	if (a.kind === 'capacity' && a.capacity === null) {
		issues.push({ path: ['capacity'], message: 'Indiquez le nombre de patients que vous pouvez recevoir' });
	}
	if (a.kind !== 'capacity' && a.capacity !== null) {
		issues.push({ path: ['capacity'], message: 'Le nombre de patients ne s’applique qu’à une plage de plusieurs patients' });
	}
	if (a.kind !== 'slot' && a.slotMinutes !== null) {
		issues.push({ path: ['slotMinutes'], message: 'La durée de créneau ne s’applique qu’aux créneaux' });
	}
	if (a.kind === 'slot' && a.slotMinutes !== null && duration > 0 && duration < a.slotMinutes) {
		issues.push({ path: ['slotMinutes'], message: `La plage est plus courte qu’un créneau de ${a.slotMinutes} minutes` });
	}

	if (a.rrule !== null) {
		const parsed = parseRrule(a.rrule);
		if (!parsed.ok) {
			issues.push({ path: ['rrule'], message: parsed.error });
		} else {
			if (!parsed.rule.days.includes(isoWeekday(a.date))) {
				issues.push({ path: ['rrule'], message: 'La date de la première disponibilité doit tomber un des jours choisis' });
			}
			if (parsed.rule.until !== null && parsed.rule.until < a.date) {
				issues.push({ path: ['rrule'], message: 'La fin de la récurrence doit être après la date de début' });
			}
		}
		if (a.seriesId !== null) issues.push({ path: ['rrule'], message: 'Une occurrence modifiée ne peut pas être récurrente' });
	} else if (a.continuesId) {
		issues.push({ path: ['continuesId'], message: 'Seule une récurrence en prolonge une autre' });
	} else if (a.exdates.length > 0) {
		issues.push({ path: ['exdates'], message: 'Seule une récurrence a des exceptions' });
	}
	if ((a.seriesId === null) !== (a.originalDate === null)) {
		issues.push({ path: ['originalDate'], message: 'Une occurrence modifiée indique sa récurrence et sa date d’origine' });
	}
	return issues;
}

export const availabilitySchema = availabilityFields.superRefine((a, ctx) => {
	for (const issue of availabilityIssues(a)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

export function isSeries(a: Pick<Availability, 'rrule'>): boolean {
	return a.rrule !== null;
}
