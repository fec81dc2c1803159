/**
 * The guide's Slot search as a server reads it (../shared/reference/fhir-sas.md §1.3): window
 * `start=ge…&start=le…`, 1 to 25 prefixed national identifiers, `status=free`, the `_include`s.
 * Lenient where the guide's own examples are (spaces after commas, an unescaped `+` read as a
 * space, ids with or without the 8, `_count`), strict where an answer would be wrong. Pure.
 */
import { IDNPS_SYSTEM, parseFhirInstant, rppsOfIdnps } from './editor-slots';

export const MAX_IDENTIFIERS = 25;
/** The platform asks for 48 to 72 hours; a month is plenty, and bounds the work of one request. */
export const MAX_WINDOW_DAYS = 31;
const ACTOR_PARAMETER = 'schedule.actor:Practitioner.identifier';

export interface SlotQuery {
	from: number;
	to: number;
	/** RPPS (11 digits) asked for; identifiers that are no RPPS (ADELI…) match no one here. */
	rpps: string[];
	/** `status` other than free: nothing matches. */
	free: boolean;
	includeCpts: boolean;
}

export type SlotQueryResult = { query: SlotQuery } | { error: { expression: string; message: string } };

export function parseSlotQuery(params: URLSearchParams): SlotQueryResult {
	const error = (expression: string, message: string): SlotQueryResult => ({ error: { expression, message } });
	let from: number | null = null;
	let to: number | null = null;
	for (const raw of params.getAll('start')) {
		// A `+` left unescaped in the offset arrives as a space.
		const value = raw.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
		const prefix = value.slice(0, 2);
		const instant = parseFhirInstant(value.slice(2));
		if (!['ge', 'gt', 'le', 'lt'].includes(prefix) || instant === null) {
			return error('start', `Paramètre start illisible : « ${raw.slice(0, 60)} » (attendu : start=ge2026-12-01T10:00:00.000+01:00 et start=le…).`);
		}
		if (prefix === 'ge' || prefix === 'gt') from = Math.max(from ?? -Infinity, instant);
		else to = Math.min(to ?? Infinity, instant);
	}
	if (from === null || to === null) return error('start', 'La fenêtre de recherche est attendue : start=ge<début> et start=le<fin>.');
	if (to - from > MAX_WINDOW_DAYS * 86_400_000) return error('start', `Fenêtre de recherche de ${MAX_WINDOW_DAYS} jours au plus.`);
	const identifiers = params
		.getAll(ACTOR_PARAMETER)
		.flatMap((value) => value.split(','))
		.map((value) => value.trim())
		.filter(Boolean);
	if (identifiers.length === 0) return error(ACTOR_PARAMETER, `Au moins un identifiant national de professionnel est attendu (${ACTOR_PARAMETER}=${IDNPS_SYSTEM}|8…).`);
	if (identifiers.length > MAX_IDENTIFIERS) return error(ACTOR_PARAMETER, `${MAX_IDENTIFIERS} professionnels au plus par recherche (${identifiers.length} demandés).`);
	const rpps = new Set<string>();
	for (const identifier of identifiers) {
		const bar = identifier.lastIndexOf('|');
		const system = bar >= 0 ? identifier.slice(0, bar).trim() : '';
		if (system !== '' && system !== IDNPS_SYSTEM) return error(ACTOR_PARAMETER, `Système d’identifiant inconnu : « ${system.slice(0, 60)} » (attendu : ${IDNPS_SYSTEM}).`);
		const found = rppsOfIdnps(identifier.slice(bar + 1));
		if (found) rpps.add(found);
	}
	const status = params.getAll('status').flatMap((s) => s.split(',')).map((s) => s.trim());
	const includes = [...params.getAll('_include'), ...params.getAll('_include:iterate')];
	return {
		query: {
			from,
			to,
			rpps: [...rpps],
			free: status.length === 0 || status.includes('free'),
			includeCpts: includes.includes('Slot:service-type-reference') || includes.includes('HealthcareService:organization')
		}
	};
}
