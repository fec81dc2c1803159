import { describe, expect, it } from 'vitest';
import { Bound } from '../../../src/lib/server/fhir/editor-client';

describe('a bound on requests at once', () => {
	it('runs at most its size together, lets the others through in order, and frees its place on failure', async () => {
		const bound = new Bound(3);
		let running = 0;
		let most = 0;
		const started: number[] = [];
		const gates: (() => void)[] = [];
		const tasks = Array.from({ length: 10 }, (_, i) =>
			bound
				.run(async () => {
					started.push(i);
					running++;
					most = Math.max(most, running);
					await new Promise<void>((resolve) => gates.push(resolve));
					running--;
					if (i === 4) throw new Error('panne');
					return i;
				})
				.catch((error: Error) => error.message)
		);
		// Release one waiting task at a time until all are done.
		while (gates.length < 10 || gates.some(Boolean)) {
			await new Promise((resolve) => setTimeout(resolve, 0));
			const next = gates.findIndex(Boolean);
			if (next >= 0) {
				gates[next]!();
				delete gates[next];
			}
			if (started.length === 10 && gates.every((g) => !g)) break;
		}
		expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 'panne', 5, 6, 7, 8, 9]);
		expect(most).toBe(3);
		expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
	});
});
