import { defineConfig, devices } from '@playwright/test';

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];

/**
 * Each worker starts its own server from the production build (tests/e2e/fixtures.ts), on a free
 * port with a new data folder: workers never share demo data, and a server left behind by another
 * run never breaks this one. With E2E_DATABASE_URL (a PostgreSQL server), the journeys run once
 * through two servers on one database behind a round-robin proxy — the « two-servers » project.
 */
const twoServers = Boolean(process.env.E2E_DATABASE_URL);
const desktop = { ...devices['Desktop Chrome'], channel: undefined };

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	fullyParallel: false,
	// Two, one per core: three made every test slower (64 tests in 12.2 min against 10.9 with two).
	workers: Number(process.env.E2E_WORKERS ?? 2),
	retries: 0,
	reporter: [['list']],
	use: {
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		// Recording a trace of every test costs about a fifth of the suite's time: on demand (E2E_TRACE=1), a screenshot of each failure always.
		trace: process.env.E2E_TRACE === '1' ? 'retain-on-failure' : 'off',
		screenshot: 'only-on-failure',
		launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS }
	},
	// The two-server journeys first: their one file then runs beside the others instead of alone at the end.
	projects: [...(twoServers ? [{ name: 'two-servers', use: desktop, testMatch: /journeys\.spec\.ts/ }] : []), { name: 'chromium', use: desktop, ...(twoServers ? { testIgnore: /journeys\.spec\.ts/ } : {}) }]
});
