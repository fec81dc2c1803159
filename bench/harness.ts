import { performance } from 'node:perf_hooks';

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
