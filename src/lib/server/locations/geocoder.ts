/**
 * The Base Adresse Nationale's geocoder (data.geopf.fr/geocodage, formerly api-adresse.data.gouv.fr):
 * `GET {url}/search?q=…&postcode=…&limit=1` answers a GeoJSON FeatureCollection whose features carry
 * [longitude, latitude] and properties { score, citycode, … }.
 */

export interface Found {
	latitude: number;
	longitude: number;
	inseeCode: string | null;
	score: number;
}

/** Below this score the best answer is another place: the address stays unlocated. */
export const MIN_SCORE = 0.5;

export class GeocoderUnavailable extends Error {}

interface Feature {
	geometry?: { type?: string; coordinates?: unknown };
	properties?: { score?: unknown; citycode?: unknown };
}

/** The best match of an address, null when there is none good enough; throws GeocoderUnavailable when the service cannot answer. */
export async function geocode(url: string, address: { street: string; postalCode: string; city: string }, timeoutMs = 5_000): Promise<Found | null> {
	const query = new URLSearchParams({ q: `${address.street} ${address.postalCode} ${address.city}`, postcode: address.postalCode, limit: '1' });
	let response: Response;
	try {
		response = await fetch(`${url}/search?${query}`, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
	} catch (error) {
		throw new GeocoderUnavailable(`géocodeur injoignable : ${(error as Error).message}`);
	}
	// 400: the query itself is refused (too short, not an address): no location, and no retry.
	if (response.status === 400) return null;
	if (!response.ok) throw new GeocoderUnavailable(`géocodeur : réponse ${response.status}`);
	let body: { features?: Feature[] };
	try {
		body = (await response.json()) as { features?: Feature[] };
	} catch {
		throw new GeocoderUnavailable('géocodeur : réponse illisible');
	}
	const best = body.features?.[0];
	const [longitude, latitude] = Array.isArray(best?.geometry?.coordinates) ? (best.geometry.coordinates as unknown[]) : [];
	const score = Number(best?.properties?.score);
	if (typeof longitude !== 'number' || typeof latitude !== 'number' || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
	if (!(score >= MIN_SCORE)) return null;
	const citycode = best!.properties?.citycode;
	return { latitude, longitude, inseeCode: typeof citycode === 'string' && /^(\d{5}|2[AB]\d{3})$/.test(citycode) ? citycode : null, score };
}

export interface Suggestion {
	/** « 14 Avenue Jean Jaurès 84200 Carpentras » */
	label: string;
	/** « 14 Avenue Jean Jaurès »: what goes in the address field. */
	street: string;
	latitude: number;
	longitude: number;
}

/**
 * Addresses of a commune starting with what the regulator typed (the BAN's autocompletion), for the
 * « Adresse » field of the search. Never throws: no geocoder or no answer is no suggestion.
 */
export async function suggestAddresses(url: string, text: string, citycode: string, limit = 5, timeoutMs = 2_000): Promise<Suggestion[]> {
	const query = new URLSearchParams({ q: text, citycode, autocomplete: '1', limit: String(limit) });
	try {
		const response = await fetch(`${url}/search?${query}`, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
		if (!response.ok) return [];
		const body = (await response.json()) as { features?: (Feature & { properties?: { label?: unknown; name?: unknown } })[] };
		return (body.features ?? []).flatMap((f) => {
			const [longitude, latitude] = Array.isArray(f.geometry?.coordinates) ? (f.geometry.coordinates as unknown[]) : [];
			const label = f.properties?.label;
			const name = f.properties?.name;
			if (typeof longitude !== 'number' || typeof latitude !== 'number' || typeof label !== 'string' || typeof name !== 'string') return [];
			return [{ label, street: name, latitude, longitude }];
		});
	} catch {
		return [];
	}
}
