/**
 * npm run bench [-- <suite>] [-- --json]: medians over several runs and the ratios that matter; no
 * pass/fail. These machines are shared and noisy: compare ratios and medians, never a single run.
 * With --json, one JSON object per measurement (suite, name, median_ms | bytes | score, runs,
 * baseline and ratio where there is one), for comparing commits.
 */
import { Output } from './harness';
import { browserBench } from './browser.bench';
import { directoriesBench } from './directories.bench';
import { fhirBench } from './fhir.bench';
import { regulationBench } from './regulation.bench';
import { dashboardsBench } from './dashboards.bench';
import { loadBench } from './load.bench';
import { structuresBench } from './structures.bench';
import { syncBench } from './sync.bench';
import { weeklyCheckBench } from './weekly-check.bench';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.filter((a) => !a.startsWith('--'));

const suites: Record<string, (runs: number, out: Output) => Promise<void>> = {
	'weekly-check': weeklyCheckBench,
	sync: syncBench,
	structures: structuresBench,
	browser: browserBench,
	load: loadBench,
	directories: directoriesBench,
	fhir: fhirBench,
	regulation: regulationBench,
	dashboards: dashboardsBench
};

if (!json) console.info(`Agenda SAS — bancs d'essai (${RUNS} passes, Node ${process.version})\n`);
for (const [name, suite] of Object.entries(suites)) {
	if (only.length && !only.includes(name)) continue;
	if (!json) console.info(`# ${name}`);
	await suite(RUNS, new Output(name, json));
	if (!json) console.info('');
}
