import type { Subscription } from 'dexie';
import type { LocalStore } from './store';
import type { Transport } from './transport';
import type { Change } from './writes';

type Machinery = typeof import('./machinery');
let loading: Promise<Machinery> | null = null;
/** Dexie, the engine and the schemas, fetched once, when an account opens (again if that failed). */
const loadMachinery = () =>
	(loading ??= import('./machinery').catch((error: unknown) => {
		loading = null;
		throw error;
	}));

export type SyncPhase = 'idle' | 'syncing' | 'offline' | 'signed-out' | 'failing';

const DEBOUNCE_MS = 400;
const PERIODIC_MS = 2 * 60_000;
const MAX_BACKOFF_MS = 60_000;

/**
 * Runs the sync engine in the browser: at start, when the network comes back, when the page is
 * shown again, shortly after each local write, every few minutes, and with exponential back-off
 * after a failure. Only one tab of an account syncs at a time (Web Locks); the others see the
 * result through IndexedDB (Dexie's live queries follow other tabs' writes).
 */
class SyncRunner {
	phase = $state<SyncPhase>('idle');
	lastSyncAt = $state<string | null>(null);
	pending = $state(0);
	conflicts = $state(0);
	rejections = $state(0);
	/** Pages pulled out of those known to come, while a pull of several pages runs. */
	progress = $state<{ done: number; total: number } | null>(null);
	/** The device holds this account's data (at least one pull ever succeeded). */
	hasData = $state(false);
	store = $state<LocalStore | null>(null);

	private accountId: string | null = null;
	private timer: ReturnType<typeof setTimeout> | null = null;
	private failures = 0;
	/** After a failure, no attempt before this time (ms) unless the network or the page comes back. */
	private retryAt = 0;
	private running: Promise<void> | null = null;
	private again = false;
	private subscriptions: Subscription[] = [];
	private cleanups: (() => void)[] = [];
	private machinery: Machinery | null = null;
	/** Changes at each start and stop: a store that opens after its account was left is dropped. */
	private generation = 0;

	constructor(private readonly transport: Transport | null = null) {}

	/** Opens the account's store (once the sync machinery is loaded) and starts syncing. */
	start(accountId: string): void {
		if (this.accountId === accountId) return;
		this.stop();
		this.accountId = accountId;
		const generation = this.generation;
		loadMachinery().then(
			(m) => {
				if (this.generation === generation) this.open(m, accountId);
			},
			(error: unknown) => {
				// The service worker precaches it: only a broken install gets here. The next start tries again.
				console.error('[agenda-sas] synchronisation indisponible', error);
				if (this.generation === generation) this.accountId = null;
			}
		);
	}

	private open(m: Machinery, accountId: string): void {
		this.machinery = m;
		const { LocalStore, storeName, liveQuery } = m;
		const store = new LocalStore(storeName(accountId));
		this.store = store;
		this.subscriptions = [
			liveQuery(() => store.outbox.count()).subscribe((n) => (this.pending = n)),
			liveQuery(() => store.conflicts.count()).subscribe((n) => (this.conflicts = n)),
			liveQuery(() => store.rejections.count()).subscribe((n) => (this.rejections = n)),
			liveQuery(() => store.syncMeta()).subscribe((meta) => {
				this.lastSyncAt = meta.lastSyncAt;
				this.hasData = meta.lastSyncAt !== null;
			})
		];
		const online = () => this.schedule(0, true);
		const offline = () => (this.phase = 'offline');
		const visible = () => document.visibilityState === 'visible' && this.schedule(0, true);
		window.addEventListener('online', online);
		window.addEventListener('offline', offline);
		document.addEventListener('visibilitychange', visible);
		const periodic = setInterval(() => document.visibilityState === 'visible' && this.schedule(0), PERIODIC_MS);
		this.cleanups = [
			() => window.removeEventListener('online', online),
			() => window.removeEventListener('offline', offline),
			() => document.removeEventListener('visibilitychange', visible),
			() => clearInterval(periodic)
		];
		if (!navigator.onLine) this.phase = 'offline';
		// Ask the browser not to evict this data (Safari drops unused sites' storage after 7 days).
		void navigator.storage?.persist?.().catch(() => undefined);
		this.schedule(0, true);
	}

	stop(): void {
		this.generation++;
		for (const s of this.subscriptions) s.unsubscribe();
		for (const c of this.cleanups) c();
		this.subscriptions = this.cleanups = [];
		if (this.timer) clearTimeout(this.timer);
		this.store?.close();
		this.store = null;
		this.accountId = null;
		this.phase = 'idle';
	}

	/**
	 * Signs out: the device forgets the account's data, unless changes still wait to be sent and are
	 * kept for the next sign-in (`discard`: they are dropped with the rest).
	 */
	async forget(options: { discard?: boolean } = {}): Promise<{ kept: boolean }> {
		const store = this.store;
		const waiting = store && !options.discard ? await store.outbox.count() : 0;
		this.stop();
		// Not awaited: the page's own views may still hold the database open, and IndexedDB then
		// waits for them to close (they do as the page leaves) — signing out never waits on it.
		if (store && waiting === 0) void store.delete().catch((error: unknown) => console.error('[agenda-sas] données de l’appareil non effacées', error));
		return { kept: waiting > 0 };
	}

	/** « Envoyer maintenant »: one round, and whether the outbox is empty after it. */
	async sendNow(): Promise<boolean> {
		this.schedule(0, true);
		await this.run();
		return this.pending === 0 && (!this.store || (await this.store.outbox.count()) === 0);
	}

	/** A change made here: applied locally and queued at once, sent shortly after. */
	async write(changes: Change[]): Promise<void> {
		if (!this.store || !this.machinery) throw new Error('Aucun compte ouvert sur cet appareil');
		await this.machinery.writeChanges(this.store, changes);
		this.schedule(DEBOUNCE_MS);
	}

	/**
	 * Plans the next round. While the last attempt failed, nothing goes out before the back-off
	 * delay (edits made meanwhile wait in the outbox) unless `now`: the network or the page came back.
	 */
	schedule(delayMs: number, now = false): void {
		if (!this.store) return;
		if (now) this.retryAt = 0;
		const wait = Math.max(delayMs, this.retryAt - Date.now());
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.run(), wait);
	}

	/** Runs a round now (or right after the one under way). */
	run(): Promise<void> {
		if (this.running) {
			this.again = true;
			return this.running;
		}
		this.running = this.round().finally(() => {
			this.progress = null;
			this.running = null;
			if (this.again) {
				this.again = false;
				this.schedule(0);
			}
		});
		return this.running;
	}

	private async round(): Promise<void> {
		const store = this.store;
		const m = this.machinery;
		if (!store || !m || !this.accountId || this.phase === 'signed-out') return;
		const { syncOnce, Offline, SignedOut } = m;
		// Known to be offline: nothing to try (and unsent changes stay mergeable); 'online' brings us back.
		if (!navigator.onLine) {
			this.phase = 'offline';
			return;
		}
		this.phase = 'syncing';
		try {
			const hooks = { onPullProgress: (done: number, total: number) => (this.progress = { done, total }) };
			const work = () => syncOnce(store, this.transport ?? m.httpTransport, hooks);
			if ('locks' in navigator) await navigator.locks.request(`agenda-sas-sync-${this.accountId}`, work);
			else await work();
			this.failures = 0;
			this.retryAt = 0;
			this.phase = 'idle';
		} catch (error) {
			if (error instanceof SignedOut) {
				this.phase = 'signed-out';
				return;
			}
			this.phase = error instanceof Offline ? 'offline' : 'failing';
			this.failures++;
			const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - 1)) * (0.5 + Math.random() / 2);
			this.retryAt = Date.now() + backoff;
			this.schedule(backoff);
		}
	}

	/** After signing in again, sending resumes. */
	resume(): void {
		if (this.phase === 'signed-out') this.phase = 'idle';
		this.schedule(0, true);
	}
}

export const sync = new SyncRunner();
