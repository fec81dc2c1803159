import type { Cookies } from '@sveltejs/kit';
import type { DB } from '../db';
import { hashToken, randomToken } from './tokens';

export const SESSION_COOKIE = 'sas_session';

export interface SessionPolicy {
	/** A session unused this long ends. */
	idleMs: number;
	/** A session ends this long after sign-in, used or not. */
	maxMs: number;
}

/** Seen-at is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 5 * 60_000;

export async function createSession(db: DB, accountId: string, policy: SessionPolicy, userAgent: string | null, now = new Date()) {
	// A new token at every sign-in: a token planted before sign-in is never promoted.
	const token = randomToken();
	const expiresAt = new Date(now.getTime() + policy.maxMs);
	await db
		.insertInto('sessions')
		.values({ id: hashToken(token), accountId, expiresAt, userAgent: userAgent?.slice(0, 300) ?? null, createdAt: now, lastSeenAt: now })
		.execute();
	await db.updateTable('accounts').set({ lastLoginAt: now }).where('id', '=', accountId).execute();
	return { token, expiresAt };
}

/** The account behind a session token, or null when the session is unknown, idle, expired or disabled. */
export async function readSession(db: DB, token: string, policy: SessionPolicy, now = new Date()) {
	const id = hashToken(token);
	const row = await db
		.selectFrom('sessions')
		.innerJoin('accounts', 'accounts.id', 'sessions.accountId')
		.select(['sessions.id', 'sessions.accountId', 'sessions.lastSeenAt', 'sessions.expiresAt', 'accounts.disabledAt'])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	const idle = now.getTime() - row.lastSeenAt.getTime() > policy.idleMs;
	if (idle || row.expiresAt <= now || row.disabledAt !== null) {
		await db.deleteFrom('sessions').where('id', '=', id).execute();
		return null;
	}
	if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
		await db.updateTable('sessions').set({ lastSeenAt: now }).where('id', '=', id).execute();
	}
	return { sessionId: id, accountId: row.accountId, expiresAt: row.expiresAt };
}

export async function deleteSession(db: DB, token: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute();
}

/** Ends the session whose key (the hash of its token, the browser's `sessionHandle`) is `handle`. */
export async function deleteSessionByHandle(db: DB, handle: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', handle).execute();
}

export function isSessionOf(token: string | null, handle: string): boolean {
	return token !== null && hashToken(token) === handle;
}

export async function deleteAccountSessions(db: DB, accountId: string): Promise<number> {
	const result = await db.deleteFrom('sessions').where('accountId', '=', accountId).executeTakeFirst();
	return Number(result.numDeletedRows);
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date, secure: boolean): void {
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
}

export function clearSessionCookie(cookies: Cookies, secure: boolean): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
