import { addDays, endMinutesOfDay, minutesOfDay, type LocalDate } from '$lib/domain/civil';
import type { EventInput } from 'fullcalendar';
import { expandOccurrences, type Occurrence } from '$lib/domain/occurrences';
import { CONSULTATION_TYPE_LABELS } from '$lib/domain/reference';
import type { Address, Availability, Unavailability } from '$lib/domain/schemas';
import { epochMsToWallClock, formatDuration, localToEpochMs } from '$lib/domain/time';
import { isAffected, unavailabilityIntervals } from '$lib/domain/visibility';

/** Address colours: DSFR illustrative tones dark enough for white text (contrast ≥ 4.5:1). */
export const ADDRESS_COLOURS = ['#000091', '#18753c', '#8d533e', '#6e445a', '#006a6f', '#7d4e5b'];

export function addressColour(addresses: readonly Pick<Address, 'id'>[], addressId: string): string {
	const index = addresses.findIndex((a) => a.id === addressId);
	return ADDRESS_COLOURS[Math.max(index, 0) % ADDRESS_COLOURS.length]!;
}

/** "3 patients", "Sans RDV", "Créneaux de 15 min", "Créneau disponible". */
export function kindLabel(a: Pick<Availability, 'kind' | 'capacity' | 'slotMinutes'>): string {
	if (a.kind === 'capacity') return `${a.capacity} patient${a.capacity === 1 ? '' : 's'}`;
	if (a.kind === 'walk_in') return 'Sans RDV';
	return a.slotMinutes ? `Créneaux de ${a.slotMinutes} min` : 'Créneau disponible';
}

export function typesLabel(a: Pick<Availability, 'consultationTypes'>): string {
	return a.consultationTypes.map((t) => CONSULTATION_TYPE_LABELS[t]).join(', ');
}

export interface AgendaData {
	/** How the viewer is named in "modifié par": changes by anyone else are flagged on the item. */
	ownLabel?: string;
	addresses: readonly Address[];
	availabilities: readonly (Availability & { pending?: boolean; updatedBy?: string | null })[];
	unavailabilities: readonly Unavailability[];
	timeZone: string;
	/** Patients the regulation sent (not cancelled): shown on the occurrence they were sent to. */
	oriented?: readonly { availabilityId: string | null; startMs: number }[];
}

/** « · 2 patients adressés » on an occurrence that received some. */
function orientedLabel(o: { availabilityId: string; startMs: number; endMs: number }, oriented: AgendaData['oriented']): string {
	const count = (oriented ?? []).filter((p) => p.availabilityId === o.availabilityId && p.startMs >= o.startMs && p.startMs < o.endMs).length;
	return count === 0 ? '' : ` · ${count} patient${count > 1 ? 's' : ''} adressé${count > 1 ? 's' : ''} par la régulation`;
}

/** FullCalendar runs in UTC and receives wall-clock times: each occurrence shows at its own local time. */
function wallClock(date: LocalDate, time: string, isEnd = false): string {
	return isEnd && time === '00:00' ? `${addDays(date, 1)}T00:00:00` : `${date}T${time}:00`;
}

export interface OccurrenceEvent extends EventInput {
	extendedProps: { occurrence: Occurrence; unavailable: boolean };
}

/** « (1 h 00 réelles — changement d’heure) » when a change of clock made the occurrence shorter or longer than it reads. */
function clockChange(o: Occurrence): string {
	const real = (o.endMs - o.startMs) / 60_000;
	return real === endMinutesOfDay(o.end) - minutesOfDay(o.start) ? '' : ` (${formatDuration(real)} réelles — changement d’heure)`;
}

/** The calendar events of the days [from, to): occurrences, and unavailability as background. */
export function calendarEvents(agenda: AgendaData, from: LocalDate, to: LocalDate): EventInput[] {
	const fromMs = localToEpochMs(from, '00:00', agenda.timeZone);
	const toMs = localToEpochMs(to, '00:00', agenda.timeZone);
	const unavailable = unavailabilityIntervals(agenda.unavailabilities);
	const events: EventInput[] = expandOccurrences(agenda.availabilities, fromMs, toMs).map((o): OccurrenceEvent => {
		const affected = isAffected(o, unavailable);
		const pending = (o.availability as { pending?: boolean }).pending === true;
		const by = (o.availability as { updatedBy?: string | null }).updatedBy;
		// A disponibilité: « créée par » someone else when they made it (version 1), « modifiée par » after.
		const verb = (o.availability as { version?: number }).version === 1 ? 'créée' : 'modifiée';
		const byOther = !pending && by && agenda.ownLabel !== undefined && by !== agenda.ownLabel ? ` · ${verb} par ${by}` : '';
		return {
			id: `${o.availabilityId}/${o.occurrenceDate}`,
			start: wallClock(o.date, o.start),
			end: wallClock(o.date, o.end, true),
			title: `${kindLabel(o.availability)} — ${typesLabel(o.availability)}${clockChange(o)}${orientedLabel(o, agenda.oriented)}${pending ? ' (en attente d’envoi)' : ''}${byOther}`,
			color: affected ? '#666666' : addressColour(agenda.addresses, o.availability.addressId),
			contrastColor: '#ffffff',
			className: ['occurrence', affected ? 'occurrence--unavailable' : '', pending ? 'occurrence--pending' : ''].filter(Boolean).join(' '),
			extendedProps: { occurrence: o, unavailable: affected }
		};
	});
	for (const u of agenda.unavailabilities) {
		const start = epochMsToWallClock(Date.parse(u.startsAt), agenda.timeZone);
		const end = u.endsAt === null ? { date: to, time: '00:00' } : epochMsToWallClock(Date.parse(u.endsAt), agenda.timeZone);
		events.push({
			id: `unavailability/${u.id}`,
			start: wallClock(start.date, start.time),
			end: `${end.date}T${end.time}:00`,
			display: 'background',
			className: 'unavailability'
		});
	}
	return events;
}
