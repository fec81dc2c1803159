import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The slowest files first, so that two workers end together: on a fresh clone there is no timing
 * of an earlier run to sort by, and the command-line tests (a process per command) alone outlast
 * half the rest.
 */
const SLOW_FIRST = ['admin-cli', 'sync-property', 'sync-server', 'imports'];

export default class SlowFirst extends BaseSequencer {
	override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
		const sorted = await super.sort(files);
		const rank = (f: TestSpecification) => {
			const i = SLOW_FIRST.findIndex((name) => f.moduleId.endsWith(`/${name}.test.ts`));
			return i === -1 ? SLOW_FIRST.length : i;
		};
		return sorted.map((f, i) => [f, i] as const).sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j).map(([f]) => f);
	}
}
