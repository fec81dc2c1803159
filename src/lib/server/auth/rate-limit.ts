import type { DB } from '../db';
import { HttpProblem } from '../http/problem';

/**
 * Password sign-in limits (README "Sécurité"): after 5 failures for one account, or 20 from one
 * address, within 15 minutes, further attempts are refused until the window has passed.
 */
export const LOGIN_LIMITS = { perAccount: 5, perAddress: 20, windowMinutes: 15 } as const;

/** Checking attestations is open without an account: 120 checks an hour per address, of which 20 codes that match nothing. */
export const VERIFICATION_LIMITS = { perAddress: 120, missesPerAddress: 20, windowMinutes: 60 } as const;

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

/** Throws 429 with a French message when the account or the address has failed too often. */
export async function assertLoginAllowed(db: DB, email: string, ip: string, now = new Date()): Promise<void> {
	await assertAttemptsAllowed(
		db,
		[
			{ key: accountKey(email), limit: LOGIN_LIMITS.perAccount, message: 'Trop de tentatives de connexion pour ce compte.' },
			{ key: addressKey(ip), limit: LOGIN_LIMITS.perAddress, message: 'Trop de tentatives de connexion depuis votre adresse réseau.' }
		],
		LOGIN_LIMITS.windowMinutes,
		now
	);
}

export async function recordLoginFailure(db: DB, email: string, ip: string, now = new Date()): Promise<void> {
	await recordAttempt(db, [accountKey(email), addressKey(ip)], now);
	// Old entries are of no use to any window.
	await db.deleteFrom('loginFailures').where('at', '<', new Date(now.getTime() - 24 * 3_600_000)).execute();
}

export async function clearLoginFailures(db: DB, email: string): Promise<void> {
	await db.deleteFrom('loginFailures').where('key', '=', accountKey(email)).execute();
}

/**
 * Other limited actions (asking for a password reset, checking attestations): each key may be
 * used `limit` times per window; beyond, 429 with the check's message and when to try again.
 */
export async function assertAttemptsAllowed(db: DB, checks: readonly { key: string; limit: number; message: string }[], windowMinutes: number, now = new Date()): Promise<void> {
	const since = new Date(now.getTime() - windowMinutes * 60_000);
	for (const check of checks) {
		const { count, oldest } = await recentFailures(db, check.key, since);
		if (count < check.limit || !oldest) continue;
		const minutes = Math.max(1, Math.ceil((oldest.getTime() + windowMinutes * 60_000 - now.getTime()) / 60_000));
		throw new HttpProblem(429, `${check.message} Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`, undefined, { 'retry-after': String(minutes * 60) });
	}
}

export async function recordAttempt(db: DB, keys: readonly string[], now = new Date()): Promise<void> {
	await db.insertInto('loginFailures').values(keys.map((key) => ({ key, at: now }))).execute();
}
