import type { StructureKind } from '$lib/domain/reference';
import { live } from './live.svelte';
import { localMembers, type LocalAgenda } from './queries';
import { sync } from './sync/runner.svelte';

/**
 * The agendas of a structure's members, following the device's data; null until the first read.
 * During a device's first sync nothing is read: the list is computed once the last page is in,
 * not again after each of its pages (seven for a CPTS of 500).
 */
export function liveMembers(structure: () => { id: string; kind: StructureKind }): { readonly current: LocalAgenda[] | null } {
	return live(
		() => ({ store: sync.hasData ? sync.store : null, structure: structure() }),
		async ({ store, structure }) => (store ? await localMembers(store, structure) : null),
		null as LocalAgenda[] | null
	);
}
