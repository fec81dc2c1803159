import { describe, expect, it } from 'vitest';
import {
	isMemberOf,
	keepsManualAgenda,
	matchesSearch,
	memberCounts,
	sortMembers,
	summarizeMember,
	type MembershipFacts,
	type MemberSummary
} from '../../../src/lib/domain/members';
import type { Practitioner } from '../../../src/lib/domain/schemas';
import { newId } from '../../../src/lib/domain/ids';
import { availability, participation, unavailability } from '../../factories';

const CPTS = { id: newId(), kind: 'CPTS' as const };
const OTHER_CPTS = { id: newId(), kind: 'CPTS' as const };
const MSP = { id: newId(), kind: 'MSP' as const };
const CDS = { id: newId(), kind: 'CDS' as const };

const via = (mode: 'individual' | 'cpts' | 'msp' | 'sos', structureId: string | null, participates = true): MembershipFacts => ({
	healthCentreId: null,
	participation: { participates, mode, structureId }
});

describe('isMemberOf: who appears in a structure’s list (seed 002)', () => {
	it.each<[string, { id: string; kind: 'CPTS' | 'MSP' | 'CDS' }, MembershipFacts, boolean]>([
		['via ma CPTS, this CPTS', CPTS, via('cpts', CPTS.id), true],
		['via ma CPTS, another CPTS', CPTS, via('cpts', OTHER_CPTS.id), false],
		['à titre individuel', CPTS, via('individual', null), false],
		['via ma MSP (the MSP is not this CPTS)', CPTS, via('msp', MSP.id), false],
		['via ma MSP, seen by the MSP', MSP, via('msp', MSP.id), true],
		['a mode that does not match the structure’s kind', MSP, via('cpts', MSP.id), false],
		['no longer participating', CPTS, via('cpts', CPTS.id, false), false],
		['no settings yet', CPTS, { healthCentreId: null, participation: null }, false],
		['a doctor of the health centre', CDS, { healthCentreId: CDS.id, participation: null }, true],
		['a doctor of another health centre', CDS, { healthCentreId: newId(), participation: null }, false],
		['a CDS doctor never shows in a CPTS list', CPTS, { healthCentreId: CDS.id, participation: { participates: true, mode: 'cpts', structureId: CPTS.id } }, false],
		['a CPTS member is not a CDS doctor', CDS, via('cpts', CDS.id), false]
	])('%s → %s', (_, structure, facts, expected) => {
		expect(isMemberOf(structure, facts)).toBe(expected);
	});
});

function practitioner(lastName: string, firstName: string, registeredAt: string | null, specialties: Practitioner['specialties'] = ['Médecine générale']): Practitioner {
	return { id: newId(), rpps: '10102345674', lastName, firstName, specialties, phone: null, registeredAt, healthCentreId: null };
}

const THIS_WEEK = '2026-11-23';
const NEXT_WEEK = '2026-11-30';

function member(p: Practitioner, minutes: number, options: { leave?: boolean; interfaced?: boolean } = {}): MemberSummary {
	const end = `${String(18 + Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
	return summarizeMember(
		{
			practitioner: p,
			participation: participation({ practitionerId: p.id, participates: true, mode: 'cpts', structureId: CPTS.id, usesSoftware: options.interfaced === true, software: options.interfaced ? ['Doctolib'] : [], honourDeclaration: !options.interfaced }),
			availabilities: minutes ? [availability({ practitionerId: p.id, date: THIS_WEEK, start: '18:00', end })] : [],
			unavailabilities: options.leave ? [unavailability({ practitionerId: p.id })] : [],
			timeZone: 'Europe/Paris'
		},
		[THIS_WEEK, NEXT_WEEK]
	);
}

const helene = member(practitioner('Évrard', 'Hélène', '2024-05-15', ['Médecine du sport', 'Médecine générale']), 150);
const bruno = member(practitioner('Arnaud', 'Bruno', '2024-06-27'), 60);
// Her hour of this week falls in her declared leave: hidden, so the week reads « Indisponibilité déclarée ».
const chloe = member(practitioner('Dubois', 'Chloé', null), 60, { leave: true });
const denis = member(practitioner('Carré', 'Denis', '2023-01-02'), 120, { interfaced: true });
const all = [helene, bruno, chloe, denis];

describe('keepsManualAgenda', () => {
	const member = (participation: { usesSoftware: boolean | null; refusesEditorSlots: boolean } | null, healthCentreId: string | null = null) => ({
		healthCentreId,
		participation: participation && { participates: true, mode: 'cpts' as const, structureId: CPTS.id, ...participation }
	});
	it.each<[string, ReturnType<typeof member>, boolean]>([
		['a new doctor without settings: manual, never « Créneaux via son logiciel »', member(null), true],
		['software not answered yet', member({ usesSoftware: null, refusesEditorSlots: false }), true],
		['no software', member({ usesSoftware: false, refusesEditorSlots: false }), true],
		['interfaced software', member({ usesSoftware: true, refusesEditorSlots: false }), false],
		['software, editor slots refused', member({ usesSoftware: true, refusesEditorSlots: true }), true],
		['a health-centre doctor', member({ usesSoftware: true, refusesEditorSlots: false }, CDS.id), true]
	])('%s → %s', (_, facts, expected) => {
		expect(keepsManualAgenda(facts)).toBe(expected);
	});
});

describe('summarizeMember', () => {
	it('checks this week and next week with the weekly rule', () => {
		expect(helene.weeks.map((w) => [w.weekStart, w.minutes, w.status])).toEqual([
			[THIS_WEEK, 150, 'ok'],
			[NEXT_WEEK, 0, 'short']
		]);
		expect(chloe.weeks[0]!.status).toBe('leave');
		expect(bruno.name).toBe('Dr Bruno Arnaud');
	});

	it('dates « Inscrit le » from the declaration of participation, else from the record', () => {
		const declared = summarizeMember(
			{ practitioner: practitioner('Lopez', 'Inès', '2023-01-01'), participation: participation({ declaredAt: '2024-06-27' }), availabilities: [], unavailabilities: [], timeZone: 'Europe/Paris' },
			[THIS_WEEK]
		);
		expect(declared.registeredAt).toBe('2024-06-27');
		expect(bruno.registeredAt).toBe('2024-06-27');
	});

	it('says whether the structure may edit the agenda', () => {
		expect(helene.manual).toBe(true);
		expect(denis.manual).toBe(false);
	});
});

describe('searching the member list', () => {
	it.each([
		['', 4],
		['helene', 1],
		['HÉLÈNE évrard', 1],
		['dr', 4],
		['sport', 1],
		['générale', 4],
		['10102345674', 4],
		['carre denis', 1],
		['nobody', 0]
	])('« %s » finds %i', (query, count) => {
		expect(all.filter((m) => matchesSearch(m, query))).toHaveLength(count);
	});
});

describe('sorting the member list', () => {
	const names = (list: MemberSummary[]) => list.map((m) => m.practitioner.lastName);
	it('by name, accents ignored', () => {
		expect(names(sortMembers(all, 'name'))).toEqual(['Arnaud', 'Carré', 'Dubois', 'Évrard']);
	});
	it('by registration date, newest first, unknown last', () => {
		expect(names(sortMembers(all, 'registeredAt'))).toEqual(['Arnaud', 'Évrard', 'Carré', 'Dubois']);
	});
	it('whom to call first: short this week (fewest minutes first), then on leave, then fine, then those whose software shows their slots', () => {
		expect(names(sortMembers(all, 'status'))).toEqual(['Arnaud', 'Dubois', 'Évrard', 'Carré']);
	});
});

describe('memberCounts', () => {
	it('counts members, manual and interfaced agendas, and the share of manual agendas meeting the target this week', () => {
		// Denis (interfaced) shows 2 h in the SAS agenda, but his slots come from his software: the
		// 2-hour rule is about the manual agenda, so only Hélène of the three manual agendas counts.
		expect(memberCounts(all)).toEqual({ members: 4, manual: 3, interfaced: 1, meetingTarget: 1, share: 1 / 3 });
	});
	it('is zero, not NaN, for a structure without members or without manual agendas', () => {
		expect(memberCounts([]).share).toBe(0);
		expect(memberCounts([denis])).toMatchObject({ manual: 0, meetingTarget: 0, share: 0 });
	});
});
