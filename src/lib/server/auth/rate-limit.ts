import type { DB } from '../db';
import { HttpProblem } from '../http/problem';

/**
 * Password sign-in limits (README "Sécurité"): after 5 failures for one account, or 20 from one
 * address, within 15 minutes, further attempts are refused until the window has passed.
 */
export const LOGIN_LIMITS = { perAccount: 5, perAddress: 20, windowMinutes: 15 } as const;

const accountKey = (email: string) => `account:${email}`;
const addressKey = (ip: string) => `ip:${ip}`;

async function recentFailures(db: DB, key: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
	const row = await db
		.selectFrom('loginFailures')
		.select([db.fn.countAll<number>().as('count'), db.fn.min('at').as('oldest')])
		.where('key', '=', key)
		.where('at', '>', since)
		.executeTakeFirstOrThrow();
	return { count: Number(row.count), oldest: (row.oldest as Date | null) ?? null };
}

function minutesUntil(oldest: Date, now: Date): number {
	return Math.max(1, Math.ceil((oldest.getTime() + LOGIN_LIMITS.windowMinutes * 60_000 - now.getTime()) / 60_000));
}

/** Throws 429 with a French message when the account or the address has failed too often. */
export async function assertLoginAllowed(db: DB, email: string, ip: string, now = new Date()): Promise<void> {
	const since = new Date(now.getTime() - LOGIN_LIMITS.windowMinutes * 60_000);
	const account = await recentFailures(db, accountKey(email), since);
	if (account.count >= LOGIN_LIMITS.perAccount && account.oldest) {
		const minutes = minutesUntil(account.oldest, now);
		throw new HttpProblem(
			429,
			`Trop de tentatives de connexion pour ce compte. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
			undefined,
			{ 'retry-after': String(minutes * 60) }
		);
	}
	const address = await recentFailures(db, addressKey(ip), since);
	if (address.count >= LOGIN_LIMITS.perAddress && address.oldest) {
		const minutes = minutesUntil(address.oldest, now);
		throw new HttpProblem(
			429,
			`Trop de tentatives de connexion depuis votre adresse réseau. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
			undefined,
			{ 'retry-after': String(minutes * 60) }
		);
	}
}

export async function recordLoginFailure(db: DB, email: string, ip: string, now = new Date()): Promise<void> {
	await db.insertInto('loginFailures').values([{ key: accountKey(email), at: now }, { key: addressKey(ip), at: now }]).execute();
	// Old entries are of no use to any window.
	await db.deleteFrom('loginFailures').where('at', '<', new Date(now.getTime() - 24 * 3_600_000)).execute();
}

export async function clearLoginFailures(db: DB, email: string): Promise<void> {
	await db.deleteFrom('loginFailures').where('key', '=', accountKey(email)).execute();
}
