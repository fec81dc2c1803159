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
		geocoderUrl: env.GEOCODER_URL === 'off' ? null : (env.GEOCODER_URL || 'https://data.geopf.fr/geocodage').replace(/\/$/, '')
	};
}
