import type { EntityName } from '$lib/domain/entities';
import { parseRrule } from '$lib/domain/recurrence';
import { WEEKDAY_LABELS } from '$lib/domain/reference';
import { formatAddress, ORIENTATION_STATUS_LABELS, type Address, type Availability, type Orientation, type Unavailability } from '$lib/domain/schemas';
import { addDays } from '$lib/domain/civil';
import { epochMsToWallClock } from '$lib/domain/time';
import { kindLabel, typesLabel } from './calendar-events';
import { formatDateLong } from './format';

export const ENTITY_LABELS: Record<EntityName, string> = {
	structures: 'Structure',
	practitioners: 'Fiche du professionnel',
	addresses: 'Lieu d’exercice',
	participationSettings: 'Paramètres de participation',
	availabilities: 'Disponibilité',
	unavailabilities: 'Indisponibilité',
	complementaryInfo: 'Informations complémentaires',
	orientations: 'Patient adressé par la régulation'
};

/** Gender and number of each label, so that what follows agrees with it (« Compte créé », « Informations complémentaires créées »). */
const AGREEMENT: Record<EntityName | 'account' | 'recordClaim', { feminine: boolean; plural: boolean }> = {
	structures: { feminine: true, plural: false },
	practitioners: { feminine: true, plural: false },
	addresses: { feminine: false, plural: false },
	participationSettings: { feminine: false, plural: true },
	availabilities: { feminine: true, plural: false },
	unavailabilities: { feminine: true, plural: false },
	complementaryInfo: { feminine: true, plural: true },
	orientations: { feminine: false, plural: false },
	account: { feminine: false, plural: false },
	recordClaim: { feminine: false, plural: false }
};

/** A past participle (given in the masculine singular: « créé ») agreeing with the entity's label. */
export function agreed(entity: string, participle: string): string {
	const a = AGREEMENT[entity as keyof typeof AGREEMENT] ?? { feminine: true, plural: false };
	return `${participle}${a.feminine ? 'e' : ''}${a.plural ? 's' : ''}`;
}

function recurrenceText(rrule: string | null): string {
	if (!rrule) return '';
	const parsed = parseRrule(rrule);
	if (!parsed.ok) return '';
	const days = parsed.rule.days.map((d) => WEEKDAY_LABELS[d - 1]!.toLowerCase()).join(', ');
	return ` · chaque ${days}${parsed.rule.until ? ` jusqu’au ${formatDateLong(parsed.rule.until)}` : ''}`;
}

/** One line that says what a row is, in the users' words (conflicts, refusals, history). */
export function describeRow(entity: EntityName, data: Record<string, unknown> | null | undefined, addresses: readonly Address[] = []): string {
	if (!data) return 'Supprimé';
	switch (entity) {
		case 'availabilities': {
			const a = data as unknown as Availability;
			const place = addresses.find((x) => x.id === a.addressId);
			return `${formatDateLong(a.date)}, ${a.start} – ${a.end} · ${kindLabel(a)} · ${typesLabel(a)}${recurrenceText(a.rrule)}${place ? ` · ${formatAddress(place)}` : ''}`;
		}
		case 'unavailabilities':
			return describePeriod(data as unknown as Unavailability);
		case 'complementaryInfo':
			return `« ${String(data.text ?? '')} »`;
		case 'addresses':
			return formatAddress(data as unknown as Address);
		case 'orientations': {
			const o = data as unknown as Orientation;
			const at = epochMsToWallClock(Date.parse(o.startsAt), 'Europe/Paris');
			return `Patient adressé le ${formatDateLong(at.date)} à ${at.time}${o.patientReference ? ` (réf. ${o.patientReference})` : ''} · ${ORIENTATION_STATUS_LABELS[o.status]}`;
		}
		default:
			return ENTITY_LABELS[entity];
	}
}

const DAY_MONTH = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const DAY = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', timeZone: 'UTC' });
const dayMonth = (date: string) => DAY_MONTH.format(new Date(`${date}T12:00:00Z`));

/**
 * A period as it was typed: whole days read « du 14 au 20 décembre » (the last day included,
 * though the period ends at 00:00 the day after), one day « le 14 décembre »; a period with hours
 * keeps them; one without end « à partir du … pour une durée indéterminée ».
 */
export function describePeriod(u: Pick<Unavailability, 'startsAt' | 'endsAt' | 'timeZone'>): string {
	const from = epochMsToWallClock(Date.parse(u.startsAt), u.timeZone);
	if (!u.endsAt) return `À partir du ${dayMonth(from.date)}${from.time === '00:00' ? '' : ` ${from.time}`}, pour une durée indéterminée`;
	const to = epochMsToWallClock(Date.parse(u.endsAt), u.timeZone);
	if (from.time !== '00:00' || to.time !== '00:00') return `Du ${formatDateLong(from.date)} ${from.time} au ${formatDateLong(to.date)} ${to.time}`;
	const last = addDays(to.date, -1);
	if (last === from.date) return `Le ${dayMonth(from.date)}`;
	const sameMonth = last.slice(0, 7) === from.date.slice(0, 7);
	return `Du ${sameMonth ? DAY.format(new Date(`${from.date}T12:00:00Z`)) : dayMonth(from.date)} au ${dayMonth(last)}`;
}
