import { goto } from '$app/navigation';
import type { Role } from '$lib/domain/schemas';
import { HOME_OF_ROLE, session, type SessionUser } from './session.svelte';

/**
 * The signed-in user for a page that needs one. A cached user opens the page at once (offline
 * too) while the server is asked in the background; no user, or a user of another role, is sent
 * to where they belong.
 */
export async function signedIn(roles?: Role[]): Promise<SessionUser | null> {
	const check = session.refresh();
	let user = session.user;
	if (!user) user = await check;
	else
		void check.then((current) => {
			if (!current && session.status === 'checked') void goto('/', { replaceState: true });
		});
	if (!user) {
		await goto('/', { replaceState: true });
		return null;
	}
	if (roles && !roles.includes(user.role)) {
		await goto(HOME_OF_ROLE[user.role], { replaceState: true });
		return null;
	}
	return user;
}
