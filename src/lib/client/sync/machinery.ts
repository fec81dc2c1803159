/**
 * What the sync runner needs to open a device store and sync it: Dexie, the engine, the transport
 * and the schemas they validate with. Loaded on demand (a dynamic import), so that the sign-in page
 * and the app's shell download none of it before an account is open.
 */
export { liveQuery } from 'dexie';
export { syncOnce } from './engine';
export { LocalStore, storeName } from './store';
export { httpTransport, Offline, SignedOut } from './transport';
export { writeChanges } from './writes';
