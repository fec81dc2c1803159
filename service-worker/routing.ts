/** The prerendered page every navigation is answered with, online or not. */
export const APP_SHELL = '/shell';

/**
 * Paths the service worker leaves to the network: the API (data lives in IndexedDB, never in
 * the HTTP cache), the sign-in flows and the calendar feeds.
 */
const NETWORK_ONLY = [/^\/api\//, /^\/auth\//, /^\/oidc\//, /^\/ical\//];

export function isNetworkOnly(pathname: string): boolean {
	return NETWORK_ONLY.some((pattern) => pattern.test(pathname));
}
