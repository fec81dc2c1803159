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

export const TIME_ZONE_LABELS: Record<TimeZone, string> = {
	'Europe/Paris': 'Métropole (Europe/Paris)',
	'America/Guadeloupe': 'Guadeloupe (America/Guadeloupe)',
	'America/Martinique': 'Martinique (America/Martinique)',
	'America/Cayenne': 'Guyane (America/Cayenne)',
	'Indian/Reunion': 'La Réunion (Indian/Reunion)',
	'Indian/Mayotte': 'Mayotte (Indian/Mayotte)',
	'America/Miquelon': 'Saint-Pierre-et-Miquelon (America/Miquelon)'
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

/** The zone a postal code implies: overseas departments by their 97x prefix, else metropolitan France. */
export function timeZoneForPostalCode(postalCode: string): TimeZone {
	return ZONE_BY_OVERSEAS_PREFIX[postalCode.slice(0, 3)] ?? DEFAULT_TIME_ZONE;
}

/** A practitioner's zone, the one their weeks are cut in: that of their first address. */
export function practitionerTimeZone(addresses: readonly { timeZone: string; deleted?: boolean }[]): string {
	return addresses.find((a) => !a.deleted)?.timeZone ?? DEFAULT_TIME_ZONE;
}
