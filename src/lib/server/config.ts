import { isIP } from 'node:net';
import { resolve } from 'node:path';

/** Everything the server reads from its environment; documented in README "Configuration". */
export interface Config {
	dataDir: string;
	databaseUrl: string | undefined;
	/** Seed the demo data when the database is empty (and keep the demo accounts usable). */
	demoData: boolean;
	/** The public URL; when unset, the request's own origin is used. */
	origin: string | undefined;
	/** Pro Santé Connect; without an issuer the bundled sandbox provider stands in for it. */
	psc: { issuer: string; clientId: string; clientSecret: string; scopes: string } | null;
	/**
	 * The bundled PSC sandbox, where anyone signs in as any doctor by typing an RPPS: only when
	 * asked for (PSC_SANDBOX=true, implied by DEMO_DATA=true) and never beside a real PSC.
	 */
	pscSandbox: boolean;
	pscScopes: string;
	mail: { smtpUrl: string | undefined; from: string; outbox: string };
	session: { idleMs: number; maxMs: number };
	/** The Base Adresse Nationale's geocoder (its /search answers GeoJSON); null: places are not located. */
	geocoderUrl: string | null;
	/** Booking software the SAS reads slots from and sends regulator accounts to (JSON file, see README). */
	editorsFile: string | null;
	/** The bundled editor simulator (demo): answers the guide's Slot search for the demo's doctors. */
	editorSimulator: boolean;
	fhir: FhirAccessConfig;
}

/** Who may call /fhir: mutual TLS on our own listener, or a reverse proxy's verified headers. */
export interface FhirAccessConfig {
	/** The app's own HTTPS listener with client-certificate verification. */
	tls: { port: number; host: string; cert: string; key: string; ca: string; crl: string | null } | null;
	/** Behind a reverse proxy that verified the client certificate and says so in these headers, from these addresses only. */
	proxy: { verifyHeader: string; dnHeader: string; addresses: string[] } | null;
	/** Client certificates accepted: CN and OU (empty list: any issued by the CA). */
	allowedCn: string[];
	allowedOu: string[];
	/** Demo only: /fhir on the app's own origin answers without a certificate. */
	open: boolean;
}

const list = (value: string | undefined) => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);

function fhirAccess(env: NodeJS.ProcessEnv, demoData: boolean): FhirAccessConfig {
	const tlsVariables = [env.FHIR_TLS_PORT, env.FHIR_TLS_CERT, env.FHIR_TLS_KEY, env.FHIR_TLS_CA];
	if (tlsVariables.some(Boolean) && !tlsVariables.every(Boolean)) {
		throw new Error('FHIR_TLS_PORT, FHIR_TLS_CERT, FHIR_TLS_KEY et FHIR_TLS_CA vont ensemble (écoute mTLS du point d’accès FHIR)');
	}
	const port = Number(env.FHIR_TLS_PORT);
	if (env.FHIR_TLS_PORT && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`FHIR_TLS_PORT invalide : ${env.FHIR_TLS_PORT}`);
	const tls = env.FHIR_TLS_PORT
		? { port, host: env.FHIR_TLS_HOST || '0.0.0.0', cert: env.FHIR_TLS_CERT!, key: env.FHIR_TLS_KEY!, ca: env.FHIR_TLS_CA!, crl: env.FHIR_TLS_CRL || null }
		: null;
	const proxy = flag(env.FHIR_CLIENT_CERT_FROM_PROXY, false)
		? {
				verifyHeader: (env.FHIR_PROXY_VERIFY_HEADER || 'x-ssl-client-verify').toLowerCase(),
				dnHeader: (env.FHIR_PROXY_DN_HEADER || 'x-ssl-client-s-dn').toLowerCase(),
				addresses: proxyAddresses(env.FHIR_PROXY_ADDRESSES)
			}
		: null;
	return { tls, proxy, allowedCn: list(env.FHIR_CLIENT_CN), allowedOu: list(env.FHIR_CLIENT_OU), open: demoData && !tls && !proxy };
}

function flag(value: string | undefined, fallback: boolean): boolean {
	if (value === undefined || value === '') return fallback;
	return !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

function hours(value: string | undefined, fallback: number): number {
	const parsed = Number(value);
	return (Number.isFinite(parsed) && parsed > 0 ? parsed : fallback) * 3_600_000;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const dataDir = resolve(env.DATA_DIR || './data');
	const pscScopes = env.PSC_SCOPES || 'openid scope_all';
	if (env.PSC_ISSUER && (!env.PSC_CLIENT_ID || !env.PSC_CLIENT_SECRET)) {
		throw new Error('PSC_ISSUER demande aussi PSC_CLIENT_ID et PSC_CLIENT_SECRET');
	}
	const demoData = flag(env.DEMO_DATA, true);
	return {
		dataDir,
		databaseUrl: env.DATABASE_URL || undefined,
		demoData,
		origin: env.ORIGIN || undefined,
		psc: env.PSC_ISSUER
			? { issuer: env.PSC_ISSUER, clientId: env.PSC_CLIENT_ID!, clientSecret: env.PSC_CLIENT_SECRET!, scopes: pscScopes }
			: null,
		pscSandbox: !env.PSC_ISSUER && flag(env.PSC_SANDBOX, demoData),
		pscScopes,
		mail: {
			smtpUrl: env.SMTP_URL || undefined,
			from: env.MAIL_FROM || 'Agenda SAS <ne-pas-repondre@agenda-sas.localhost>',
			outbox: resolve(dataDir, 'mail')
		},
		session: {
			idleMs: hours(env.SESSION_IDLE_HOURS, 7 * 24),
			maxMs: hours(env.SESSION_MAX_HOURS, 30 * 24)
		},
		geocoderUrl: env.GEOCODER_URL === 'off' ? null : (env.GEOCODER_URL || 'https://data.geopf.fr/geocodage').replace(/\/$/, ''),
		editorsFile: env.EDITORS_FILE ? resolve(env.EDITORS_FILE) : null,
		editorSimulator: flag(env.EDITOR_SIMULATOR, demoData && !env.EDITORS_FILE),
		fhir: fhirAccess(env, demoData)
	};
}

/**
 * FHIR_PROXY_ADDRESSES: the addresses (or IPv4/IPv6 subnets, « 10.0.0.0/8 ») the certificate
 * proxy connects from; its headers are believed from those only. Loopback when unset.
 */
function proxyAddresses(value: string | undefined): string[] {
	const addresses = list(value);
	for (const a of addresses) {
		const [ip, bits] = a.split('/');
		const family = isIP(ip ?? '');
		if (!family || (bits !== undefined && !(Number.isInteger(Number(bits)) && Number(bits) >= 0 && Number(bits) <= (family === 4 ? 32 : 128)))) {
			throw new Error(`FHIR_PROXY_ADDRESSES invalide : « ${a} » n’est ni une adresse IP ni un sous-réseau (10.0.0.0/8)`);
		}
	}
	return addresses.length ? addresses : ['127.0.0.1', '::1'];
}
