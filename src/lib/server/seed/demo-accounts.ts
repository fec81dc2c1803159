import { demoId } from '$lib/demo';
import type { NewAccount } from '$lib/domain/schemas';

/** One account per role, listed with their passwords in the README; they sign in only in demo mode. */
export const DEMO_ACCOUNTS: (NewAccount & { password: string })[] = [
	{ email: 'comptes.vaucluse@agenda-sas.test', password: 'demo-comptes-84', firstName: 'Inès', lastName: 'Garnier', role: 'accountManager', structureIds: [], territory: '84' },
	{ email: 'cpts.comtat@agenda-sas.test', password: 'demo-cpts-comtat', firstName: 'Bruno', lastName: 'Lacroix', role: 'structureManager', structureIds: [demoId('structure:cpts-comtat')], territory: '84' },
	{ email: 'cpts.azur@agenda-sas.test', password: 'demo-cpts-azur-06', firstName: 'Nadia', lastName: 'Ferreira', role: 'structureManager', structureIds: [demoId('structure:cpts-azur')], territory: '06' },
	{ email: 'msp.ventoux@agenda-sas.test', password: 'demo-msp-ventoux', firstName: 'Odile', lastName: 'Brun', role: 'structureManager', structureIds: [demoId('structure:msp-ventoux')], territory: '84' },
	{ email: 'sos.avignon@agenda-sas.test', password: 'demo-sos-avignon', firstName: 'Karim', lastName: 'Haddad', role: 'structureManager', structureIds: [demoId('structure:sos-avignon')], territory: '84' },
	{ email: 'secretariat.chartreux@agenda-sas.test', password: 'demo-cds-chartreux', firstName: 'Sylvie', lastName: 'Marchetti', role: 'structureManager', structureIds: [demoId('structure:cds-chartreux')], territory: '13' },
	{ email: 'regulation.vaucluse@agenda-sas.test', password: 'demo-regulation-84', firstName: 'Paul', lastName: 'Renaud', role: 'regulator', structureIds: [], territory: '84' },
	{ email: 'responsable.regulation.vaucluse@agenda-sas.test', password: 'demo-responsable-84', firstName: 'Hélène', lastName: 'Mercier', role: 'regulator', structureIds: [], territory: '84', regulationHead: true }
];
