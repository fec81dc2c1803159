import { sql } from 'kysely';
import type { DB } from '../db';
import { nextChange } from '../sync/stamp';
import { geocode, GeocoderUnavailable, type Found } from './geocoder';
import { repeatInBackground } from '../background';

/** The text of an address as it is located and cached (also computed in SQL, by `querySql`: keep both alike). */
export const addressQuery = (a: { street: string; postalCode: string; city: string }) => `${a.street}, ${a.postalCode} ${a.city}`;
/** `addressQuery` of a table's rows (addresses, structures), in SQL. */
const querySql = (table: 'addresses' | 'structures') => sql.raw<string>(`${table}.street || ', ' || ${table}.postal_code || ' ' || ${table}.city`);

const CACHE_DAYS = 180;
const MAX_RETRY_MS = 24 * 3_600_000;

export interface LocateRound {
	located: number;
	notFound: number;
	/** The geocoder could not answer: these stay unlocated and are tried again later. */
	failed: number;
}

/** Wait before the next try of an address the geocoder could not answer: 1, 2, 4 … minutes, at most a day. */
export const retryDelayMs = (attempts: number) => Math.min(MAX_RETRY_MS, 60_000 * 2 ** Math.max(0, attempts - 1));

/**
 * Locates the places of practice that need it: never located, changed since, or whose last try
 * failed and is due again. Answers are cached by address text. A geocoder that cannot answer ends
 * the round: the address is left unlocated (never refused) and tried again later.
 */
export async function locatePending(db: DB, geocoderUrl: string, options: { now?: Date; limit?: number } = {}): Promise<LocateRound> {
	const now = options.now ?? new Date();
	const round: LocateRound = { located: 0, notFound: 0, failed: 0 };
	const due = await db
		.selectFrom('addresses')
		.leftJoin('addressLocations', 'addressLocations.addressId', 'addresses.id')
		.select(['addresses.id', 'addresses.street', 'addresses.postalCode', 'addresses.city', 'addressLocations.attempts', 'addressLocations.query'])
		.where('addresses.deleted', '=', false)
		.where((eb) =>
			eb.or([
				eb('addressLocations.addressId', 'is', null),
				eb('addressLocations.query', '!=', querySql('addresses')),
				eb.and([eb('addressLocations.status', '=', 'failed'), eb('addressLocations.nextAttemptAt', '<=', now)])
			])
		)
		.orderBy('addresses.id')
		.limit(options.limit ?? 20)
		.execute();
	for (const address of due) {
		const query = addressQuery(address);
		const attempts = address.query === query ? (address.attempts ?? 0) : 0;
		let found: Found | null;
		try {
			found = await cachedGeocode(db, geocoderUrl, address, now);
		} catch (error) {
			if (!(error instanceof GeocoderUnavailable)) throw error;
			await save(db, address.id, { query, status: 'failed', latitude: null, longitude: null, inseeCode: null, score: null, attempts: attempts + 1, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts + 1)), updatedAt: now });
			round.failed++;
			console.warn(`[agenda-sas] localisation des lieux d’exercice reportée : ${error.message}`);
			break;
		}
		await save(db, address.id, { query, status: found ? 'located' : 'not_found', latitude: found?.latitude ?? null, longitude: found?.longitude ?? null, inseeCode: found?.inseeCode ?? null, score: found?.score ?? null, attempts: attempts + 1, nextAttemptAt: null, updatedAt: now });
		if (found) round.located++;
		else round.notFound++;
	}
	return round;
}

/**
 * Structures with an address and no coordinates (made by hand, or whose manager moved them) are
 * located the same way; FINESS brings its own coordinates. The structure is a synced row: a new
 * version, so that devices learn where it is.
 */
export async function locateStructures(db: DB, geocoderUrl: string, options: { now?: Date; limit?: number } = {}): Promise<LocateRound> {
	const now = options.now ?? new Date();
	const round: LocateRound = { located: 0, notFound: 0, failed: 0 };
	const due = await db
		.selectFrom('structures')
		.select(['id', 'street', 'postalCode', 'city'])
		.where('deleted', '=', false)
		.where('closed', '=', false)
		.where('latitude', 'is', null)
		.where('street', 'is not', null)
		.where('postalCode', 'is not', null)
		.where('city', 'is not', null)
		// Not those the geocoder already said it does not know.
		.where(({ not, exists, selectFrom }) =>
			not(exists(selectFrom('geocoderCache').select('query').where('found', '=', false).whereRef('geocoderCache.query', '=', querySql('structures'))))
		)
		.limit(options.limit ?? 20)
		.execute();
	for (const structure of due) {
		const place = { street: structure.street!, postalCode: structure.postalCode!, city: structure.city! };
		let found: Found | null;
		try {
			found = await cachedGeocode(db, geocoderUrl, place, now);
		} catch (error) {
			if (!(error instanceof GeocoderUnavailable)) throw error;
			round.failed++;
			break;
		}
		if (!found) {
			round.notFound++;
			continue;
		}
		await db.transaction().execute(async (trx) => {
			const seq = await nextChange(trx);
			await trx
				.updateTable('structures')
				.set((eb) => ({ latitude: found.latitude, longitude: found.longitude, inseeCode: eb.fn.coalesce('inseeCode', sql.val(found.inseeCode)), version: eb('version', '+', 1), seq, updatedAt: now, updatedBy: 'Localisation (Base Adresse Nationale)' }))
				.where('id', '=', structure.id)
				.where('latitude', 'is', null)
				.execute();
		});
		round.located++;
	}
	return round;
}

/** The cached answer for this address text, or the geocoder's (then cached). */
async function cachedGeocode(db: DB, geocoderUrl: string, place: { street: string; postalCode: string; city: string }, now: Date): Promise<Found | null> {
	const query = addressQuery(place);
	const cached = await db.selectFrom('geocoderCache').selectAll().where('query', '=', query).where('fetchedAt', '>', new Date(now.getTime() - CACHE_DAYS * 86_400_000)).executeTakeFirst();
	if (cached) return cached.found ? { latitude: cached.latitude!, longitude: cached.longitude!, inseeCode: cached.inseeCode, score: cached.score ?? 1 } : null;
	const found = await geocode(geocoderUrl, place);
	const values = { found: found !== null, latitude: found?.latitude ?? null, longitude: found?.longitude ?? null, inseeCode: found?.inseeCode ?? null, score: found?.score ?? null, fetchedAt: now };
	await db.insertInto('geocoderCache').values({ query, ...values }).onConflict((oc) => oc.column('query').doUpdateSet(values)).execute();
	return found;
}

type Location = Omit<import('../db/types').AddressLocationsTable, 'addressId'>;

async function save(db: DB, addressId: string, location: Location): Promise<void> {
	await db
		.insertInto('addressLocations')
		.values({ addressId, ...location })
		.onConflict((oc) => oc.column('addressId').doUpdateSet(location))
		.execute();
}

/** Any fixed key: one locator at a time, however many app servers share the database. */
export const LOCATE_LOCK = 7_427_202;

/**
 * Everything due, addresses then structures, in rounds of 20 until nothing is due or the geocoder
 * stops answering — unless another server is already at it ('busy'): it holds a session lock on
 * its own connection for the whole run.
 */
export async function locateAll(db: DB, geocoderUrl: string): Promise<LocateRound | 'busy'> {
	return db.connection().execute(async (conn) => {
		const { rows } = await sql<{ got: boolean }>`select pg_try_advisory_lock(${LOCATE_LOCK}) as got`.execute(conn);
		if (!rows[0]?.got) return 'busy';
		try {
			const total: LocateRound = { located: 0, notFound: 0, failed: 0 };
			const add = (round: LocateRound) => {
				total.located += round.located;
				total.notFound += round.notFound;
				total.failed += round.failed;
				return round;
			};
			let round = add(await locatePending(conn, geocoderUrl));
			while (round.located + round.notFound === 20 && round.failed === 0) round = add(await locatePending(conn, geocoderUrl));
			if (round.failed === 0) add(await locateStructures(conn, geocoderUrl));
			return total;
		} finally {
			await sql`select pg_advisory_unlock(${LOCATE_LOCK})`.execute(conn);
		}
	});
}

/** Locates in the background, every `intervalMs`, while the server runs; returns the function that stops it. */
export function startLocating(db: DB, geocoderUrl: string, intervalMs = 30_000): () => void {
	const background = repeatInBackground('localisation des lieux d’exercice', () => locateAll(db, geocoderUrl), { everyMs: intervalMs });
	return () => background.stop();
}
