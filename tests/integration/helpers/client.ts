import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { newId } from '../../../src/lib/domain/ids';
import type { Mutation, MutationResult, PullResponse } from '../../../src/lib/domain/sync';
import { syncOnce, type Outcome } from '../../../src/lib/client/sync/engine';
import { LocalStore } from '../../../src/lib/client/sync/store';
import { Offline, type Transport } from '../../../src/lib/client/sync/transport';
import type { ServerActor } from '../../../src/lib/server/auth/actor';
import type { DB } from '../../../src/lib/server/db';
import { pull } from '../../../src/lib/server/sync/pull';
import { push } from '../../../src/lib/server/sync/push';

/**
 * A device for tests: the real IndexedDB store (fake-indexeddb) and the real server handlers,
 * with a network that can be cut, or that loses the answer of a push the server did apply.
 */
export class Device {
	readonly name = `device-${newId()}`;
	store: LocalStore;
	online = true;
	/** The next push reaches the server, but its answer is lost on the way back. */
	loseNextAnswer = false;
	readonly outcomes = new Map<string, Outcome | 'discarded'>();

	constructor(
		private readonly db: DB,
		readonly actor: ServerActor
	) {
		this.store = this.open();
	}

	private open(): LocalStore {
		return new LocalStore(this.name, { indexedDB, IDBKeyRange });
	}

	/** The app is closed and opened again: nothing survives but IndexedDB. */
	reload(): void {
		this.store.close();
		this.store = this.open();
	}

	readonly transport: Transport = {
		push: async (mutations: Mutation[]): Promise<MutationResult[]> => {
			if (!this.online) throw new Offline('hors ligne');
			const results = await push(this.db, this.actor, structuredClone(mutations));
			if (this.loseNextAnswer) {
				this.loseNextAnswer = false;
				throw new Offline('réponse perdue');
			}
			return structuredClone(results);
		},
		pull: async (cursor: number, limit: number): Promise<PullResponse> => {
			if (!this.online) throw new Offline('hors ligne');
			return structuredClone(await pull(this.db, this.actor, cursor, limit));
		}
	};

	record(edits: string[], outcome: Outcome | 'discarded'): void {
		for (const edit of edits) {
			const previous = this.outcomes.get(edit);
			if (previous) throw new Error(`l'édition ${edit} a deux issues : ${previous} puis ${outcome}`);
			this.outcomes.set(edit, outcome);
		}
	}

	/** One sync round; false when the network failed (the round is simply tried again later). */
	async sync(): Promise<boolean> {
		try {
			await syncOnce(this.store, this.transport, { onOutcome: (edits, outcome) => this.record(edits, outcome) });
			return true;
		} catch (error) {
			if (error instanceof Offline) return false;
			throw error;
		}
	}
}
