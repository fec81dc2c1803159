import { json } from '@sveltejs/kit';
import { z } from '$lib/domain/zod';
import { RETRY_AFTER_SECONDS } from '../db/watch';

/** RFC 9457 problem details; `errors` maps a field path to its French messages. */
export const problemSchema = z.object({
	type: z.string(),
	title: z.string(),
	status: z.number().int(),
	detail: z.string().optional(),
	errors: z.record(z.string(), z.array(z.string())).optional(),
	/** On a 409: the resource as it stands now (its state and version), to show or to retry on. */
	current: z.record(z.string(), z.unknown()).optional()
});

export type Problem = z.infer<typeof problemSchema>;

const TITLES: Record<number, string> = {
	400: 'Requête invalide',
	401: 'Authentification requise',
	403: 'Accès refusé',
	404: 'Ressource introuvable',
	405: 'Méthode non autorisée',
	409: 'Conflit',
	428: 'Précondition requise',
	413: 'Requête trop volumineuse',
	415: 'Type de contenu non pris en charge',
	422: 'Données invalides',
	429: 'Trop de tentatives',
	500: 'Erreur interne',
	503: 'Service indisponible'
};

export class HttpProblem extends Error {
	constructor(
		readonly status: number,
		readonly detail?: string,
		readonly errors?: Record<string, string[]>,
		readonly headers: Record<string, string> = {},
		readonly current?: Record<string, unknown>
	) {
		super(detail ?? TITLES[status] ?? 'Erreur');
	}

	toJSON(): Problem {
		return {
			type: 'about:blank',
			title: TITLES[this.status] ?? 'Erreur',
			status: this.status,
			...(this.detail ? { detail: this.detail } : {}),
			...(this.errors ? { errors: this.errors } : {}),
			...(this.current ? { current: this.current } : {})
		};
	}
}

/** Field path ('rrule', 'consultationTypes.0') → messages, from a zod error. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
	const errors: Record<string, string[]> = {};
	for (const issue of error.issues) {
		const path = issue.path.map(String).join('.') || '_';
		(errors[path] ??= []).push(issue.message);
	}
	return errors;
}

/**
 * 422 with each field's messages (`errors`), and a detail that says which field and why, for a
 * client that shows only the detail: « Donnée(s) invalide(s) — time : Indiquez un quart d’heure
 * (et 1 autre champ) ».
 */
export function invalid(error: z.ZodError, what = 'Certaines valeurs sont invalides'): HttpProblem {
	const errors = fieldErrors(error);
	const [first, ...rest] = Object.entries(errors);
	const more = rest.length ? ` (et ${rest.length} autre${rest.length > 1 ? 's' : ''} champ${rest.length > 1 ? 's' : ''})` : '';
	const detail = first ? `${what} — ${first[0] === '_' ? '' : `${first[0]} : `}${first[1][0]}${more}` : `${what}.`;
	return new HttpProblem(422, detail, errors);
}

export function problemResponse(problem: HttpProblem): Response {
	return json(problem.toJSON(), {
		status: problem.status,
		headers: { 'content-type': 'application/problem+json', ...problem.headers }
	});
}

/** While the database cannot be reached: 503, and when to try again. */
export function databaseUnavailable(): HttpProblem {
	return new HttpProblem(503, 'Le service est momentanément indisponible (base de données injoignable). Réessayez dans quelques secondes.', undefined, { 'retry-after': String(RETRY_AFTER_SECONDS) });
}
