import { liveQuery } from 'dexie';

/**
 * A Dexie live query as a rune: `current` follows the IndexedDB data (this tab's writes, other
 * tabs' writes, the sync's) and the query re-runs when what `deps` reads changes.
 */
export function live<D, T>(deps: () => D, query: (deps: D) => Promise<T>, initial: T): { readonly current: T } {
	let current = $state(initial);
	$effect(() => {
		const args = deps();
		const subscription = liveQuery(() => query(args)).subscribe({
			next: (value) => (current = value),
			error: (error) => console.error('[agenda-sas] lecture locale impossible', error)
		});
		return () => subscription.unsubscribe();
	});
	return {
		get current() {
			return current;
		}
	};
}
