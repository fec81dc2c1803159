import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/domain/ids';
import { expandOccurrences } from '../../src/lib/domain/occurrences';
import type { Availability } from '../../src/lib/domain/schemas';
import { localToEpochMs } from '../../src/lib/domain/time';
import type { DatabaseHandle } from '../../src/lib/server/db';
import { seedDemoData } from '../../src/lib/server/seed';
import { DEMO_PRACTITIONER_ID, demoId } from '../../src/lib/server/seed/demo-data';
import { getAgenda } from '../../src/lib/server/services/agenda.service';
import { createFeed, feedCalendar, revokeFeed } from '../../src/lib/server/services/calendar-feed.service';
import { applyMutation } from '../../src/lib/server/sync/push';
import { doctorActor } from './helpers/actors';
import { openTestDatabase } from './helpers/database';
import { pinClock } from './helpers/clock';

// The file's data sits on fixed dates: the day-dependent rules are judged on that day.
pinClock('2026-03-16T08:00:00+01:00');

let handle: DatabaseHandle;

/** Every occurrence start–end (epoch ms) the calendar holds between two instants, read by ical.js. */
function icalOccurrences(text: string, from: number, to: number): string[] {
	const calendar = new ICAL.Component(ICAL.parse(text));
	for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
	const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
	const masters = events.filter((e) => !e.isRecurrenceException());
	for (const exception of events.filter((e) => e.isRecurrenceException())) {
		masters.find((m) => m.uid === exception.uid)?.relateException(exception);
	}
	const found: string[] = [];
	for (const event of masters) {
		const iterator = event.iterator();
		for (let next = iterator.next(); next; next = iterator.next()) {
			const details = event.getOccurrenceDetails(next);
			const start = details.startDate.toJSDate().getTime();
			if (start >= to) break;
			const end = details.endDate.toJSDate().getTime();
			if (end > from) found.push(`${new Date(start).toISOString()}–${new Date(end).toISOString()}`);
		}
	}
	return found.sort();
}

function ours(availabilities: Availability[], from: number, to: number): string[] {
	return expandOccurrences(availabilities, from, to)
		.map((o) => `${new Date(o.startMs).toISOString()}–${new Date(o.endMs).toISOString()}`)
		.sort();
}

beforeAll(async () => {
	handle = await openTestDatabase();
	await seedDemoData(handle.db, '2026-03-16');
});
afterAll(async () => {
	await handle?.close();
});

describe('the iCalendar feed', () => {
	it('parses with ical.js and holds exactly the agenda’s occurrences, across the March DST change', async () => {
		const doctor = await doctorActor(handle.db);
		// A series that ends, one with an exception, a moved occurrence, a range to midnight.
		const base = { practitionerId: DEMO_PRACTITIONER_ID, addressId: demoId('address:Claire Aubert'), timeZone: 'Europe/Paris' as const, slotMinutes: null, capacity: null, consultationTypes: ['office' as const], exdates: [], seriesId: null, originalDate: null };
		const series: Availability = { ...base, id: newId(), date: '2026-03-18', start: '18:30', end: '19:30', kind: 'slot', rrule: 'FREQ=WEEKLY;BYDAY=WE;UNTIL=20260415T235959', exdates: ['2026-04-01'] };
		const night: Availability = { ...base, id: newId(), date: '2026-03-28', start: '20:00', end: '00:00', kind: 'walk_in', rrule: null };
		const moved: Availability = { ...base, id: newId(), date: '2026-03-26', start: '07:00', end: '08:00', kind: 'slot', rrule: null, seriesId: series.id, originalDate: '2026-03-25' };
		for (const row of [series, night, moved]) {
			expect(await applyMutation(handle.db, doctor, { mutationId: newId(), entity: 'availabilities', id: row.id, op: 'put', baseVersion: 0, data: row })).toMatchObject({ status: 'applied' });
		}
		const { url } = await createFeed(handle.db, DEMO_PRACTITIONER_ID, doctor.accountId, 'https://agenda.example.fr');
		expect(url).toMatch(/^https:\/\/agenda\.example\.fr\/api\/ical\/[\w-]{43}\.ics$/);
		const text = (await feedCalendar(handle.db, url.split('/').at(-1)!.replace('.ics', '')))!;
		expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Paris');
		expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);

		const from = localToEpochMs('2026-03-16', '00:00', 'Europe/Paris');
		const to = localToEpochMs('2026-05-11', '00:00', 'Europe/Paris');
		const { availabilities } = await getAgenda(handle.db, DEMO_PRACTITIONER_ID);
		const expected = ours(availabilities, from, to);
		expect(expected.length).toBeGreaterThan(20);
		expect(icalOccurrences(text, from, to)).toEqual(expected);
		// The weekly 18:30 stays 18:30 local on both sides of the change (17:30Z, then 16:30Z).
		expect(expected).toContain('2026-03-18T17:30:00.000Z–2026-03-18T18:30:00.000Z');
		expect(expected).toContain('2026-04-08T16:30:00.000Z–2026-04-08T17:30:00.000Z');
	});

	it('gives La Réunion’s doctor her own zone', async () => {
		const reunion = demoId('doctor:Lucie Hoarau');
		const account = await handle.db.selectFrom('accounts').select('id').where('role', '=', 'accountManager').executeTakeFirstOrThrow();
		const { url } = await createFeed(handle.db, reunion, account.id, 'https://agenda.example.fr');
		const text = (await feedCalendar(handle.db, url.split('/').at(-1)!.replace('.ics', '')))!;
		expect(text).toContain('TZID:Indian/Reunion');
		const from = localToEpochMs('2026-03-16', '00:00', 'Indian/Reunion');
		const to = localToEpochMs('2026-04-13', '00:00', 'Indian/Reunion');
		const { availabilities } = await getAgenda(handle.db, reunion);
		expect(icalOccurrences(text, from, to)).toEqual(ours(availabilities, from, to));
	});

	it('stops answering once revoked, and a new link replaces the old', async () => {
		const doctor = await doctorActor(handle.db);
		const first = (await createFeed(handle.db, DEMO_PRACTITIONER_ID, doctor.accountId, 'https://x.fr')).url.split('/').at(-1)!.replace('.ics', '');
		const second = (await createFeed(handle.db, DEMO_PRACTITIONER_ID, doctor.accountId, 'https://x.fr')).url.split('/').at(-1)!.replace('.ics', '');
		expect(await feedCalendar(handle.db, first)).toBeNull();
		expect(await feedCalendar(handle.db, second)).toContain('BEGIN:VCALENDAR');
		await revokeFeed(handle.db, DEMO_PRACTITIONER_ID);
		expect(await feedCalendar(handle.db, second)).toBeNull();
	});
});
