import { loadConfig, type Config } from './config';
import { migrate, openDatabase, pgliteDataDir, type DatabaseHandle } from './db';
import { seedDemoDataIfEmpty } from './seed';
import { startLocating } from './locations/locate';
import { Editors } from './fhir/editors-runtime';
import { startFhirListener } from './fhir/tls-listener';
import { handleFhir } from './fhir/server';
import { startOutbox } from './fhir/outbox';
import { startClosing } from './proof/closing';
import { isTransientDatabaseError } from './db/watch';

export interface Runtime extends DatabaseHandle {
	config: Config;
	editors: Editors;
}

let starting: Promise<Runtime> | null = null;
let ready: Runtime | null = null;
let retry: ReturnType<typeof setTimeout> | null = null;
let stopLocating: (() => void) | null = null;
let stopOutbox: (() => void) | null = null;
let stopClosing: (() => void) | null = null;
let fhirListener: { close: () => void } | null = null;

/** The server's one database and configuration, opened, migrated and seeded once per process. */
export function runtime(): Promise<Runtime> {
	starting ??= start().then(
		(r) => (ready = r),
		(error) => {
			starting = null;
			throw error;
		}
	);
	return starting;
}

/** The runtime once started, without waiting: null while it starts (or waits for its database). */
export function readyRuntime(): Runtime | null {
	return ready;
}

const START_RETRY_MS = 1_000;

/** Tries the start again every second until the database answers (the server answers 503 meanwhile). */
export function startInBackground(): void {
	if (retry || ready) return;
	retry = setTimeout(() => {
		retry = null;
		runtime().catch((error) => {
			if (!isTransientDatabaseError(error)) console.error('[agenda-sas] démarrage :', error);
			startInBackground();
		});
	}, START_RETRY_MS);
	retry.unref();
}

async function start(): Promise<Runtime> {
	const config = loadConfig();
	const handle = await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl, watch: true } : { dataDir: pgliteDataDir(config.dataDir) });
	let applied: string[];
	try {
		applied = await migrate(handle.db);
	} catch (error) {
		await handle.close();
		throw error;
	}
	if (applied.length > 0) console.info(`[agenda-sas] migrations appliquées : ${applied.join(', ')}`);
	const simulatorOrigin = config.editorSimulator ? (config.origin ?? `http://127.0.0.1:${process.env.PORT || 5173}`).replace(/\/$/, '') : null;
	const editors = new Editors(handle.db, { editorsFile: config.editorsFile, simulatorOrigin });
	if (config.editorsFile) console.info(`[agenda-sas] éditeurs : ${editors.list.map((e) => e.name).join(', ') || 'aucun'} (${config.editorsFile})`);
	if (simulatorOrigin) console.warn(`[agenda-sas] simulateur d’éditeurs actif (${simulatorOrigin}/simulateur-editeur) : démonstration et tests uniquement.`);
	// Regulator accounts owed to editors, sent by whichever server takes them first.
	stopOutbox = startOutbox(handle.db, editors);
	if (config.demoData && (await seedDemoDataIfEmpty(handle.db))) console.info('[agenda-sas] base vide : données de démonstration créées');
	// Each week's visible hours written once when it ends, missed weeks caught up now.
	stopClosing = startClosing(handle.db);
	if (!config.psc && !config.pscSandbox) {
		console.warn('[agenda-sas] Pro Santé Connect n’est pas configuré (PSC_ISSUER, PSC_CLIENT_ID, PSC_CLIENT_SECRET) : les médecins ne peuvent pas se connecter.');
	} else if (config.pscSandbox) {
		console.warn('[agenda-sas] bac à sable Pro Santé Connect actif (/oidc) : n’importe qui s’y connecte avec un RPPS valide — démonstration et tests uniquement.');
	}
	console.info(`[agenda-sas] base ${handle.kind === 'pglite' ? `PGlite (${pgliteDataDir(config.dataDir)})` : 'PostgreSQL'} prête`);
	// Places of practice located through the Base Adresse Nationale, in the background.
	if (config.geocoderUrl) stopLocating = startLocating(handle.db, config.geocoderUrl);
	if (config.fhir.tls) {
		const tls = config.fhir.tls;
		fhirListener = await startFhirListener(tls, config.fhir, (request, caller) => {
			const path = new URL(request.url).pathname.replace(/^\/fhir(?=\/|$)/, '');
			const origin = (config.origin ?? new URL(request.url).origin).replace(/\/$/, '');
			return handleFhir(request, path, { db: handle.db, origin, baseUrl: `${new URL(request.url).origin}/fhir`, sender: editors.byCertificate(caller)?.name ?? caller });
		});
		console.info(`[agenda-sas] point d’accès FHIR en mTLS sur https://${tls.host}:${tls.port}/fhir (CA ${tls.ca}${tls.crl ? `, CRL ${tls.crl}` : ''})`);
	} else if (config.fhir.proxy) {
		console.info(`[agenda-sas] point d’accès FHIR /fhir derrière un proxy mTLS (en-têtes ${config.fhir.proxy.verifyHeader}, ${config.fhir.proxy.dnHeader})`);
	} else if (config.fhir.open) {
		console.warn('[agenda-sas] /fhir répond sans certificat client (DEMO_DATA=true, pas de configuration TLS) : démonstration uniquement.');
	}
	return { ...handle, config, editors };
}

export async function shutdown(): Promise<void> {
	const current = starting;
	starting = null;
	ready = null;
	if (retry) clearTimeout(retry);
	retry = null;
	stopLocating?.();
	stopLocating = null;
	stopOutbox?.();
	stopOutbox = null;
	stopClosing?.();
	stopClosing = null;
	fhirListener?.close();
	fhirListener = null;
	if (current) await (await current.catch(() => null))?.close();
}
