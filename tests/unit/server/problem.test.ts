import { describe, expect, it } from 'vitest';
import { z } from '../../../src/lib/domain/zod';
import { invalid } from '../../../src/lib/server/http/problem';

describe('a 422 says which field and why', () => {
	const schema = z.object({ time: z.string().regex(/^\d\d:(00|15|30|45)$/, { error: 'Indiquez un quart d’heure (ex. : 18:15)' }), date: z.string().min(10, { error: 'Date au format AAAA-MM-JJ' }) });

	it.each<[string, unknown, string]>([
		['one field', { time: '18:10', date: '2026-12-07' }, 'Donnée(s) invalide(s) — time : Indiquez un quart d’heure (ex. : 18:15)'],
		['two fields', { time: '18:10', date: '7/12' }, 'Donnée(s) invalide(s) — time : Indiquez un quart d’heure (ex. : 18:15) (et 1 autre champ)']
	])('%s', (_, body, detail) => {
		const parsed = schema.safeParse(body);
		if (parsed.success) throw new Error('should not parse');
		const problem = invalid(parsed.error, 'Donnée(s) invalide(s)').toJSON() as { status: number; detail: string; errors: Record<string, string[]> };
		expect(problem.status).toBe(422);
		expect(problem.detail).toBe(detail);
		expect(problem.errors.time).toEqual(['Indiquez un quart d’heure (ex. : 18:15)']);
	});
});
