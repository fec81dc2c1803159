import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// A free port, found once and handed to the workers through the environment: a server left on
// 4173 by another run never breaks this one.
process.env.E2E_PORT ??= execFileSync(process.execPath, ['-e', "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"], { encoding: 'utf8' });
const PORT = Number(process.env.E2E_PORT);
const BASE_URL = `http://localhost:${PORT}`;
// A new data folder per run: the server creates, migrates and seeds it like a first `npm start`.
const DATA_DIR = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'agenda-sas-e2e-'));
process.env.E2E_DATA_DIR = DATA_DIR;

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list']],
	use: {
		baseURL: BASE_URL,
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		// Recording a trace of every test costs about a fifth of the suite's time: on demand (E2E_TRACE=1), a screenshot of each failure always.
		trace: process.env.E2E_TRACE === '1' ? 'retain-on-failure' : 'off',
		screenshot: 'only-on-failure',
		launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS }
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
	webServer: {
		command: 'node build/index.js',
		url: `${BASE_URL}/api/health`,
		timeout: 120_000,
		reuseExistingServer: false,
		env: { PORT: String(PORT), ORIGIN: BASE_URL, DATA_DIR, DEMO_DATA: 'true', GEOCODER_URL: 'off' },
		stdout: 'pipe',
		stderr: 'pipe'
	}
});
