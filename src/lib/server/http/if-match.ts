import { HttpProblem } from './problem';

/** The version named by If-Match (`"3"`, `3` or `W/"3"`), or null without the header. */
export function ifMatchVersion(request: Request, what: string): number | null {
	const header = request.headers.get('if-match');
	if (header === null) return null;
	const version = Number(header.replace(/^W\//, '').replace(/"/g, '').trim());
	if (!Number.isInteger(version) || version < 1) throw new HttpProblem(422, `En-tête If-Match invalide : indiquez la version de ${what}, par exemple "3".`);
	return version;
}
