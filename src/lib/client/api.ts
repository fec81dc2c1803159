import type { z } from 'zod';
import type { agendaSchema } from '$lib/server/api/operations/agenda';

export type AgendaResponse = z.infer<typeof agendaSchema>;

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; message: string; errors?: Record<string, string[]> };

const NO_NETWORK = 'Pas de réseau : les données s’afficheront dès le retour de la connexion.';

/**
 * Calls the platform API; a network failure or a problem-details answer becomes a French message.
 * While the browser knows it is offline nothing is sent (as for the sync engine): the answer is
 * the same as a failed request, at once.
 */
export async function api<T>(path: string, init?: RequestInit): Promise<ApiResult<T>> {
	if (typeof navigator !== 'undefined' && navigator.onLine === false) return { ok: false, status: 0, message: NO_NETWORK };
	let response: Response;
	try {
		response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init?.headers } });
	} catch {
		return { ok: false, status: 0, message: NO_NETWORK };
	}
	if (response.ok) return { ok: true, data: (response.status === 204 ? undefined : await response.json()) as T };
	const problem = (await response.json().catch(() => ({}))) as { detail?: string; title?: string; errors?: Record<string, string[]> };
	return {
		ok: false,
		status: response.status,
		message: problem.detail ?? problem.title ?? `Erreur ${response.status}`,
		...(problem.errors ? { errors: problem.errors } : {})
	};
}

export function fetchAgenda(practitionerId: string) {
	return api<AgendaResponse>(`/api/practitioners/${encodeURIComponent(practitionerId)}/agenda`);
}

/** POST / PUT / PATCH a JSON body (and headers, such as If-Match). */
export function send<T>(path: string, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', body?: unknown, headers: Record<string, string> = {}) {
	return api<T>(path, {
		method,
		...(body === undefined ? { headers } : { body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } })
	});
}
