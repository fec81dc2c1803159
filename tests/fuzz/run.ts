/**
 * The API fuzz suite (`npm run fuzz`): requests generated with fast-check from the OpenAPI
 * document, sent to the production build as each role of the demo (and without a session),
 * with valid bodies mutated field by field. It fails on any 5xx, any answer the document does not
 * describe (status, content type, schema), and any read of a practitioner the account may not read.
 *
 * Then `/fhir` (open in the demo): Slot searches with generated parameters and appointments
 * mutated from the IG's example, which must never give a 5xx and always answer errors as an
 * OperationOutcome in FHIR JSON (FUZZ_FHIR_RUNS, default 300).
 *
 * FUZZ_RUNS (default 1,500 requests) widens it; FUZZ_SEED replays a run; DATABASE_URL runs the
 * server on PostgreSQL (a database of its own is created there).
 */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { DEMO_PRACTITIONER_ID, demoId, demoRpps } from '../../src/lib/demo';
import { isMemberOf } from '../../src/lib/domain/members';
import { newId, singletonId } from '../../src/lib/domain/ids';
import { todayIn } from '../../src/lib/domain/time';
import { buildDemoData } from '../../src/lib/server/seed/demo-data';
import { Client } from './http';
import { startServer } from './server';
import { scratchDatabase } from '../support/scratch-database';
import { mutate, nastyValue } from './values';

type Json = Record<string, unknown>;
interface OpenApiOperation {
	operationId: string;
	parameters: { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: Json }[];
	requestBody?: unknown;
	responses: Record<string, { content?: Record<string, { schema: Json }> }>;
}

const RUNS = Number(process.env.FUZZ_RUNS ?? 1_500);
const FHIR_RUNS = Number(process.env.FUZZ_FHIR_RUNS ?? 300);

/** The IG's example appointment (Appointment-1.json), for the demo's first doctor. */
const APPOINTMENT = {
	resourceType: 'Appointment',
	meta: { profile: ['http://sas.fr/fhir/StructureDefinition/FrAppointmentSAS'] },
	extension: [{ url: 'http://interopsante.org/fhir/StructureDefinition/FrAppointmentOperator', valueReference: { identifier: { type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'IDNPS' }] }, system: 'urn:oid:1.2.250.1.71.4.2.1', value: '3456780581/11242343' } } }],
	identifier: [{ system: 'urn:oid:1.1.111.1.11.1.1.1', value: 'b6e39355-8a61-4556-b340-36f7b95fec6a' }],
	status: 'booked',
	start: '2026-12-04T14:00:00+01:00',
	end: '2026-12-04T14:15:00+01:00',
	created: '2026-12-01T10:00:00+01:00',
	participant: [{ actor: { identifier: { type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'IDNPS' }] }, system: 'urn:oid:1.2.250.1.71.4.2.1', value: `8${demoRpps(0)}` } }, status: 'accepted' }]
};

/** A request to /fhir: a Slot search with generated parameters, or an appointment mutated field by field. */
const fhirRequest = fc.oneof(
	fc
		.record({
			start: fc.array(fc.oneof(fc.constantFrom('ge2026-12-01T10:00:00', 'le2026-12-03T10:00:00.000+01:00', 'ge2026-12-01T09:00:00Z', 'le2026-12-01', 'gt2026-12-01T10:00:00 01:00'), fc.string().map((s) => `ge${s}`), nastyValue.map(String)), { maxLength: 3 }),
			ids: fc.array(fc.oneof(fc.constantFrom(`urn:oid:1.2.250.1.71.4.2.1|8${demoRpps(0)}`, demoRpps(1), ' 810000000017', 'x|y|z', '|'), nastyValue.map(String)), { maxLength: 30 }),
			status: fc.option(fc.constantFrom('free', 'busy', ''), { nil: undefined }),
			extra: fc.option(fc.constantFrom('_count=1000', '_include=Slot:service-type-reference', '_format=json', '%ZZ=1'), { nil: undefined })
		})
		.map(({ start, ids, status, extra }) => {
			// A lone surrogate cannot be put in a URL at all: it goes as U+FFFD.
			const encode = (text: string) => encodeURIComponent(text.toWellFormed());
			const query = [...start.map((s) => `start=${encode(s)}`), ...(ids.length ? [`schedule.actor:Practitioner.identifier=${encode(ids.join(','))}`] : []), ...(status !== undefined ? [`status=${status}`] : []), ...(extra ? [extra] : [])];
			return { method: 'GET', url: `/fhir/Slot?${query.join('&')}`, body: undefined as string | undefined };
		}),
	fc
		.record({ pick: fc.nat(), value: nastyValue, drop: fc.boolean(), put: fc.boolean(), raw: fc.option(fc.constantFrom('{', 'null', '[]', '{"resourceType":"Appointment"}'), { freq: 6, nil: undefined }) })
		.map(({ pick, value, drop, put, raw }) => ({
			method: put ? 'PUT' : 'POST',
			url: put ? `/fhir/Appointment?identifier=${encodeURIComponent('urn:oid:1.1.111.1.11.1.1.1|b6e39355-8a61-4556-b340-36f7b95fec6a')}` : '/fhir/Appointment',
			body: raw ?? JSON.stringify(mutate(structuredClone(APPOINTMENT), pick, value, drop))
		})),
	fc.constantFrom({ method: 'GET', url: '/fhir/metadata', body: undefined }, { method: 'DELETE', url: '/fhir/Slot', body: undefined }, { method: 'GET', url: '/fhir/Appointment/not-a-uuid', body: undefined }, { method: 'GET', url: '/fhir/Patient', body: undefined })
);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
/** Operations that end the fuzz's own sessions are sent without one. */
const SESSION_ENDING = new Set(['deleteSession', 'deleteAllSessions', 'disableAccount']);

/** A database of its own on DATABASE_URL's server, or PGlite (url undefined). */
async function databaseUrl(): Promise<{ url: string | undefined; drop(): Promise<void> }> {
	const server = process.env.DATABASE_URL;
	return server ? scratchDatabase(server, 'agenda_sas_fuzz') : { url: undefined, drop: async () => undefined };
}

const today = todayIn('Europe/Paris');
const demo = buildDemoData(today);
const CLAIRE = DEMO_PRACTITIONER_ID;
const COMTAT = demoId('structure:cpts-comtat');
const CHARTREUX = demoId('structure:cds-chartreux');
const structureOf = (id: string) => demo.structures.find((s) => s.id === id)!;
const participationOf = (id: string) => demo.participationSettings.find((p) => p.practitionerId === id) ?? null;
const membersOf = (structureId: string) =>
	demo.practitioners.filter((p) => isMemberOf(structureOf(structureId), { healthCentreId: p.healthCentreId, participation: participationOf(p.id) })).map((p) => p.id);
const initialIds = new Set(demo.practitioners.map((p) => p.id));

/**
 * Who may read which practitioner, from what the API cannot change: a doctor is themself; a CPTS
 * reads its members (and the signed-in doctor, who may join it during the run); a health centre
 * reads its doctors and those it creates; other roles read no agenda.
 */
const MAY_READ: Record<string, (id: string) => boolean> = {
	anonymous: () => false,
	doctor: (id) => id === CLAIRE,
	cptsComtat: (id) => membersOf(COMTAT).includes(id) || id === CLAIRE,
	cdsChartreux: (id) => membersOf(CHARTREUX).includes(id) || !initialIds.has(id),
	accountManager: () => false,
	regulator: () => false
};

const structureIds = demo.structures.map((s) => s.id);
const practitionerIds = [CLAIRE, ...membersOf(COMTAT).slice(0, 3), ...membersOf(CHARTREUX).slice(0, 2), demoId('doctor:Aurélie Imbert'), demoId('doctor:Manon Castel')];
const claireAddress = demoId('address:Claire Aubert');
const availabilities = demo.availabilities.filter((a) => practitionerIds.includes(a.practitionerId)).slice(0, 20);

function validBodies(operationId: string): fc.Arbitrary<unknown> {
	const availability = fc.constantFrom(...availabilities).map(({ id: _, practitionerId: __, ...rest }) => ({ ...rest, addressId: rest.addressId }));
	switch (operationId) {
		case 'putAvailability':
			return availability;
		case 'createOrientation':
			return fc.record({
				practitionerId: fc.constantFrom(...practitionerIds),
				kind: fc.constantFrom('creneau', 'plage', 'surnumeraire', 'editeur'),
				availabilityId: fc.option(fc.constantFrom(...availabilities.map((a) => a.id)), { nil: null }),
				start: fc.option(fc.date({ min: new Date(Date.now() - 86_400_000), max: new Date(Date.now() + 3 * 86_400_000), noInvalidDate: true }).map((d) => d.toISOString()), { nil: null }),
				date: fc.constantFrom(today, '2026-12-31', '2020-01-01'),
				time: fc.constantFrom('10:00', '10:15', '10:10', '23:45'),
				consultationType: fc.constantFrom(null, 'office', 'teleconsultation', 'home_visit'),
				patientReference: fc.constantFrom('', 'dossier 12', 'x'.repeat(41))
			});
		case 'updateOrientation':
			return fc.record({ status: fc.constantFrom('pending', 'confirmed', 'honoured', 'not_honoured', 'cancelled') });
		case 'createDeclaration':
			return fc.record({ kind: fc.constantFrom('injoignable', 'indisponible', 'mauvaise_specialite', 'autre'), comment: fc.constantFrom('', 'Pas de réponse', 'x'.repeat(501)) });
		case 'syncPush': {
			const row = fc.constantFrom(
				...availabilities.map((a) => ({ entity: 'availabilities', data: a as Json })),
				...demo.practitioners.slice(0, 12).map((p) => ({ entity: 'practitioners', data: p as unknown as Json })),
				// Someone else's record claimed for one's own health centre (a leak found by outside testing).
				...demo.practitioners.slice(0, 6).map((p) => ({ entity: 'practitioners', data: { ...p, healthCentreId: CHARTREUX } as unknown as Json })),
				...demo.addresses.slice(0, 6).map((a) => ({ entity: 'addresses', data: a as unknown as Json })),
				...demo.complementaryInfo.map((c) => ({ entity: 'complementaryInfo', data: c as unknown as Json })),
				...demo.participationSettings.slice(0, 6).map((p) => ({ entity: 'participationSettings', data: p as unknown as Json })),
				...demo.unavailabilities.slice(0, 4).map((u) => ({ entity: 'unavailabilities', data: u as unknown as Json })),
				{ entity: 'availabilities', data: { ...availabilities[0]!, id: newId(), practitionerId: CLAIRE, addressId: claireAddress } as Json },
				{ entity: 'practitioners', data: { id: newId(), rpps: demoRpps(900), lastName: 'Nouveau', firstName: 'Médecin', specialties: ['Médecine générale'], phone: null, registeredAt: null, healthCentreId: CHARTREUX } }
			);
			const mutation = fc.record({ row, op: fc.constantFrom('put', 'put', 'put', 'delete'), baseVersion: fc.constantFrom(0, 1, 2, 999), fresh: fc.boolean() }).map(({ row, op, baseVersion, fresh }) => {
				const id = fresh && op === 'put' && row.entity === 'availabilities' ? newId() : (row.data.id as string);
				return op === 'put'
					? { mutationId: newId(), entity: row.entity, id, op, baseVersion, data: { ...row.data, id } }
					: { mutationId: newId(), entity: row.entity, id, op, baseVersion: Math.max(1, baseVersion) };
			});
			return fc.array(mutation, { minLength: 1, maxLength: 4 }).map((mutations) => ({ mutations }));
		}
		case 'createAccount':
			return fc.record({
				email: fc.constantFrom('nouveau@exemple.fr', 'cpts.comtat@agenda-sas.test'),
				firstName: fc.constantFrom('Léa', 'Jean-Marc'),
				lastName: fc.constantFrom('Roux', 'N’Diaye'),
				role: fc.constantFrom('structureManager', 'accountManager', 'regulator'),
				structureIds: fc.subarray(structureIds, { maxLength: 2 }),
				territory: fc.constantFrom('84', '13', '2A', '974')
			});
		case 'createPasswordSession':
			return fc.record({ email: fc.constantFrom('inconnu@exemple.fr', 'regulation.vaucluse@agenda-sas.test'), password: fc.constantFrom('mauvais-mot-de-passe') });
		case 'acceptInvitation':
			return fc.constantFrom({ password: 'un-mot-de-passe-long', confirmation: 'un-mot-de-passe-long' });
		case 'decideRecordClaim':
			return fc.constantFrom({ decision: 'accepted' }, { decision: 'refused' });
		default:
			return fc.constant({});
	}
}

function pathValue(path: string, name: string, schema: Json): fc.Arbitrary<string> {
	const junk = fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-000000000000', '%00', 'a'.repeat(300));
	if (name === 'token') return fc.oneof(fc.constantFrom('x'.repeat(43), 'a.ics', '../../etc'), junk);
	if (name === 'availabilityId') return fc.oneof(fc.constantFrom(...availabilities.map((a) => a.id)), fc.uuid(), junk);
	if (path.startsWith('/api/structures')) return fc.oneof(fc.constantFrom(...structureIds), fc.uuid(), junk);
	if (path.startsWith('/api/accounts')) return fc.oneof(fc.uuid(), junk);
	if (typeof schema.pattern === 'string') return fc.oneof(patterned(schema.pattern), junk);
	return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...practitionerIds) }, { weight: 1, arbitrary: fc.uuid() }, { weight: 1, arbitrary: junk });
}

/**
 * Values of a pattern, and values one digit away from it: what passes the pattern reaches the code
 * behind it (a quarter « 0999-T1 » once matched and froze the server), what nearly passes tests the
 * pattern's own edges.
 */
function patterned(pattern: string): fc.Arbitrary<string> {
	const matching = fc.stringMatching(new RegExp(pattern));
	const nearly = fc.tuple(matching, fc.nat(), fc.integer({ min: 0, max: 9 })).map(([value, at, digit]) => {
		const digits = [...value.matchAll(/\d/g)].map((m) => m.index!);
		if (digits.length === 0) return value;
		const i = digits[at % digits.length]!;
		return `${value.slice(0, i)}${digit}${value.slice(i + 1)}`;
	});
	return fc.oneof({ weight: 3, arbitrary: matching }, { weight: 2, arbitrary: nearly });
}

function queryValue(schema: Json): fc.Arbitrary<unknown> {
	const valid: fc.Arbitrary<unknown> = Array.isArray(schema.enum)
		? fc.constantFrom(...(schema.enum as unknown[]))
		: typeof schema.pattern === 'string'
			? patterned(schema.pattern)
			: schema.format === 'date'
			? fc.constantFrom(today, '2026-03-30', '2199-12-31', '1900-01-01')
			: schema.type === 'integer' || schema.type === 'number'
				? fc.integer({ min: (schema.minimum as number) ?? 0, max: (schema.maximum as number) ?? 1000 })
				: fc.constantFrom('84', '13', '2A');
	return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: nastyValue });
}

interface Generated {
	actor: string;
	method: string;
	path: string;
	operation: OpenApiOperation;
	url: string;
	headers: Record<string, string>;
	body: string | undefined;
}

function requestArbitrary(paths: Record<string, Record<string, OpenApiOperation>>, actors: string[]): fc.Arbitrary<Generated> {
	const entries = Object.entries(paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
	return fc.constantFrom(...entries).chain(({ path, method, operation }) => {
		const pathParams = operation.parameters.filter((p) => p.in === 'path');
		const queryParams = operation.parameters.filter((p) => p.in === 'query');
		const actor = SESSION_ENDING.has(operation.operationId) ? fc.constant('anonymous') : fc.constantFrom(...actors);
		return fc
			.record({
				actor,
				pathValues: fc.tuple(...pathParams.map((p) => pathValue(path, p.name, p.schema))),
				query: fc.tuple(...queryParams.map((p) => fc.option(queryValue(p.schema), { nil: undefined }))),
				body: validBodies(operation.operationId),
				mutation: fc.option(fc.record({ pick: fc.nat(), value: nastyValue, drop: fc.boolean() }), { freq: 2, nil: undefined }),
				ifMatch: fc.option(fc.constantFrom('"1"', '"2"', '999', 'W/"1"', 'garbage', '"0"'), { nil: undefined }),
				raw: fc.option(fc.constantFrom('{', 'null', '[]', '"x"', '{"mutations":"x"}'), { freq: 12, nil: undefined })
			})
			.map(({ actor, pathValues, query, body, mutation, ifMatch, raw }): Generated => {
				let url = path;
				pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, encodeURIComponent(pathValues[i]!))));
				const search = new URLSearchParams();
				queryParams.forEach((p, i) => query[i] !== undefined && search.set(p.name, typeof query[i] === 'string' ? (query[i] as string) : JSON.stringify(query[i])));
				if (search.size) url += `?${search}`;
				const payload = operation.requestBody ? (raw ?? JSON.stringify(mutation ? mutate(body, mutation.pick, mutation.value, mutation.drop) : body)) : undefined;
				const headers: Record<string, string> = payload === undefined ? {} : { 'content-type': 'application/json' };
				if (ifMatch && operation.parameters.some((p) => p.name === 'If-Match')) headers['if-match'] = ifMatch;
				return { actor, method: method.toUpperCase(), path, operation, url, headers, body: payload };
			});
	});
}

async function main() {
	const database = await databaseUrl();
	const server = await startServer({ DATABASE_URL: database.url, BODY_SIZE_LIMIT: '1M' });
	const statuses = new Map<number, number>();
	let requests = 0;
	let fiveHundreds = 0;
	try {
		const document = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, OpenApiOperation>>; components: { schemas: { Problem: Json } } };
		const ajv = new Ajv2020({ strict: false, allErrors: false });
		addFormats(ajv);
		// Wall-clock times are HH:MM (the document's pattern says so), not RFC 3339's partial-time.
		ajv.addFormat('time', /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/);
		const problem = ajv.compile(document.components.schemas.Problem);
		const validators = new Map<string, ReturnType<typeof ajv.compile>>();
		const validatorOf = (key: string, schema: Json) => {
			let validate = validators.get(key);
			if (!validate) validators.set(key, (validate = ajv.compile(schema)));
			return validate;
		};

		const clients: Record<string, Client> = { anonymous: new Client(server.url, 'anonymous') };
		const sign = async (name: string, how: (c: Client) => Promise<void>) => {
			const client = new Client(server.url, name);
			await how(client);
			clients[name] = client;
		};
		await sign('doctor', (c) => c.signInWithPsc({ rpps: demoRpps(0), lastName: 'Aubert', firstName: 'Claire' }));
		await sign('cptsComtat', (c) => c.signInWithPassword('cpts.comtat@agenda-sas.test', 'demo-cpts-comtat'));
		await sign('cdsChartreux', (c) => c.signInWithPassword('secretariat.chartreux@agenda-sas.test', 'demo-cds-chartreux'));
		await sign('accountManager', (c) => c.signInWithPassword('comptes.vaucluse@agenda-sas.test', 'demo-comptes-84'));
		await sign('regulator', (c) => c.signInWithPassword('regulation.vaucluse@agenda-sas.test', 'demo-regulation-84'));

		/** The practitioners an answer reveals: rows it carries, or the one its path names. */
		const revealed = (g: Generated, body: unknown): string[] => {
			const ids: string[] = [];
			const practitionerOfRow = (entity: string, row: Json | null) => (row && entity !== 'structures' ? ((entity === 'practitioners' ? row.id : row.practitionerId) as string) : null);
			if (g.operation.operationId === 'syncPull') for (const { entity, row } of (body as { rows: { entity: string; row: Json }[] }).rows) ids.push(practitionerOfRow(entity, row)!);
			if (g.operation.operationId === 'syncPush') {
				for (const r of (body as { results: { status: string; entity: string; row?: Json; server?: Json | null }[] }).results) {
					const id = practitionerOfRow(r.entity, r.row ?? r.server ?? null);
					if (id) ids.push(id);
				}
			}
			const named = /^\/api\/practitioners\/([^/]+)\//.exec(new URL(g.url, server.url).pathname);
			if (named && g.method === 'GET') ids.push(decodeURIComponent(named[1]!));
			return ids.filter(Boolean);
		};

		await fc.assert(
			fc.asyncProperty(requestArbitrary(document.paths, Object.keys(MAY_READ)), async (g) => {
				requests++;
				const response = await clients[g.actor]!.fetch(g.url, { method: g.method, headers: g.headers, body: g.body });
				statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
				const text = await response.text();
				const where = `${g.actor} ${g.method} ${g.url} → ${response.status}`;
				if (response.status >= 500) {
					fiveHundreds++;
					throw new Error(`${where} : ${text.slice(0, 300)}`);
				}
				const documented = g.operation.responses[String(response.status)];
				if (!documented) throw new Error(`${where} : statut absent du document (${Object.keys(g.operation.responses).join(', ')})`);
				const type = response.headers.get('content-type') ?? '';
				if (response.status >= 400) {
					if (!type.includes('application/problem+json')) throw new Error(`${where} : erreur sans problem details (${type})`);
					if (!problem(JSON.parse(text))) throw new Error(`${where} : problem details non conforme ${ajv.errorsText(problem.errors)}`);
					return;
				}
				if (!documented.content) {
					if (text !== '') throw new Error(`${where} : le document n’annonce pas de corps`);
					return;
				}
				const json = documented.content['application/json'];
				if (!json) return; // CSV, iCalendar: text
				const body = JSON.parse(text);
				const validate = validatorOf(`${g.method} ${g.path} ${response.status}`, json.schema);
				if (!validate(body)) throw new Error(`${where} : réponse non conforme au document : ${ajv.errorsText(validate.errors)}`);
				const leaked = revealed(g, body).filter((id) => !MAY_READ[g.actor]!(id));
				if (leaked.length) throw new Error(`${where} : lecture d’un autre périmètre (${leaked.join(', ')})`);
			}),
			{ numRuns: RUNS, seed: SEED, endOnFailure: true }
		);
		// /fhir: never a 5xx; errors are OperationOutcomes in FHIR JSON.
		await fc.assert(
			fc.asyncProperty(fhirRequest, async (g) => {
				requests++;
				const response = await fetch(`${server.url}${g.url}`, { method: g.method, headers: g.body ? { 'content-type': 'application/fhir+json' } : {}, body: g.body });
				statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
				const text = await response.text();
				const where = `${g.method} ${g.url.slice(0, 200)} → ${response.status}`;
				if (response.status >= 500) {
					fiveHundreds++;
					throw new Error(`${where} : ${text.slice(0, 300)}`);
				}
				if (!(response.headers.get('content-type') ?? '').startsWith('application/fhir+json')) throw new Error(`${where} : pas de JSON FHIR`);
				const body = JSON.parse(text) as { resourceType?: string; issue?: { diagnostics?: string }[] };
				if (response.status >= 400 && (body.resourceType !== 'OperationOutcome' || !body.issue?.[0]?.diagnostics)) throw new Error(`${where} : erreur sans OperationOutcome`);
			}),
			{ numRuns: FHIR_RUNS, seed: SEED, endOnFailure: true }
		);
	} catch (error) {
		console.error(`[fuzz] échec (FUZZ_SEED=${SEED}) :`, (error as Error).message);
		console.error(server.log().split('\n').filter((l) => /erreur|error/i.test(l)).slice(-20).join('\n'));
		process.exitCode = 1;
	} finally {
		await server.stop();
		await database.drop();
		const summary = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');
		console.log(`[fuzz] ${requests} requêtes sur ${database.url ? 'PostgreSQL' : 'PGlite'} (FUZZ_SEED=${SEED}) — statuts ${summary} — 5xx : ${fiveHundreds}`);
	}
}

await main();
