const CLOCKS = new Map<string, Intl.DateTimeFormat>();

/** « 09:05 »: the wall-clock time of an instant in a zone (Intl alone: the sync status line loads no date library). */
export function formatClock(iso: string, zone: string): string {
	let clock = CLOCKS.get(zone);
	if (!clock) CLOCKS.set(zone, (clock = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone })));
	return clock.format(new Date(iso));
}
