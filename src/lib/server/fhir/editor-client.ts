import { IDNPS_SYSTEM, readEditorAnswer, type EditorAnswer, type EditorOffer } from '$lib/domain/fhir/editor-slots';

/**
 * The SAS as FHIR client of booking software (flux INT_R01 / INT_R04): the Slot search of the IG,
 * 25 practitioners at most per request, 7 s at most per answer. One editor that fails or is slow
 * never delays or breaks the others: each has its own circuit breaker, and answers are cached a
 * little while, served stale while a fresh one is fetched.
 */

export interface Editor {
	name: string;
	/** FHIR base URL, e.g. https://fhir.editeur.fr/sas */
	baseUrl: string;
	/** How to reach it: with the SAS's client certificate (see tls-fetch.ts); the global fetch otherwise. */
	fetch?: typeof fetch;
}

export const MAX_PRACTITIONERS_PER_REQUEST = 25;

export interface SearchWindow {
	/** Epoch ms. */
	from: number;
	to: number;
}

/** ISO with milliseconds and offset, as the IG's examples: 2024-06-12T16:20:00.000+00:00. */
const fhirDate = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

/** The IG's Slot search URL for up to 25 RPPS (CPTS includes too: a PS may offer slots through a CPTS). */
export function slotSearchUrl(baseUrl: string, rpps: readonly string[], window: SearchWindow): string {
	if (rpps.length === 0 || rpps.length > MAX_PRACTITIONERS_PER_REQUEST) throw new RangeError(`1 à ${MAX_PRACTITIONERS_PER_REQUEST} praticiens par requête`);
	const query = [
		'_include=Slot:schedule',
		'_include:iterate=Schedule:actor',
		'_include=Slot:service-type-reference',
		'_include:iterate=HealthcareService:organization',
		`start=ge${encodeURIComponent(fhirDate(window.from))}`,
		`start=le${encodeURIComponent(fhirDate(window.to))}`,
		`schedule.actor:Practitioner.identifier=${rpps.map((r) => encodeURIComponent(`${IDNPS_SYSTEM}|8${r}`)).join(',')}`,
		'status=free'
	];
	return `${baseUrl.replace(/\/$/, '')}/Slot?${query.join('&')}`;
}

/** Splits a list into requests of at most 25. */
export function batches<T>(items: readonly T[], size = MAX_PRACTITIONERS_PER_REQUEST): T[][] {
	const result: T[][] = [];
	for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
	return result;
}

export interface EditorResult {
	editor: string;
	answer: EditorAnswer;
	/** When this answer was fetched (epoch ms): a stale one says so. */
	fetchedAt: number;
}

interface ClientOptions {
	fetch?: typeof fetch;
	timeoutMs?: number;
	/** How long an answer is fresh; after it, it is still served while a new one is fetched. */
	freshMs?: number;
	/** An answer older than this is never served. */
	staleMs?: number;
	/** Consecutive failures that open an editor's circuit, and how long it stays open. */
	failuresToOpen?: number;
	openMs?: number;
	now?: () => number;
	/** Requests at once to one editor (its batches of 25), and to all editors together. */
	perEditor?: number;
	inFlight?: number;
}

/** At most `size` tasks at once; the others wait their turn, first come first served. */
export class Bound {
	private running = 0;
	private readonly waiting: (() => void)[] = [];
	constructor(private readonly size: number) {}
	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
		this.running++;
		try {
			return await task();
		} finally {
			this.running--;
			this.waiting.shift()?.();
		}
	}
}

interface Breaker {
	failures: number;
	openUntil: number;
	/** Epoch ms of the last answer read, and of the first failure since (null: answering). */
	lastSuccessAt: number | null;
	failingSince: number | null;
}

export interface EditorHealth {
	lastSuccessAt: number | null;
	failingSince: number | null;
}

/** One request to one editor: its answer read, or « unavailable » with the reason (timeout, HTTP error, unreadable). */
export async function searchOnce(editor: Editor, rpps: readonly string[], window: SearchWindow, options: Pick<ClientOptions, 'fetch' | 'timeoutMs'> = {}): Promise<EditorAnswer> {
	const doFetch = editor.fetch ?? options.fetch ?? fetch;
	let response: Response;
	try {
		response = await doFetch(slotSearchUrl(editor.baseUrl, rpps, window), { headers: { accept: 'application/fhir+json' }, signal: AbortSignal.timeout(options.timeoutMs ?? 7_000) });
	} catch (error) {
		return { kind: 'unavailable', reason: (error as Error).name === 'TimeoutError' ? 'délai de réponse dépassé' : `injoignable : ${(error as Error).message}` };
	}
	let body: unknown;
	try {
		body = await response.json();
	} catch {
		return { kind: 'unavailable', reason: `réponse ${response.status} illisible` };
	}
	const answer = readEditorAnswer(body);
	if (!response.ok && answer.kind !== 'unavailable') return { kind: 'unavailable', reason: `réponse ${response.status}` };
	return answer;
}

/** The SAS's client of all editors: cache, stale-while-revalidate, one circuit breaker per editor. */
export class EditorClient {
	private readonly cache = new Map<string, EditorResult>();
	/** Requests under way, by cache key: a second caller waits for the same answer. */
	private readonly inflight = new Map<string, Promise<EditorResult>>();
	private readonly breakers = new Map<string, Breaker>();
	/** Answers fetched before this time (per editor) are not served without asking again. */
	private readonly expiredAt = new Map<string, number>();
	private readonly options: Required<Omit<ClientOptions, 'fetch'>> & Pick<ClientOptions, 'fetch'>;
	/** One slow editor holds its own few slots, never the others': a bound per editor inside a global one. */
	private readonly bounds = new Map<string, Bound>();
	private readonly all: Bound;

	constructor(options: ClientOptions = {}) {
		this.options = { timeoutMs: 7_000, freshMs: 60_000, staleMs: 10 * 60_000, failuresToOpen: 3, openMs: 60_000, now: Date.now, perEditor: 4, inFlight: 32, ...options };
		this.all = new Bound(this.options.inFlight);
	}

	/** When the editor last answered, and since when it fails (null: it answers). */
	health(editor: Editor): EditorHealth {
		const breaker = this.breakers.get(editor.baseUrl);
		return { lastSuccessAt: breaker?.lastSuccessAt ?? null, failingSince: breaker?.failingSince ?? null };
	}

	/**
	 * The next search of this editor waits for a fresh answer instead of serving the cached one
	 * (its breaker closes: it is asked at once). What was read stays the fallback if it fails.
	 */
	expire(editor: Editor): void {
		this.expiredAt.set(editor.baseUrl, this.options.now());
		const breaker = this.breakers.get(editor.baseUrl);
		if (breaker) breaker.openUntil = 0;
	}

	/** The offers of these practitioners at this editor: one request per 25, in parallel. */
	async search(editor: Editor, rpps: readonly string[], window: SearchWindow): Promise<EditorResult[]> {
		return Promise.all(batches([...new Set(rpps)].sort()).map((batch) => this.cached(editor, batch, window)));
	}

	private key(editor: Editor, batch: readonly string[], window: SearchWindow): string {
		// The window moves with the clock: answers are shared within the same minute.
		return `${editor.baseUrl}|${batch.join(',')}|${Math.floor(window.from / 60_000)}|${Math.floor(window.to / 60_000)}`;
	}

	private cached(editor: Editor, batch: string[], window: SearchWindow): Promise<EditorResult> {
		const key = this.key(editor, batch, window);
		const age = (result: EditorResult) => this.options.now() - result.fetchedAt;
		const cachedAnswer = this.cache.get(key);
		const expired = cachedAnswer !== undefined && cachedAnswer.fetchedAt <= (this.expiredAt.get(editor.baseUrl) ?? -Infinity);
		const known = expired ? undefined : cachedAnswer;
		if (known && age(known) < this.options.freshMs) return Promise.resolve(known);
		let pending = this.inflight.get(key);
		if (!pending) {
			pending = this.fetch(editor, batch, window, key).finally(() => this.inflight.delete(key));
			this.inflight.set(key, pending);
		}
		// Stale but still worth showing: shown now, refreshed in the background.
		return known && age(known) < this.options.staleMs ? Promise.resolve(known) : pending;
	}

	private async fetch(editor: Editor, batch: string[], window: SearchWindow, key: string): Promise<EditorResult> {
		const breaker = this.breakers.get(editor.baseUrl) ?? { failures: 0, openUntil: 0, lastSuccessAt: null, failingSince: null };
		this.breakers.set(editor.baseUrl, breaker);
		if (breaker.openUntil > this.options.now()) return { editor: editor.name, answer: { kind: 'unavailable', reason: 'logiciel injoignable (nouvel essai sous peu)' }, fetchedAt: this.options.now() };
		let bound = this.bounds.get(editor.baseUrl);
		if (!bound) this.bounds.set(editor.baseUrl, (bound = new Bound(this.options.perEditor)));
		const answer = await bound.run(() => this.all.run(() => searchOnce(editor, batch, window, this.options)));
		const result: EditorResult = { editor: editor.name, answer, fetchedAt: this.options.now() };
		if (answer.kind === 'unavailable') {
			breaker.failures++;
			breaker.failingSince ??= this.options.now();
			if (breaker.failures >= this.options.failuresToOpen) breaker.openUntil = this.options.now() + this.options.openMs;
			// A failure never replaces an answer still worth showing.
			const previous = this.cache.get(key);
			return previous && this.options.now() - previous.fetchedAt < this.options.staleMs ? previous : result;
		}
		breaker.failures = 0;
		breaker.openUntil = 0;
		breaker.failingSince = null;
		breaker.lastSuccessAt = result.fetchedAt;
		this.cache.set(key, result);
		return result;
	}
}

/** The offers of several results, in time order. */
export const offersOf = (results: readonly EditorResult[]): EditorOffer[] =>
	results.flatMap((r) => (r.answer.kind === 'offers' ? r.answer.offers : [])).sort((a, b) => a.start - b.start);
