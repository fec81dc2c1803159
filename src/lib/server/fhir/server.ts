import { slotSearchBundle } from '$lib/domain/fhir/slot-bundle';
import { parseSlotQuery } from '$lib/domain/fhir/slot-query';
import type { DB } from '../db';
import { loadFhirAgendas } from './agendas';
import { identifierQuery, readStoredAppointment, receiveAppointment } from './appointments';
import { capabilityStatement } from './capability';
import { fhirResponse, outcomeResponse } from './outcome';

export interface FhirContext {
	db: DB;
	/** Public origin of the app (booking links point to it). */
	origin: string;
	/** The FHIR base URL the caller used, e.g. https://agenda-sas.example/fhir */
	baseUrl: string;
	/** The caller, as its client certificate names it (or « démonstration »). */
	sender: string;
	now?: () => number;
	version?: string;
}

export const MAX_FHIR_BODY_BYTES = 256 * 1024;
const TOO_LONG = 'Ressource trop volumineuse (256 Kio au plus).';

async function jsonBody(request: Request): Promise<{ body: unknown } | { error: Response }> {
	const type = request.headers.get('content-type') ?? '';
	if (type && !/json/i.test(type)) return { error: outcomeResponse(415, 'not-supported', 'Le corps doit être du JSON FHIR (Content-Type: application/fhir+json).') };
	let text: string;
	try {
		text = await request.text();
	} catch (error) {
		// The server's own limit (BODY_SIZE_LIMIT) cut a body sent without its length.
		if ((error as { status?: number }).status === 413) return { error: outcomeResponse(413, 'too-long', TOO_LONG) };
		return { error: outcomeResponse(400, 'structure', 'Le corps de la requête n’a pas pu être lu.') };
	}
	if (Buffer.byteLength(text) > MAX_FHIR_BODY_BYTES) return { error: outcomeResponse(413, 'too-long', TOO_LONG) };
	try {
		return { body: JSON.parse(text) };
	} catch {
		return { error: outcomeResponse(400, 'structure', 'Le corps de la requête n’est pas un JSON lisible.') };
	}
}

/**
 * Our FHIR endpoint, below `/fhir`: the SAS agenda's Slot search, the CapabilityStatement and the
 * appointments editors send back. `path` is what follows the base (`Slot`, `metadata`…). Whoever
 * calls it has been let in by the client-certificate check before (see ./client-certificate.ts).
 */
export async function handleFhir(request: Request, path: string, context: FhirContext): Promise<Response> {
	const url = new URL(request.url);
	const segments = path.split('/').filter(Boolean);
	const [type, id] = segments;
	const method = request.method;
	const now = context.now ?? Date.now;
	if (segments.length === 1 && type === 'metadata' && method === 'GET') return fhirResponse(capabilityStatement(context.baseUrl, { version: context.version ?? '0' }));
	if (type === 'Slot' && segments.length === 1) {
		if (method !== 'GET') return outcomeResponse(405, 'not-supported', 'Les créneaux se lisent par la recherche GET Slot?….');
		const parsed = parseSlotQuery(url.searchParams);
		if ('error' in parsed) return outcomeResponse(400, 'invalid', parsed.error.message, [parsed.error.expression]);
		const { query } = parsed;
		const agendas = query.free && query.to >= query.from ? await loadFhirAgendas(context.db, query.rpps) : [];
		return fhirResponse(
			slotSearchBundle({
				agendas,
				from: query.from,
				to: query.to,
				now: now(),
				selfUrl: `${context.baseUrl}/Slot${url.search}`,
				baseUrl: context.baseUrl,
				bookingUrl: (practitionerId) => `${context.origin}/regulation?praticien=${practitionerId}`,
				includeCpts: query.includeCpts
			})
		);
	}
	if (type === 'Appointment') {
		const appointments = { db: context.db, sender: context.sender, baseUrl: context.baseUrl };
		if (segments.length === 2 && method === 'GET') return readStoredAppointment(appointments, id ?? '');
		if (segments.length === 1 && (method === 'POST' || method === 'PUT')) {
			const keyedOn = method === 'PUT' ? identifierQuery(url.searchParams) : null;
			if (method === 'PUT' && !keyedOn) return outcomeResponse(400, 'required', 'La mise à jour se fait par PUT Appointment?identifier=<system>|<value>.', ['identifier']);
			const read = await jsonBody(request);
			if ('error' in read) return read.error;
			return receiveAppointment(appointments, read.body, keyedOn);
		}
		return outcomeResponse(405, 'not-supported', 'Rendez-vous : POST Appointment, PUT Appointment?identifier=… ou GET Appointment/<id>.');
	}
	return outcomeResponse(404, 'not-supported', `Ressource non prise en charge : ${path.slice(0, 80) || '(vide)'}. Voir GET metadata.`);
}
