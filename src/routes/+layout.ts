// Pages render in the browser, from IndexedDB: the service worker answers every navigation
// with the same cached shell, so they open at once and offline.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';
