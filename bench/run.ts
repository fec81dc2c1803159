/**
 * npm run bench: prints medians over several runs and the ratios that matter; no pass/fail.
 * These machines are shared and noisy: compare ratios and medians, never a single run.
 */
import { structuresBench } from './structures.bench';
import { syncBench } from './sync.bench';
import { weeklyCheckBench } from './weekly-check.bench';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const only = process.argv[2];

const suites: Record<string, (runs: number) => Promise<string[]>> = {
	'weekly-check': weeklyCheckBench,
	sync: syncBench,
	structures: structuresBench
};

console.info(`Agenda SAS — bancs d'essai (${RUNS} passes, Node ${process.version})\n`);
for (const [name, suite] of Object.entries(suites)) {
	if (only && only !== name) continue;
	console.info(`# ${name}`);
	for (const line of await suite(RUNS)) console.info(line);
	console.info('');
}
