import { describe, expect, it } from 'vitest';
import { agreed, ENTITY_LABELS } from '../../../src/lib/ui/describe';

describe('what follows a label agrees with it', () => {
	it.each([
		['account', 'créé', 'créé'],
		['addresses', 'créé', 'créé'],
		['participationSettings', 'modifié', 'modifiés'],
		['complementaryInfo', 'créé', 'créées'],
		['availabilities', 'supprimé', 'supprimée'],
		['orientations', 'modifié', 'modifié']
	])('%s: %s → %s', (entity, participle, expected) => {
		expect(agreed(entity, participle)).toBe(expected);
	});

	it('knows every synced entity', () => {
		for (const entity of Object.keys(ENTITY_LABELS)) expect(['créé', 'créée', 'créés', 'créées']).toContain(agreed(entity, 'créé'));
	});
});
