import type { RequestHandler } from '@sveltejs/kit';
import { HttpProblem, problemResponse } from '$lib/server/http/problem';

/** Unknown API paths answer problem details, not the app's HTML 404 page. */
export const fallback: RequestHandler = ({ url }) =>
	problemResponse(new HttpProblem(404, `Aucune opération ne correspond à ${url.pathname}.`));
