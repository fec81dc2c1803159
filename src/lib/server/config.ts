import { resolve } from 'node:path';

/** Everything the server reads from its environment; documented in README "Configuration". */
export interface Config {
	dataDir: string;
	databaseUrl: string | undefined;
	/** Seed the demo data when the database is empty (and keep the demo accounts usable). */
	demoData: boolean;
}

function flag(value: string | undefined, fallback: boolean): boolean {
	if (value === undefined || value === '') return fallback;
	return !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	return {
		dataDir: resolve(env.DATA_DIR || './data'),
		databaseUrl: env.DATABASE_URL || undefined,
		demoData: flag(env.DEMO_DATA, true)
	};
}
