import { datesBetween, type LocalDate } from '$lib/domain/civil';
import { slotSearchBundle, type FhirAgenda } from '$lib/domain/fhir/slot-bundle';
import { parseSlotQuery } from '$lib/domain/fhir/slot-query';
import { readRegulatorPractitioner, type ReadRegulator } from '$lib/domain/fhir/regulator';
import type { Availability } from '$lib/domain/schemas/availability';
import { epochMsToWallClock } from '$lib/domain/time';
import { fhirResponse, outcomeResponse } from './outcome';

/**
 * A booking-software editor, simulated (demo and tests only, like the PSC sandbox): it answers the
 * guide's Slot search for the doctors it knows with slots generated from their RPPS and the day
 * (the same every time), and keeps the regulator accounts the SAS sends it. Its behaviour can be
 * switched: latency, errors, time-outs, malformed bundles — so that the demo shows editor slots and
 * the tests go through every failure.
 */

export const SIMULATOR_FAILURES = ['aucune', 'erreur', 'delai', 'malforme', 'illisible'] as const;
export type SimulatorFailure = (typeof SIMULATOR_FAILURES)[number];

export interface SimulatorBehaviour {
	latencyMs: number;
	failure: SimulatorFailure;
}

/** A doctor this editor keeps the agenda of. */
export interface SimulatedPractitioner {
	id: string;
	rpps: string;
	lastName: string;
	firstName: string;
	specialties: string[];
	addresses: FhirAgenda['addresses'];
}

export interface SimulatorOptions {
	/** The editor's name (its doctors are those who name it in their settings). */
	name: string;
	/** Its FHIR base URL as callers see it (self links, fullUrl). */
	baseUrl: string;
	lookUp: (rpps: readonly string[]) => Promise<SimulatedPractitioner[]>;
	behaviour?: () => SimulatorBehaviour;
	now?: () => number;
	/** A time-out that never answers would hold the test server: it answers after this. */
	hangMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
	new Promise<void>((resolve) => {
		const timer = setTimeout(resolve, ms);
		signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
	});

/** FNV-1a: a number from a text, the same on every run. */
function hash(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
	return h;
}

const SLOT_TYPE_SETS = [['PUBLIC'], ['PUBLIC', 'PRO'], ['PRO'], ['SNP'], ['PUBLIC', 'SNP']];

/** The slots this editor shows for a doctor on a day: 0 to 4, between 8:00 and 19:00, 15 or 30 min. */
export function simulatedDay(practitioner: SimulatedPractitioner, editor: string, date: LocalDate): Availability[] {
	const seed = hash(`${editor}|${practitioner.rpps}|${date}`);
	const count = seed % 5;
	const address = practitioner.addresses[seed % Math.max(1, practitioner.addresses.length)];
	if (!address) return [];
	const slots: Availability[] = [];
	for (let i = 0; i < count; i++) {
		const h = hash(`${seed}|${i}`);
		const minutes = h % 2 === 0 ? 15 : 30;
		const startMinute = 8 * 60 + ((h >>> 3) % 44) * 15;
		const time = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
		if (slots.some((s) => s.start === time(startMinute))) continue;
		slots.push({
			id: `${practitioner.id.slice(0, 24)}-${date.replaceAll('-', '')}-${i}`,
			practitionerId: practitioner.id,
			addressId: address.id,
			date,
			start: time(startMinute),
			end: time(startMinute + minutes),
			timeZone: address.timeZone as Availability['timeZone'],
			kind: (h >>> 9) % 7 === 0 ? 'walk_in' : 'slot',
			slotMinutes: null,
			capacity: null,
			consultationTypes: (h >>> 12) % 4 === 0 ? ['office', 'teleconsultation'] : ['office'],
			rrule: null,
			exdates: [],
			seriesId: null,
			originalDate: null
		});
	}
	return slots;
}

export function createEditorSimulator(options: SimulatorOptions) {
	const now = options.now ?? Date.now;
	const behaviour = options.behaviour ?? (() => ({ latencyMs: 0, failure: 'aucune' as const }));
	/** Regulator accounts received, each under all of its identifiers (`system|value`). */
	const regulators: { identifiers: string[]; regulator: ReadRegulator; id: string }[] = [];
	let nextId = 1;

	async function slotSearch(request: Request): Promise<Response> {
		const parsed = parseSlotQuery(new URL(request.url).searchParams);
		if ('error' in parsed) return outcomeResponse(400, 'invalid', parsed.error.message, [parsed.error.expression]);
		const { query } = parsed;
		const known = await options.lookUp(query.rpps);
		const agendas: FhirAgenda[] = known.map((p) => {
			const zone = p.addresses[0]?.timeZone ?? 'Europe/Paris';
			// The query's window is 31 days at most (parseSlotQuery).
			const availabilities: Availability[] = datesBetween(epochMsToWallClock(query.from, zone).date, epochMsToWallClock(query.to, zone).date, 1, 32).flatMap((date) => simulatedDay(p, options.name, date));
			return { practitioner: p, addresses: p.addresses, availabilities, unavailabilities: [], organization: null, cpts: null };
		});
		const bundle = slotSearchBundle({
			agendas,
			from: query.from,
			to: query.to,
			now: now(),
			selfUrl: `${options.baseUrl}/Slot${new URL(request.url).search}`,
			baseUrl: options.baseUrl,
			bookingUrl: (id) => `https://rendez-vous.${slug(options.name)}.exemple/praticien/${known.find((p) => p.id === id)?.rpps ?? id}`,
			includeCpts: query.includeCpts,
			slotTypesOf: (a) => SLOT_TYPE_SETS[hash(a.id) % SLOT_TYPE_SETS.length] ?? ['PUBLIC']
		}) as { entry?: { resource: Record<string, unknown> }[] };
		if (behaviour().failure === 'malforme') {
			// Every other slot loses its schedule or gets an unreadable date: the reader drops and counts them.
			let i = 0;
			for (const entry of bundle.entry ?? []) {
				if (entry.resource.resourceType !== 'Slot' || i++ % 2 === 0) continue;
				if (i % 4 === 0) delete entry.resource.schedule;
				else entry.resource.start = '31/12/2026 10h';
			}
		}
		return fhirResponse(bundle);
	}

	function findRegulator(key: string) {
		const value = key.slice(key.lastIndexOf('|') + 1);
		return regulators.find((r) => r.identifiers.includes(key)) ?? regulators.find((r) => r.identifiers.some((i) => i.endsWith(`|${value}`)));
	}

	async function practitioner(request: Request): Promise<Response> {
		let body: unknown;
		try {
			body = await request.json();
		} catch {
			return outcomeResponse(400, 'structure', 'JSON illisible.');
		}
		const read = readRegulatorPractitioner(body);
		if ('error' in read) return outcomeResponse(400, 'invalid', read.error);
		const keys = read.regulator.identifiers.map((i) => `${i.system}|${i.value}`);
		const taken = (except?: (typeof regulators)[number]) => regulators.find((r) => r !== except && r.identifiers.some((i) => keys.includes(i)));
		const location = (id: string) => ({ location: `${options.baseUrl}/Practitioner/${id}` });
		const answer = (record: (typeof regulators)[number], status: number) =>
			fhirResponse({ ...(body as object), id: record.id }, status, location(record.id));
		if (request.method === 'POST') {
			if (taken()) return outcomeResponse(409, 'duplicate', 'Ce régulateur existe déjà : mettez-le à jour par PUT Practitioner?identifier=….');
			const record = { identifiers: keys, regulator: read.regulator, id: String(nextId++) };
			regulators.push(record);
			return answer(record, 201);
		}
		const key = new URL(request.url).searchParams.get('identifier');
		if (!key || !key.includes('|')) return outcomeResponse(400, 'required', 'PUT Practitioner?identifier=<system>|<value>.');
		const record = findRegulator(key);
		const other = taken(record);
		// An identifier moves from an account that no longer holds an authorisation only.
		if (other && other.regulator.active) return outcomeResponse(409, 'duplicate', 'Cet identifiant appartient à un autre régulateur habilité.');
		if (other) other.identifiers = other.identifiers.filter((i) => !keys.includes(i));
		if (!record) {
			const created = { identifiers: keys, regulator: read.regulator, id: String(nextId++) };
			regulators.push(created);
			return answer(created, 201);
		}
		record.identifiers = keys;
		record.regulator = read.regulator;
		return answer(record, 200);
	}

	return {
		/** `path`: what follows the editor's FHIR base (`Slot`, `Practitioner`, `metadata`). */
		async handle(request: Request, path: string): Promise<Response> {
			const { latencyMs, failure } = behaviour();
			if (latencyMs > 0) await sleep(latencyMs, request.signal);
			if (failure === 'delai') await sleep(options.hangMs ?? 8_000, request.signal);
			if (failure === 'erreur') return outcomeResponse(503, 'transient', 'Service momentanément indisponible (simulation).');
			if (failure === 'illisible') return new Response('<html>Bad gateway</html>', { status: 200, headers: { 'content-type': 'text/html' } });
			if (path === 'Slot' && request.method === 'GET') return slotSearch(request);
			if (path === 'Practitioner' && (request.method === 'POST' || request.method === 'PUT')) return practitioner(request);
			if (path === 'metadata') return fhirResponse({ resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: ['json'], date: new Date(now()).toISOString() });
			return outcomeResponse(404, 'not-supported', `Non pris en charge par le simulateur : ${request.method} ${path.slice(0, 60)}`);
		},
		/** The regulator accounts received, for the tests and the demo. */
		regulators: () => regulators.map((r) => ({ ...r.regulator, id: r.id, keys: [...r.identifiers] }))
	};
}

export type EditorSimulator = ReturnType<typeof createEditorSimulator>;

/** « MonMédecin.org » → « monmedecin-org »: the simulated editor's path segment. */
export function slug(name: string): string {
	return name
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}
