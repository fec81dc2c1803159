/** Half-open intervals [start, end) of epoch milliseconds. */
export interface Interval {
	start: number;
	end: number;
}

/** Sorted, disjoint, non-adjacent intervals covering exactly what the inputs cover. */
export function union(intervals: readonly Interval[]): Interval[] {
	const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
	const result: Interval[] = [];
	for (const { start, end } of sorted) {
		const last = result[result.length - 1];
		if (last && start <= last.end) last.end = Math.max(last.end, end);
		else result.push({ start, end });
	}
	return result;
}

/** What remains of `interval` once every one of `holes` is taken out of it. */
export function subtract(interval: Interval, holes: readonly Interval[]): Interval[] {
	let pieces: Interval[] = [interval];
	for (const hole of holes) {
		if (hole.end <= interval.start || hole.start >= interval.end) continue;
		pieces = pieces.flatMap((piece) => {
			if (hole.end <= piece.start || hole.start >= piece.end) return [piece];
			const kept: Interval[] = [];
			if (hole.start > piece.start) kept.push({ start: piece.start, end: hole.start });
			if (hole.end < piece.end) kept.push({ start: hole.end, end: piece.end });
			return kept;
		});
	}
	return pieces;
}

export function clip(interval: Interval, bounds: Interval): Interval | null {
	const start = Math.max(interval.start, bounds.start);
	const end = Math.min(interval.end, bounds.end);
	return end > start ? { start, end } : null;
}

export function overlaps(a: Interval, b: Interval): boolean {
	return a.start < b.end && b.start < a.end;
}

export function totalLength(intervals: readonly Interval[]): number {
	return intervals.reduce((sum, i) => sum + (i.end - i.start), 0);
}
