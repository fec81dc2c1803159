import { performance } from 'node:perf_hooks';
import { migrate, openDatabase, type DatabaseHandle } from '../src/lib/server/db';

export interface Measure {
	name: string;
	runs: number[];
	median: number;
	min: number;
	max: number;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `fn` once to warm up, then `runs` times; times are wall-clock milliseconds. */
export async function measure(name: string, runs: number, fn: () => unknown | Promise<unknown>): Promise<Measure> {
	await fn();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const start = performance.now();
		await fn();
		times.push(performance.now() - start);
	}
	return { name, runs: times, median: median(times), min: Math.min(...times), max: Math.max(...times) };
}

/** Like measure, with an untimed setup before each pass whose result the timed part receives. */
export async function measureWith<C>(name: string, runs: number, setup: () => Promise<C>, fn: (context: C) => unknown | Promise<unknown>): Promise<Measure> {
	await fn(await setup());
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const context = await setup();
		const start = performance.now();
		await fn(context);
		times.push(performance.now() - start);
	}
	return { name, runs: times, median: median(times), min: Math.min(...times), max: Math.max(...times) };
}

export function report(m: Measure, unit = 'ms'): string {
	return `${m.name.padEnd(58)} médiane ${m.median.toFixed(1).padStart(9)} ${unit}  (min ${m.min.toFixed(1)}, max ${m.max.toFixed(1)}, ${m.runs.length} passes)`;
}

/** One measurement as `npm run bench -- --json` prints it, one JSON object a line. */
export interface Result {
	suite: string;
	name: string;
	median_ms?: number;
	bytes?: number;
	score?: number;
	runs: number;
	/** What the figure is compared with, and figure ÷ baseline. */
	baseline?: string;
	baseline_value?: number;
	ratio?: number;
	/** The target, in the same unit, where there is one. */
	target?: number;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Where a suite puts its figures: readable lines by default, or one JSON object per measurement
 * with `--json`, so that runs of several commits can be compared by a script.
 */
export class Output {
	readonly results: Result[] = [];

	constructor(
		readonly suite: string,
		private readonly json: boolean
	) {}

	/** A timing, with its baseline (a ratio is printed) and its target where there is one. */
	time(m: Measure, options: { baseline?: Measure; target?: number } = {}): void {
		const { baseline, target } = options;
		this.emit(
			{ name: m.name, median_ms: round(m.median), runs: m.runs.length, target, ...(baseline && { baseline: baseline.name, baseline_value: round(baseline.median), ratio: round(m.median / baseline.median, 2) }) },
			report(m) + (baseline ? `\n  ratio à « ${baseline.name} » : ${(m.median / baseline.median).toFixed(2)}` : '') + (target !== undefined ? `  (cible ≤ ${target} ms)` : '')
		);
	}

	bytes(name: string, bytes: number, target?: number): void {
		this.emit({ name, bytes, runs: 1, target }, `${name.padEnd(58)} ${(bytes / 1024).toFixed(1).padStart(9)} Ko gzip` + (target !== undefined ? `  (cible ≤ ${(target / 1024).toFixed(0)} Ko)` : ''));
	}

	score(name: string, scores: number[], target?: number): void {
		const value = median(scores);
		this.emit({ name, score: value, runs: scores.length, target }, `${name.padEnd(58)} ${String(value).padStart(9)}  (${scores.join(', ')})` + (target !== undefined ? `  (cible ≥ ${target})` : ''));
	}

	/** A figure in another unit (req/s…), kept in the JSON under `median_ms` only when it is a time. */
	value(name: string, value: number, unit: string, runs: number, extra: Partial<Result> = {}): void {
		this.emit({ name: `${name} (${unit})`, runs, score: round(value, 3), ...extra }, `${name.padEnd(58)} ${round(value, 3).toString().padStart(9)} ${unit}`);
	}

	/** An explanation under the figures; not printed with --json. */
	note(text: string): void {
		if (!this.json) console.info(`  ${text}`);
	}

	private emit(result: Omit<Result, 'suite'>, line: string): void {
		const full = { suite: this.suite, ...Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined)) } as Result;
		this.results.push(full);
		console.info(this.json ? JSON.stringify(full) : line);
	}
}

/** A small deterministic PRNG, so that every run measures the same generated data. */
export function mulberry32(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Runs a database measurement on PostgreSQL when scripts/bench.sh found one (BENCH_DATABASE_URL),
 * then on PGlite in memory; each migrated, each closed afterwards.
 */
export async function onEachDatabase(out: Output, run: (label: 'PostgreSQL' | 'PGlite', handle: DatabaseHandle) => Promise<void>): Promise<void> {
	const url = process.env.BENCH_DATABASE_URL;
	if (url) {
		const handle = await openDatabase({ databaseUrl: url });
		try {
			await migrate(handle.db);
			await run('PostgreSQL', handle);
		} finally {
			await handle.close();
		}
	} else out.note('PostgreSQL : non mesuré (BENCH_DATABASE_URL absent)');
	const memory = await openDatabase({ dataDir: 'memory://' });
	try {
		await migrate(memory.db);
		await run('PGlite', memory);
	} finally {
		await memory.close();
	}
}
