import { addDays } from '$lib/domain/civil';
import { parseRrule, WEEKDAY_CODES } from '$lib/domain/recurrence';
import { formatAddress, type Address, type Availability } from '$lib/domain/schemas';
import { localToEpochMs } from '$lib/domain/time';
import type { TimeZone } from '$lib/domain/time-zones';
import { CONSULTATION_TYPE_LABELS } from '$lib/domain/reference';

/**
 * The VTIMEZONE of each zone an address may have. Written out rather than computed: a handful of
 * zones, with today's rules (metropolitan France and Saint-Pierre-et-Miquelon change twice a year).
 */
const VTIMEZONES: Record<TimeZone, string[]> = {
	'Europe/Paris': daylight('Europe/Paris', ['+0100', '+0200', 'CEST', '19700329T020000', 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU'], ['+0200', '+0100', 'CET', '19701025T030000', 'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU']),
	'America/Miquelon': daylight('America/Miquelon', ['-0300', '-0200', '-02', '19700308T020000', 'FREQ=YEARLY;BYMONTH=3;BYDAY=2SU'], ['-0200', '-0300', '-03', '19701101T020000', 'FREQ=YEARLY;BYMONTH=11;BYDAY=1SU']),
	'America/Guadeloupe': fixed('America/Guadeloupe', '-0400', 'AST'),
	'America/Martinique': fixed('America/Martinique', '-0400', 'AST'),
	'America/Cayenne': fixed('America/Cayenne', '-0300', '-03'),
	'Indian/Reunion': fixed('Indian/Reunion', '+0400', '+04'),
	'Indian/Mayotte': fixed('Indian/Mayotte', '+0300', 'EAT')
};

function fixed(zone: string, offset: string, name: string): string[] {
	return ['BEGIN:VTIMEZONE', `TZID:${zone}`, 'BEGIN:STANDARD', `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, `TZNAME:${name}`, 'DTSTART:19700101T000000', 'END:STANDARD', 'END:VTIMEZONE'];
}

function daylight(zone: string, summer: string[], winter: string[]): string[] {
	const part = (kind: string, [from, to, name, start, rule]: string[]) => [`BEGIN:${kind}`, `TZOFFSETFROM:${from}`, `TZOFFSETTO:${to}`, `TZNAME:${name}`, `DTSTART:${start}`, `RRULE:${rule}`, `END:${kind}`];
	return ['BEGIN:VTIMEZONE', `TZID:${zone}`, ...part('DAYLIGHT', summer), ...part('STANDARD', winter), 'END:VTIMEZONE'];
}

/** RFC 5545 §3.3.11: backslash, semicolon, comma and newlines are escaped in TEXT values. */
function text(value: string): string {
	return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets are folded (RFC 5545 §3.1), without cutting a UTF-8 character. */
function fold(line: string): string {
	const out: string[] = [];
	let current = '';
	for (const char of line) {
		const limit = out.length === 0 ? 75 : 74;
		if (Buffer.byteLength(current + char) > limit) {
			out.push(current);
			current = char;
		} else current += char;
	}
	out.push(current);
	return out.join('\r\n ');
}

const local = (date: string, time: string) => `${date.replaceAll('-', '')}T${time.replace(':', '')}00`;
const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function dtEnd(a: Pick<Availability, 'date' | 'end'>): string {
	return a.end === '00:00' ? local(addDays(a.date, 1), '00:00') : local(a.date, a.end);
}

function summary(a: Availability): string {
	const kind = a.kind === 'capacity' ? `${a.capacity} patient${a.capacity === 1 ? '' : 's'}` : a.kind === 'walk_in' ? 'Sans RDV' : a.slotMinutes ? `Créneaux de ${a.slotMinutes} min` : 'Créneau disponible';
	return `SAS · ${kind} · ${a.consultationTypes.map((t) => CONSULTATION_TYPE_LABELS[t]).join(', ')}`;
}

export interface FeedInput {
	name: string;
	addresses: readonly Address[];
	availabilities: readonly (Availability & { updatedAt: string; version: number })[];
	timeZone: string;
}

/** The doctor's SAS availabilities as an iCalendar document: series with RRULE / EXDATE, moved occurrences with RECURRENCE-ID. */
export function icalendar(feed: FeedInput): string {
	const zones = new Set<TimeZone>([feed.timeZone as TimeZone, ...feed.availabilities.map((a) => a.timeZone)]);
	const series = new Map(feed.availabilities.filter((a) => a.rrule).map((a) => [a.id, a]));
	const lines: string[] = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Agenda SAS//Disponibilites SAS//FR',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		`X-WR-CALNAME:${text(`Disponibilités SAS — ${feed.name}`)}`,
		`X-WR-TIMEZONE:${feed.timeZone}`,
		'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
		'X-PUBLISHED-TTL:PT1H'
	];
	for (const zone of zones) if (VTIMEZONES[zone]) lines.push(...VTIMEZONES[zone]);
	for (const a of feed.availabilities) {
		const parent = a.seriesId ? series.get(a.seriesId) : undefined;
		if (a.seriesId && !parent) continue;
		const place = feed.addresses.find((x) => x.id === a.addressId);
		lines.push(
			'BEGIN:VEVENT',
			`UID:${parent?.id ?? a.id}@agenda-sas`,
			`DTSTAMP:${utc(Date.parse(a.updatedAt))}`,
			`LAST-MODIFIED:${utc(Date.parse(a.updatedAt))}`,
			`SEQUENCE:${a.version}`,
			`DTSTART;TZID=${a.timeZone}:${local(a.date, a.start)}`,
			`DTEND;TZID=${a.timeZone}:${dtEnd(a)}`,
			`SUMMARY:${text(summary(a))}`,
			...(place ? [`LOCATION:${text(formatAddress(place))}`] : []),
			'TRANSP:TRANSPARENT'
		);
		if (parent) lines.push(`RECURRENCE-ID;TZID=${parent.timeZone}:${local(a.originalDate!, parent.start)}`);
		if (a.rrule) {
			const rule = parseRrule(a.rrule);
			if (rule.ok) {
				// With a DTSTART in a zone, UNTIL is a UTC instant (RFC 5545 §3.3.10): the end of its last day there.
				const until = rule.rule.until ? `;UNTIL=${utc(localToEpochMs(addDays(rule.rule.until, 1), '00:00', a.timeZone) - 1000)}` : '';
				lines.push(`RRULE:FREQ=WEEKLY;BYDAY=${rule.rule.days.map((d) => WEEKDAY_CODES[d - 1]).join(',')}${until}`);
			}
			for (const date of a.exdates) lines.push(`EXDATE;TZID=${a.timeZone}:${local(date, a.start)}`);
		}
		lines.push('END:VEVENT');
	}
	lines.push('END:VCALENDAR');
	return lines.map(fold).join('\r\n') + '\r\n';
}
