/** IANA zones of the places where SAS doctors practise. */
export const TIME_ZONES = [
	'Europe/Paris',
	'America/Guadeloupe',
	'America/Martinique',
	'America/Cayenne',
	'Indian/Reunion',
	'Indian/Mayotte',
	'America/Miquelon'
] as const;

export type TimeZone = (typeof TIME_ZONES)[number];

export const DEFAULT_TIME_ZONE: TimeZone = 'Europe/Paris';

/** Each zone by the name people use for it (« heure de La Réunion »), never its code. */
export const TIME_ZONE_LABELS: Record<TimeZone, string> = {
	'Europe/Paris': 'heure de métropole',
	'America/Guadeloupe': 'heure de la Guadeloupe',
	'America/Martinique': 'heure de la Martinique',
	'America/Cayenne': 'heure de la Guyane',
	'Indian/Reunion': 'heure de La Réunion',
	'Indian/Mayotte': 'heure de Mayotte',
	'America/Miquelon': 'heure de Saint-Pierre-et-Miquelon'
};

const ZONE_BY_OVERSEAS_PREFIX: Record<string, TimeZone> = {
	'971': 'America/Guadeloupe',
	'972': 'America/Martinique',
	'973': 'America/Cayenne',
	'974': 'Indian/Reunion',
	'975': 'America/Miquelon',
	'976': 'Indian/Mayotte',
	'977': 'America/Guadeloupe',
	'978': 'America/Guadeloupe'
};

/**
 * The zone a postal code implies: overseas departments and communities by their 97x prefix,
 * metropolitan France (01–95, Corsica's 20) otherwise; null for a territory the SAS does not
 * serve (98x: Monaco, the Pacific) or a code that is no French postal code — never a wrong zone.
 */
export function timeZoneForPostalCode(postalCode: string): TimeZone | null {
	if (!/^\d{5}$/.test(postalCode)) return null;
	const prefix = postalCode.slice(0, 3);
	if (prefix.startsWith('97')) return ZONE_BY_OVERSEAS_PREFIX[prefix] ?? null;
	const department = Number(postalCode.slice(0, 2));
	return department >= 1 && department <= 95 ? DEFAULT_TIME_ZONE : null;
}

export const UNSUPPORTED_TERRITORY = 'Ce code postal n’est pas celui d’un territoire couvert par le SAS (métropole, Corse et départements d’outre-mer)';

/** A practitioner's zone, the one their weeks are cut in: that of their first address. */
export function practitionerTimeZone(addresses: readonly { timeZone: string; deleted?: boolean }[]): string {
	return addresses.find((a) => !a.deleted)?.timeZone ?? DEFAULT_TIME_ZONE;
}
