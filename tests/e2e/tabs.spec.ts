import { createAvailability, demoDoctor, expect, nextWeek, occurrence, showNextWeek, signInWithPsc, SYNCED, syncStatus, test } from './fixtures';

test('two tabs of one account: one syncs at a time, and each sees what the other wrote', async ({ context, page }) => {
	const doctor = demoDoctor(1);
	await signInWithPsc(page, doctor);
	const second = await context.newPage();
	await second.goto('/agenda');
	for (const tab of [page, second]) {
		await expect(syncStatus(tab)).toHaveText(SYNCED);
		await showNextWeek(tab);
	}

	// Pushes take half a second: two tabs syncing at once would surely overlap.
	await context.route('**/api/sync/push', async (route) => {
		await new Promise((resolve) => setTimeout(resolve, 500));
		await route.continue();
	});
	// Every push and pull with its start and end, whichever tab sent it.
	const calls: { url: string; start: number; end: number }[] = [];
	const started = new Map<object, number>();
	context.on('request', (request) => {
		if (request.url().includes('/api/sync/')) started.set(request, Date.now());
	});
	context.on('requestfinished', (request) => {
		const start = started.get(request);
		if (start !== undefined) calls.push({ url: request.url(), start, end: Date.now() });
	});

	await Promise.all([
		createAvailability(page, { date: nextWeek(7), start: '13:00', end: '14:00' }),
		createAvailability(second, { date: nextWeek(7), start: '15:00', end: '16:00' })
	]);
	for (const tab of [page, second]) {
		await expect(syncStatus(tab)).toHaveText(SYNCED);
		// Written in the other tab, shown here without reloading (IndexedDB is shared, live queries follow it).
		await expect(occurrence(tab, '13:00 – 14:00')).toBeVisible();
		await expect(occurrence(tab, '15:00 – 16:00')).toBeVisible();
	}
	expect(calls.filter((c) => c.url.includes('/push')).length).toBeGreaterThan(0);
	// Rounds never overlap: the Web Lock lets one tab sync at a time.
	const sorted = [...calls].sort((a, b) => a.start - b.start);
	const pushes = sorted.filter((c) => c.url.includes('/push'));
	for (let i = 1; i < pushes.length; i++) expect(pushes[i]!.start).toBeGreaterThanOrEqual(pushes[i - 1]!.end);
});
