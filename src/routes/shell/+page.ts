// The app shell the service worker caches and serves for every navigation.
export const prerender = true;
