import { afterAll, beforeAll, vi } from 'vitest';

/**
 * Pins the process's clock (Date only, timers run as usual) for a test file whose data sits on fixed
 * dates: the rules that depend on the day (nothing new in the past, nor more than a year ahead) then
 * hold whatever the day the tests run.
 */
export function pinClock(iso: string): void {
	beforeAll(() => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(new Date(iso));
	});
	afterAll(() => {
		vi.useRealTimers();
	});
}
