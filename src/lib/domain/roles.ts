/** The platform's roles and their French names: no schema library, so that any page may import them. */
export const ROLES = ['practitioner', 'structureManager', 'accountManager', 'regulator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
	practitioner: 'Effecteur',
	structureManager: 'Gestionnaire de structure',
	accountManager: 'Gestionnaire de comptes',
	regulator: 'Régulateur / OSNP'
};
