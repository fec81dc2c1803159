import { describe, expect, it } from 'vitest';

describe('the pinned process zone', () => {
	it('is the one this project runs under, so that the other tests really ran in it', () => {
		const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
		expect(zone).toBe(process.env.TZ === 'UTC' ? 'UTC' : process.env.TZ);
	});
});
