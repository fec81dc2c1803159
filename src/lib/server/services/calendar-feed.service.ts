import { newId } from '$lib/domain/ids';
import { displayName } from '$lib/domain/schemas';
import type { DB } from '../db';
import { hashToken, randomToken } from '../auth/tokens';
import { icalendar } from '../ical';
import { getAgenda } from './agenda.service';

export async function feedState(db: DB, practitionerId: string) {
	const feed = await db.selectFrom('calendarFeeds').select('createdAt').where('practitionerId', '=', practitionerId).where('revokedAt', 'is', null).executeTakeFirst();
	return { active: feed !== undefined, createdAt: feed?.createdAt.toISOString() ?? null };
}

/** A new private link; the previous one stops working at once. */
export async function createFeed(db: DB, practitionerId: string, accountId: string, origin: string) {
	const token = randomToken();
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('calendarFeeds').set({ revokedAt: new Date() }).where('practitionerId', '=', practitionerId).where('revokedAt', 'is', null).execute();
		await trx.insertInto('calendarFeeds').values({ id: newId(), practitionerId, tokenHash: hashToken(token), createdBy: accountId }).execute();
	});
	return { url: `${origin}/api/ical/${token}.ics`, ...(await feedState(db, practitionerId)) };
}

export async function revokeFeed(db: DB, practitionerId: string): Promise<void> {
	await db.updateTable('calendarFeeds').set({ revokedAt: new Date() }).where('practitionerId', '=', practitionerId).where('revokedAt', 'is', null).execute();
}

/** The calendar behind a token, or null when the link is unknown or revoked. */
export async function feedCalendar(db: DB, token: string): Promise<string | null> {
	const feed = await db.selectFrom('calendarFeeds').select('practitionerId').where('tokenHash', '=', hashToken(token)).where('revokedAt', 'is', null).executeTakeFirst();
	if (!feed) return null;
	const agenda = await getAgenda(db, feed.practitionerId);
	return icalendar({ name: displayName(agenda.practitioner), addresses: agenda.addresses, availabilities: agenda.availabilities, timeZone: agenda.timeZone });
}
