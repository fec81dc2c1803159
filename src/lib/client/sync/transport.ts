import type { Mutation, MutationResult, PullResponse } from '$lib/domain/sync';

/** How the engine reaches the platform: over HTTP in the browser, in-process in tests. */
export interface Transport {
	push(mutations: Mutation[]): Promise<MutationResult[]>;
	pull(cursor: number, limit: number): Promise<PullResponse>;
}

/** The network is not there (or gave no answer): try again later. */
export class Offline extends Error {}
/** The session is over: sign in again; nothing is dropped meanwhile. */
export class SignedOut extends Error {}
/** The server failed: try again later, with back-off. */
export class ServerFailure extends Error {
	constructor(
		message: string,
		readonly status = 500
	) {
		super(message);
	}
}

async function call<T>(input: string, init?: RequestInit): Promise<T> {
	let response: Response;
	try {
		response = await fetch(input, { ...init, headers: { accept: 'application/json', ...init?.headers } });
	} catch {
		throw new Offline('Pas de réseau');
	}
	if (response.status === 401) throw new SignedOut('Session expirée');
	if (!response.ok) throw new ServerFailure(`Le serveur a répondu ${response.status}`, response.status);
	return (await response.json()) as T;
}

export const httpTransport: Transport = {
	async push(mutations) {
		const { results } = await call<{ results: MutationResult[] }>('/api/sync/push', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ mutations })
		});
		return results;
	},
	pull(cursor, limit) {
		return call<PullResponse>(`/api/sync/pull?cursor=${cursor}&limit=${limit}`);
	}
};
