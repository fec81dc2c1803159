import type { EntityName } from '$lib/domain/entities';
import { parseRrule } from '$lib/domain/recurrence';
import { WEEKDAY_LABELS } from '$lib/domain/reference';
import { formatAddress, type Address, type Availability, type Unavailability } from '$lib/domain/schemas';
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
	complementaryInfo: 'Informations complémentaires'
};

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
		case 'unavailabilities': {
			const u = data as unknown as Unavailability;
			const from = epochMsToWallClock(Date.parse(u.startsAt), u.timeZone);
			const to = u.endsAt ? epochMsToWallClock(Date.parse(u.endsAt), u.timeZone) : null;
			return `Du ${formatDateLong(from.date)} ${from.time}${to ? ` au ${formatDateLong(to.date)} ${to.time}` : ', pour une durée indéterminée'}`;
		}
		case 'complementaryInfo':
			return `« ${String(data.text ?? '')} »`;
		case 'addresses':
			return formatAddress(data as unknown as Address);
		default:
			return ENTITY_LABELS[entity];
	}
}
