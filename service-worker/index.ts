/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, prerendered, version } from '$service-worker';
import { APP_SHELL, isNetworkOnly } from './routing';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `agenda-sas-${version}`;
const PRECACHE = [...new Set([...build, ...files, ...prerendered])];

// Install precaches the whole app of this version. No skipWaiting here: a new version waits
// until the user chooses "Recharger", so that open tabs never lose their lazy-loaded chunks.
sw.addEventListener('install', (event) => {
	event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

async function fromCache(request: Request | string): Promise<Response | undefined> {
	return (await caches.open(CACHE)).match(request);
}

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	const url = new URL(request.url);
	if (request.method !== 'GET' || url.origin !== sw.location.origin || isNetworkOnly(url.pathname)) return;

	if (request.mode === 'navigate') {
		// Every page of the app is rendered in the browser from the same shell, so the cached
		// shell answers at once, with or without network; the data comes from IndexedDB.
		event.respondWith(
			(async () => (await fromCache(APP_SHELL)) ?? fetch(request))()
		);
		return;
	}

	event.respondWith(
		(async () => {
			const cached = await fromCache(url.pathname);
			if (cached) return cached;
			try {
				return await fetch(request);
			} catch (error) {
				const fallback = await fromCache(request);
				if (fallback) return fallback;
				throw error;
			}
		})()
	);
});
