import { browser } from '$app/environment';
import type { z } from 'zod';
import type { sessionSchema } from '$lib/server/api/operations/identity';
import type { Role } from '$lib/domain/roles';
import { api } from './api';

export type SessionUser = z.infer<typeof sessionSchema>;

const STORAGE_KEY = 'agenda-sas:session';

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

	/** Asks the server who is signed in; offline, keeps the cached user. */
	refresh(): Promise<SessionUser | null> {
		this.pending ??= api<SessionUser>('/api/session')
			.then((result) => {
				if (result.ok) this.set(result.data);
				else if (result.status === 401) this.set(null);
				else this.status = 'offline';
				return this.user;
			})
			.finally(() => (this.pending = null));
		return this.pending;
	}

	async logout(everywhere = false): Promise<void> {
		await api(everywhere ? '/api/sessions' : '/api/session', { method: 'DELETE' });
		this.set(null);
	}
}

export const session = new SessionState();
