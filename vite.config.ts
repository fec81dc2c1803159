import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { dsfrCss } from './build-tools/dsfr-css';
import SlowFirst from './tests/integration/helpers/sequencer';

/** The domain rules must not depend on the machine's zone: their tests run under several. */
const PINNED_ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Indian/Reunion', 'Pacific/Kiritimati'];

export default defineConfig({
	plugins: [dsfrCss(), sveltekit()],
	server: { port: 5173 },
	test: {
		projects: [
			...PINNED_ZONES.map((tz): TestProjectInlineConfiguration => ({
				extends: true,
				test: {
					name: `unit (TZ=${tz})`,
					// The domain rules run under every pinned zone; the rest once, under UTC.
					include: tz === 'UTC' ? ['tests/unit/**/*.test.ts'] : ['tests/unit/domain/**/*.test.ts'],
					environment: 'node',
					env: { TZ: tz },
					// Pure modules without shared state: one module cache per worker (each file in a fresh
					// one cost three quarters of the run).
					isolate: false
				}
			})),
			{
				extends: true,
				test: {
					// The production build on PostgreSQL under faults (scripts/test-postgres.sh, after the build).
					name: 'system',
					include: ['tests/system/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 180_000,
					fileParallelism: false
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/integration/helpers/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000,
					// Each file has its own database; two at a time is what these machines' 2 cores allow.
					maxWorkers: 2,
					isolate: false,
					sequence: { groupOrder: 1, sequencer: SlowFirst }
				}
			}
		]
	}
});
