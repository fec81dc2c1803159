import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import type * as RRuleModule from 'rrule';
import { addDays, fromEpochDay, timeFromMinutes, toEpochDay } from '../src/lib/domain/civil';
import { firstOccurrenceOnOrAfter, formatRrule } from '../src/lib/domain/recurrence';
import type { Availability, Unavailability } from '../src/lib/domain/schemas';
import { localToEpochMs, weekStarts } from '../src/lib/domain/time';
import { weeklyCheck } from '../src/lib/domain/weekly-check';
import { measure, mulberry32, type Measure, type Output } from './harness';

// rrule ships CommonJS whose named exports Node's ESM loader cannot see.
const { RRule } = createRequire(import.meta.url)('rrule') as typeof RRuleModule;

const PRACTITIONERS = 10_000;
export const WEEKS = weekStarts('2026-10-12', 8); // spans the October DST change
const ZONES = ['Europe/Paris', 'Europe/Paris', 'Europe/Paris', 'Indian/Reunion', 'America/Martinique'] as const;

interface Generated {
	zone: string;
	availabilities: Availability[];
	unavailabilities: Unavailability[];
}

/** ~5 weekly rules each (1–3 weekdays, 30 min – 3 h), two exceptions, one 3-day unavailability. */
export function generate(): Generated[] {
	const random = mulberry32(20261123);
	const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
	const firstDay = toEpochDay('2026-09-07');
	return Array.from({ length: PRACTITIONERS }, (_, p) => {
		const zone = pick(ZONES);
		const id = `00000000-0000-7000-8000-${String(p).padStart(12, '0')}`;
		const availabilities: Availability[] = Array.from({ length: 4 + Math.floor(random() * 3) }, (_, r) => {
			const days = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => 1 + Math.floor(random() * 7)))];
			const startDate = fromEpochDay(firstOccurrenceOnOrAfter(fromEpochDay(firstDay + Math.floor(random() * 14)), days));
			const start = 7 * 60 + Math.floor(random() * 24) * 30;
			return {
				id: `${id.slice(0, -2)}${String(r).padStart(2, '0')}`,
				practitionerId: id,
				addressId: id,
				date: startDate,
				start: timeFromMinutes(start),
				end: timeFromMinutes(start + 30 * (1 + Math.floor(random() * 6))),
				timeZone: zone as Availability['timeZone'],
				kind: pick(['slot', 'capacity', 'walk_in'] as const),
				slotMinutes: null,
				capacity: null,
				consultationTypes: ['office'],
				rrule: formatRrule({ days, until: random() < 0.2 ? addDays(startDate, 70) : null }),
				exdates: [addDays(startDate, 7 * (3 + Math.floor(random() * 6))), addDays(startDate, 7 * (5 + Math.floor(random() * 6)))],
				seriesId: null,
				originalDate: null
			};
		});
		const leave = addDays(WEEKS[0]!, Math.floor(random() * 50));
		const unavailabilities: Unavailability[] = [
			{
				id,
				practitionerId: id,
				addressId: null,
				startsAt: new Date(localToEpochMs(leave, '00:00', zone)).toISOString(),
				endsAt: new Date(localToEpochMs(addDays(leave, 3), '00:00', zone)).toISOString(),
				timeZone: zone as Unavailability['timeZone']
			}
		];
		return { zone, availabilities, unavailabilities };
	});
}

function floating(date: string, time: string): Date {
	return new Date(`${date}T${time}:00Z`);
}

export async function weeklyCheckBench(runs: number, out: Output): Promise<void> {
	const data = generate();
	const rules = data.flatMap((d) => d.availabilities);
	const from = floating(WEEKS[0]!, '00:00');
	const to = floating(addDays(WEEKS.at(-1)!, 7), '00:00');

	let occurrences = 0;
	const ours: Measure = await measure(`contrôle hebdomadaire, ${PRACTITIONERS} effecteurs × 8 semaines`, runs, () => {
		let total = 0;
		for (const d of data) {
			for (const week of weeklyCheck({ availabilities: d.availabilities, unavailabilities: d.unavailabilities, timeZone: d.zone, weeks: WEEKS })) {
				total += week.minutes;
			}
		}
		return total;
	});
	// The same rules expanded by rrule.js alone: no zones, no union, no unavailability.
	const rrule: Measure = await measure(`rrule.js between() des mêmes ${rules.length} règles`, runs, () => {
		occurrences = 0;
		for (const a of rules) {
			const rule = new RRule({ ...RRule.parseString(a.rrule!), dtstart: floating(a.date, a.start) });
			occurrences += rule.between(from, to, true).length;
		}
		return occurrences;
	});
	// Cold: the first call in a fresh process, as a server's first request or a device's first screen pays it.
	const cold: number[] = [];
	for (let i = 0; i < runs; i++) {
		const printed = execFileSync(process.execPath, ['--import', 'tsx', 'bench/weekly-check-cold.ts'], { encoding: 'utf8' });
		cold.push(Number(printed.trim()));
	}
	const sorted = [...cold].sort((a, b) => a - b);
	out.time(rrule);
	out.time(ours, { baseline: rrule });
	out.time(
		{ name: `contrôle hebdomadaire à froid (nouveau processus), ${PRACTITIONERS} effecteurs × 8 semaines`, runs: cold, median: sorted[Math.floor(runs / 2)]!, min: sorted[0]!, max: sorted.at(-1)! },
		{ baseline: ours, target: 100 }
	);
	out.note(`${occurrences} occurrences sur 8 semaines`);
}
