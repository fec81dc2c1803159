/**
 * Whether the browser says it is online, as state: a read that needs the network runs again when
 * it comes back (an effect that reads `network.online`), and nothing knocks while it is known to
 * be away.
 */
class Network {
	online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);

	constructor() {
		if (typeof window === 'undefined') return;
		window.addEventListener('online', () => (this.online = true));
		window.addEventListener('offline', () => (this.online = false));
	}
}

export const network = new Network();
