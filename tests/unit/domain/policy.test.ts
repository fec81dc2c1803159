import { describe, expect, it } from 'vitest';
import {
	authorizeAccount,
	authorizeDirectory,
	authorizePractitioner,
	authorizePractitionerRecord,
	authorizeStructure,
	type AccountAction,
	type PractitionerRecordChange,
	type Actor,
	type PractitionerAction,
	type PractitionerResource,
	type StructureAction,
	type StructureResource
} from '../../../src/lib/domain/policy';
import type { ParticipationSettings } from '../../../src/lib/domain/schemas';

const COMTAT = { id: 's-comtat', kind: 'CPTS', territory: '84' } as const;
const AZUR = { id: 's-azur', kind: 'CPTS', territory: '06' } as const;
const VENTOUX = { id: 's-ventoux', kind: 'MSP', territory: '84' } as const;
const SOS = { id: 's-sos', kind: 'SOS', territory: '84' } as const;
const CDS = { id: 's-cds', kind: 'CDS', territory: '13' } as const;

function actor(role: Actor['role'], extra: Partial<Actor> = {}): Actor {
	return { accountId: `a-${role}`, role, disabled: false, practitionerId: null, structures: [], territory: null, ...extra };
}

const ACTORS: Record<string, Actor | null> = {
	anonymous: null,
	'doctor B (self)': actor('practitioner', { practitionerId: 'p-comtat-manual' }),
	'CPTS Comtat manager': actor('structureManager', { structures: [COMTAT] }),
	'CPTS Azur manager': actor('structureManager', { structures: [AZUR] }),
	'MSP manager': actor('structureManager', { structures: [VENTOUX] }),
	'SOS manager': actor('structureManager', { structures: [SOS] }),
	'CDS secretary': actor('structureManager', { structures: [CDS] }),
	'account manager 84': actor('accountManager', { territory: '84' }),
	regulator: actor('regulator', { territory: '84' }),
	'disabled CPTS Comtat manager': actor('structureManager', { structures: [COMTAT], disabled: true })
};

type Settings = Pick<ParticipationSettings, 'participates' | 'mode' | 'structureId' | 'usesSoftware' | 'refusesEditorSlots'>;
const manual = (mode: Settings['mode'], structureId: string | null): Settings => ({ participates: true, mode, structureId, usesSoftware: false, refusesEditorSlots: false });

const PRACTITIONERS: Record<string, PractitionerResource> = {
	'individual, manual': { type: 'practitioner', id: 'p-individual', healthCentreId: null, participation: manual('individual', null) },
	'via Comtat, manual': { type: 'practitioner', id: 'p-comtat-manual', healthCentreId: null, participation: manual('cpts', COMTAT.id) },
	'via Comtat, interfaced': {
		type: 'practitioner',
		id: 'p-comtat-interfaced',
		healthCentreId: null,
		participation: { ...manual('cpts', COMTAT.id), usesSoftware: true }
	},
	'via Comtat, editor slots refused': {
		type: 'practitioner',
		id: 'p-comtat-refused',
		healthCentreId: null,
		participation: { ...manual('cpts', COMTAT.id), usesSoftware: true, refusesEditorSlots: true }
	},
	'via Comtat, not participating': { type: 'practitioner', id: 'p-comtat-out', healthCentreId: null, participation: { ...manual('cpts', COMTAT.id), participates: false } },
	'via Azur, manual': { type: 'practitioner', id: 'p-azur', healthCentreId: null, participation: manual('cpts', AZUR.id) },
	'via MSP, manual': { type: 'practitioner', id: 'p-msp', healthCentreId: null, participation: manual('msp', VENTOUX.id) },
	'via SOS, manual': { type: 'practitioner', id: 'p-sos', healthCentreId: null, participation: manual('sos', SOS.id) },
	'"via MSP" naming the CPTS': { type: 'practitioner', id: 'p-mismatch', healthCentreId: null, participation: manual('msp', COMTAT.id) },
	'CDS doctor': { type: 'practitioner', id: 'p-cds', healthCentreId: CDS.id, participation: null },
	'no settings yet': { type: 'practitioner', id: 'p-new', healthCentreId: null, participation: null }
};

// R read · W agenda write · P participation write · A addresses write · H history (audit)
const CODES: Record<string, PractitionerAction> = {
	R: 'practitioner.read',
	W: 'agenda.write',
	P: 'participation.write',
	A: 'addresses.write',
	H: 'audit.read'
};

/** For each actor, the actions allowed on each practitioner ("" = none). */
const EXPECTED: Record<string, Record<string, string>> = {
	anonymous: {},
	'doctor B (self)': { 'via Comtat, manual': 'RWPAH' },
	'CPTS Comtat manager': {
		'via Comtat, manual': 'RWH',
		'via Comtat, interfaced': 'RH',
		'via Comtat, editor slots refused': 'RWH'
	},
	'CPTS Azur manager': { 'via Azur, manual': 'RWH' },
	'MSP manager': { 'via MSP, manual': 'RWH' },
	'SOS manager': { 'via SOS, manual': 'RWH' },
	'CDS secretary': { 'CDS doctor': 'RWAH' },
	'account manager 84': {},
	regulator: {},
	'disabled CPTS Comtat manager': {}
};

describe('authorizePractitioner: every role × every action', () => {
	for (const [actorName, who] of Object.entries(ACTORS)) {
		for (const [resourceName, resource] of Object.entries(PRACTITIONERS)) {
			const allowed = EXPECTED[actorName]![resourceName] ?? '';
			it(`${actorName} on a doctor ${resourceName}: ${allowed || 'nothing'}`, () => {
				const actual = Object.entries(CODES)
					.filter(([, action]) => authorizePractitioner(who, action, resource).allowed)
					.map(([code]) => code)
					.join('');
				expect(actual).toBe(allowed);
			});
		}
	}

	it('says why, in French, when it refuses', () => {
		const cpts = ACTORS['CPTS Comtat manager']!;
		expect(authorizePractitioner(cpts, 'agenda.write', PRACTITIONERS['via Comtat, interfaced']!)).toEqual({
			allowed: false,
			reason: 'Ce professionnel utilise un logiciel de prise de rendez-vous interfacé : ses créneaux ne se modifient que dans ce logiciel.'
		});
		expect(authorizePractitioner(cpts, 'practitioner.read', PRACTITIONERS['individual, manual']!)).toEqual({
			allowed: false,
			reason: 'Ce professionnel ne participe pas au SAS via une de vos structures.'
		});
		expect(authorizePractitioner(cpts, 'participation.write', PRACTITIONERS['via Comtat, manual']!)).toMatchObject({
			reason: 'Seul le professionnel modifie ses paramètres de participation au SAS.'
		});
		expect(authorizePractitioner(ACTORS['disabled CPTS Comtat manager']!, 'practitioner.read', PRACTITIONERS['via Comtat, manual']!)).toMatchObject({
			reason: 'Ce compte est désactivé.'
		});
	});
});

const STRUCTURES: Record<string, StructureResource> = {
	'CPTS Comtat': { type: 'structure', ...COMTAT },
	'CPTS Azur': { type: 'structure', ...AZUR },
	CDS: { type: 'structure', ...CDS }
};
const STRUCTURE_CODES: Record<string, StructureAction> = {
	M: 'structure.members.read',
	I: 'structure.indicators.read',
	P: 'structure.participation.write',
	C: 'structure.practitioner.create'
};
const EXPECTED_STRUCTURES: Record<string, Record<string, string>> = {
	'CPTS Comtat manager': { 'CPTS Comtat': 'MI' },
	'CPTS Azur manager': { 'CPTS Azur': 'MI' },
	'CDS secretary': { CDS: 'MIPC' },
	'account manager 84': { 'CPTS Comtat': 'MI' }
};

describe('authorizeStructure: every role × every action', () => {
	for (const [actorName, who] of Object.entries(ACTORS)) {
		for (const [structureName, structure] of Object.entries(STRUCTURES)) {
			const allowed = EXPECTED_STRUCTURES[actorName]?.[structureName] ?? '';
			it(`${actorName} on ${structureName}: ${allowed || 'nothing'}`, () => {
				const actual = Object.entries(STRUCTURE_CODES)
					.filter(([, action]) => authorizeStructure(who, action, structure).allowed)
					.map(([code]) => code)
					.join('');
				expect(actual).toBe(allowed);
			});
		}
	}
});

describe('authorizeAccount: every role × every action', () => {
	const ACTIONS: AccountAction[] = ['account.read', 'account.create', 'account.invite', 'account.disable'];
	const comtatManager = { type: 'account', id: 'a-x', role: 'structureManager', territory: null, structureTerritories: ['84'] } as const;
	const azurManager = { ...comtatManager, structureTerritories: ['06'] };
	const twoTerritories = { ...comtatManager, structureTerritories: ['84', '06'] };
	const regulator84 = { type: 'account', id: 'a-r', role: 'regulator', territory: '84', structureTerritories: [] } as const;
	const self = { type: 'account', id: 'a-accountManager', role: 'accountManager', territory: '84', structureTerritories: [] } as const;

	it.each([
		['account manager 84', comtatManager, 'account.read account.create account.invite account.disable'],
		['account manager 84', regulator84, 'account.read account.create account.invite account.disable'],
		['account manager 84', azurManager, ''],
		['account manager 84', twoTerritories, ''],
		['account manager 84', self, 'account.read account.create'],
		['CPTS Comtat manager', comtatManager, ''],
		['regulator', regulator84, ''],
		['doctor B (self)', comtatManager, ''],
		['anonymous', comtatManager, '']
	] as const)('%s on %j: %s', (actorName, resource, allowed) => {
		const actual = ACTIONS.filter((action) => authorizeAccount(ACTORS[actorName]!, action, resource).allowed).join(' ');
		expect(actual).toBe(allowed);
	});

	it('refuses everything to a disabled account manager', () => {
		const disabled = { ...ACTORS['account manager 84']!, disabled: true };
		expect(ACTIONS.map((action) => authorizeAccount(disabled, action, comtatManager).allowed)).toEqual([false, false, false, false]);
	});
});

describe('authorizeDirectory', () => {
	it('lets every active account read the directory of structures, and nobody else', () => {
		const allowed = Object.entries(ACTORS).filter(([, who]) => authorizeDirectory(who).allowed).map(([name]) => name);
		expect(allowed.sort()).toEqual(Object.keys(ACTORS).filter((name) => name !== 'anonymous' && !name.startsWith('disabled')).sort());
	});
});

describe('authorizePractitionerRecord: a record is decided on the stored row, and on the proposed one', () => {
	const CDS_RESOURCE: StructureResource = { type: 'structure', ...CDS };
	const OTHER_CDS: StructureResource = { type: 'structure', id: 's-cds-2', kind: 'CDS', territory: '13' };
	const stored = (name: keyof typeof PRACTITIONERS, centre: StructureResource | null = null) => ({ practitioner: PRACTITIONERS[name]!, centre });
	// c create · u update · d delete
	const CASES: [string, string, PractitionerRecordChange, string][] = [
		// Point 1 of the hardening: naming one's own centre in another doctor's record grants nothing.
		['CDS secretary', 'another doctor’s record, proposing her own centre', { stored: stored('via Comtat, manual'), proposedCentre: CDS_RESOURCE }, ''],
		['CDS secretary', 'another doctor’s record, unchanged centre', { stored: stored('via Comtat, manual'), proposedCentre: null }, ''],
		['CDS secretary', 'a new doctor of her centre', { stored: null, proposedCentre: CDS_RESOURCE }, 'c'],
		['CDS secretary', 'a new doctor of another centre', { stored: null, proposedCentre: OTHER_CDS }, ''],
		['CDS secretary', 'a new doctor of a centre that does not exist', { stored: null, proposedCentre: 'missing' }, ''],
		['CDS secretary', 'a new doctor with no centre', { stored: null, proposedCentre: null }, ''],
		['CDS secretary', 'her centre’s doctor', { stored: stored('CDS doctor', CDS_RESOURCE), proposedCentre: CDS_RESOURCE }, 'u'],
		['CDS secretary', 'her centre’s doctor, deleted', { stored: stored('CDS doctor', CDS_RESOURCE) }, ''],
		['CDS secretary', 'her centre’s doctor moved to another centre', { stored: stored('CDS doctor', CDS_RESOURCE), proposedCentre: OTHER_CDS }, ''],
		// Point 3: once the doctor refused the centre's claim, the record has no centre: the centre is out.
		['CDS secretary', 'a doctor who refused her centre', { stored: stored('no settings yet'), proposedCentre: null }, ''],
		['doctor B (self)', 'own record', { stored: stored('via Comtat, manual'), proposedCentre: null }, 'u'],
		['doctor B (self)', 'own record, claiming a centre', { stored: stored('via Comtat, manual'), proposedCentre: CDS_RESOURCE }, ''],
		['doctor B (self)', 'another doctor’s record', { stored: stored('individual, manual'), proposedCentre: null }, ''],
		['CPTS Comtat manager', 'a member’s record', { stored: stored('via Comtat, manual'), proposedCentre: null }, ''],
		['account manager 84', 'a record', { stored: stored('via Comtat, manual'), proposedCentre: null }, ''],
		['anonymous', 'a new doctor of the centre', { stored: null, proposedCentre: CDS_RESOURCE }, ''],
		['disabled CPTS Comtat manager', 'a member’s record', { stored: stored('via Comtat, manual'), proposedCentre: null }, '']
	];
	it.each(CASES)('%s, %s: %s', (actorName, _, change, allowed) => {
		const decision = authorizePractitionerRecord(ACTORS[actorName]!, change);
		const code = change.stored === null ? 'c' : change.proposedCentre === undefined ? 'd' : 'u';
		expect(decision.allowed ? code : '').toBe(allowed);
	});
});
