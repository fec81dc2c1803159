import { Temporal } from 'temporal-polyfill';
import type { LocalDate } from '$lib/domain/civil';

const LONG = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const SHORT = new Intl.DateTimeFormat('fr-FR', { weekday: 'short', day: '2-digit', month: '2-digit', timeZone: 'UTC' });

function utcNoon(date: LocalDate): Date {
	return new Date(`${date}T12:00:00Z`);
}

/** « lundi 23 novembre 2026 » */
export function formatDateLong(date: LocalDate): string {
	return LONG.format(utcNoon(date));
}

/** « lun. 23/11 » */
export function formatDateShort(date: LocalDate): string {
	return SHORT.format(utcNoon(date));
}

export { formatDateNumeric } from '$lib/domain/civil';

/** « le 12/03 à 10:04 » (« le 27/03/2026 à 10:04 » with the year), in the given zone. */
export function formatModifiedAt(iso: string, zone: string, withYear = false): string {
	const at = Temporal.Instant.from(iso).toZonedDateTimeISO(zone);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `le ${pad(at.day)}/${pad(at.month)}${withYear ? `/${at.year}` : ''} à ${pad(at.hour)}:${pad(at.minute)}`;
}

/** « 10:04 » */
export { formatClock } from './clock';
