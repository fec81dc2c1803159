import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { searchKey } from '$lib/domain/directory';

/**
 * Communes of the Code officiel géographique (@etalab/decoupage-administratif: names, INSEE codes,
 * départements, postal codes), read once, on first use, from the package's data file (8 MB: never
 * shipped to the browser; the pages ask /api/communes).
 */
export interface Commune {
	code: string;
	name: string;
	department: string;
	postalCodes: string[];
}

interface Entry {
	code: string;
	nom: string;
	departement?: string;
	type: string;
	codesPostaux?: string[];
}

let loading: Promise<{ list: (Commune & { key: string })[]; byCode: Map<string, Commune> }> | null = null;

function load() {
	loading ??= (async () => {
		const path = createRequire(import.meta.url).resolve('@etalab/decoupage-administratif/data/communes.json');
		const entries = JSON.parse(await readFile(path, 'utf8')) as Entry[];
		// Current communes, and the arrondissements of Paris, Lyon and Marseille (their own INSEE codes).
		const list = entries
			.filter((e) => (e.type === 'commune-actuelle' || e.type === 'arrondissement-municipal') && e.departement)
			.map((e) => ({ code: e.code, name: e.nom, department: e.departement!, postalCodes: e.codesPostaux ?? [], key: searchKey(e.nom) }));
		return { list, byCode: new Map(list.map(({ key: _, ...c }) => [c.code, c])) };
	})().catch((error: unknown) => {
		loading = null;
		throw error;
	});
	return loading;
}

/** Communes by name (accents and case aside, start of the name first), postal code or INSEE code; in a département when given. */
export async function searchCommunes(query: string, options: { department?: string; limit?: number } = {}): Promise<Commune[]> {
	const { list } = await load();
	const key = searchKey(query);
	if (!key) return [];
	// Digits: the start of an INSEE code (2A/2B included) or of a postal code; else words of the name.
	const typed = query.trim().toUpperCase();
	const byCode = /^\d[\dAB]*$/.test(typed);
	const matches = list.filter(
		(c) => (!options.department || c.department === options.department) && (byCode ? c.code.startsWith(typed) || c.postalCodes.some((p) => p.startsWith(typed)) : c.key.includes(key))
	);
	matches.sort((a, b) => Number(!a.key.startsWith(key)) - Number(!b.key.startsWith(key)) || a.name.localeCompare(b.name, 'fr'));
	return matches.slice(0, options.limit ?? 10).map(({ key: _, ...c }) => c);
}

/** The communes of these INSEE codes; unknown codes are left out. */
export async function communesByCode(codes: readonly string[]): Promise<Commune[]> {
	const { byCode } = await load();
	return codes.flatMap((code) => byCode.get(code) ?? []);
}
