import { browser } from '$app/environment';
import type { z } from 'zod';
import type { sessionSchema } from '$lib/server/api/operations/identity';
import type { Role } from '$lib/domain/roles';
import { api } from './api';

export type SessionUser = z.infer<typeof sessionSchema>;

const STORAGE_KEY = 'agenda-sas:session';
/** Sessions signed out of while the server could not be reached: ended there as soon as it can be. */
const PENDING_SIGN_OUTS = 'agenda-sas:pending-sign-outs';

function pendingSignOuts(): string[] {
	if (!browser) return [];
	try {
		const value = JSON.parse(localStorage.getItem(PENDING_SIGN_OUTS) ?? '[]') as unknown;
		return Array.isArray(value) ? value.filter((h): h is string => typeof h === 'string') : [];
	} catch {
		return [];
	}
}

function keepPendingSignOuts(handles: string[]): void {
	if (handles.length) localStorage.setItem(PENDING_SIGN_OUTS, JSON.stringify([...new Set(handles)]));
	else localStorage.removeItem(PENDING_SIGN_OUTS);
}

/** Where each role lands after signing in. */
export const HOME_OF_ROLE: Record<Role, string> = {
	practitioner: '/agenda',
	structureManager: '/structures',
	accountManager: '/comptes',
	regulator: '/regulation'
};

function cached(): SessionUser | null {
	if (!browser) return null;
	try {
		return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as SessionUser | null;
	} catch {
		return null;
	}
}

/**
 * The signed-in user. Kept in localStorage so that the app opens offline with who was signed in;
 * the server stays the judge: a 401 signs the browser out.
 */
class SessionState {
	user = $state<SessionUser | null>(cached());
	/** 'checked' once the server answered; 'offline' when it could not be reached. */
	status = $state<'unknown' | 'checked' | 'offline'>('unknown');
	private pending: Promise<SessionUser | null> | null = null;

	set(user: SessionUser | null): void {
		this.user = user;
		this.status = 'checked';
		if (user) localStorage.setItem(STORAGE_KEY, JSON.stringify(user));
		else localStorage.removeItem(STORAGE_KEY);
	}

	/**
	 * Asks the server who is signed in; offline, keeps the cached user. A sign-out made offline is
	 * sent first: the cookie it left must not sign the browser in again.
	 */
	refresh(): Promise<SessionUser | null> {
		this.pending ??= this.endPendingSignOuts()
			.then(() => api<SessionUser>('/api/session'))
			.then((result) => {
				if (result.ok) this.set(result.data);
				else if (result.status === 401) this.set(null);
				else this.status = 'offline';
				return this.user;
			})
			.finally(() => (this.pending = null));
		return this.pending;
	}

	/**
	 * Signs out on this device at once, network or not: the cached user goes, and when the server
	 * cannot be reached the session is remembered and ended there as soon as it can be.
	 */
	async logout(everywhere = false): Promise<void> {
		const handle = this.user?.sessionHandle;
		// The next Pro Santé Connect sign-in on this browser authenticates again (see REAUTH_COOKIE).
		document.cookie = `sas_reauth=1; path=/; max-age=31536000; SameSite=Lax${location.protocol === 'https:' ? '; Secure' : ''}`;
		const result = await api(everywhere ? '/api/sessions' : '/api/session', { method: 'DELETE' });
		if (!result.ok && result.status !== 401 && handle) keepPendingSignOuts([...pendingSignOuts(), handle]);
		this.set(null);
	}

	/** Ends on the server the sessions signed out of offline; those it could not reach stay listed. */
	async endPendingSignOuts(): Promise<void> {
		const handles = pendingSignOuts();
		if (!handles.length) return;
		const left: string[] = [];
		for (const handle of handles) {
			const result = await api(`/api/sessions/${handle}`, { method: 'DELETE' });
			if (!result.ok && result.status !== 422) left.push(handle);
		}
		keepPendingSignOuts(left);
	}
}

export const session = new SessionState();

// Back online, the sign-outs made meanwhile reach the server before anything else is asked.
if (browser) window.addEventListener('online', () => void session.endPendingSignOuts());
