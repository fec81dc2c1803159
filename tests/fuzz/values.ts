import fc from 'fast-check';

/**
 * Values a hostile or broken client sends: control and invisible characters, broken UTF-16,
 * huge and odd numbers, dates and instants at the edges of what databases and Temporal take.
 */
export const NASTY_STRINGS = [
	'',
	' ',
	'\u0000',
	'a\u0000b',
	'\ud800',
	'x\udc00y',
	'\u202eDupont\u202c',
	'\u2066abc\u2069',
	'\u200b',
	'\ufeff',
	'𝕏𝕐',
	'<script>alert(1)</script>',
	"' OR 1=1 --",
	'%00',
	'../../etc/passwd',
	'a'.repeat(5_000),
	'0000-01-01',
	'9999-12-31',
	'2026-02-30',
	'2026-13-01',
	'24:00',
	'23:60',
	'0000-01-01T00:00:00Z',
	'9999-12-31T23:59:59Z',
	'2026-03-29T02:30:00+99:99',
	'2026-03-29T02:30:00+16:00',
	'2026-03-29T02:30:00.123456789012Z',
	'2026-03-29T02:30:00',
	'00000000-0000-0000-0000-000000000000',
	'not-a-uuid',
	'FREQ=DAILY',
	'FREQ=WEEKLY;BYDAY=XX',
	'FREQ=WEEKLY;BYDAY=MO;UNTIL=00000101'
];

export const NASTY_NUMBERS = [-1, 0, 1.5, 1e308, -1e308, 2 ** 53, 2 ** 31, -(2 ** 31) - 1, 49, 50, 51, 101];

export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
	{ weight: 5, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
	{ weight: 2, arbitrary: fc.constantFrom(...NASTY_NUMBERS) },
	{ weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { a: 1 }) },
	{ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
	{ weight: 1, arbitrary: fc.integer() },
	{ weight: 1, arbitrary: fc.double() }
);

/** Replaces, at random, one field of a JSON value (at any depth) by a nasty value, or drops it. */
export function mutate(value: unknown, pick: number, replacement: unknown, drop: boolean): unknown {
	const paths: (string | number)[][] = [];
	const walk = (v: unknown, path: (string | number)[]) => {
		if (path.length) paths.push(path);
		if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...path, i]));
		else if (v && typeof v === 'object') for (const key of Object.keys(v)) walk((v as Record<string, unknown>)[key], [...path, key]);
	};
	walk(value, []);
	if (paths.length === 0) return replacement;
	const path = paths[pick % paths.length]!;
	const copy = structuredClone(value) as Record<string | number, unknown>;
	let parent: Record<string | number, unknown> = copy;
	for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
	const last = path.at(-1)!;
	if (drop && !Array.isArray(parent)) delete parent[last];
	else parent[last] = replacement;
	return copy;
}
