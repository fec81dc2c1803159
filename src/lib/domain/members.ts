import type { LocalDate } from './civil';
import { STRUCTURE_KIND_OF_MODE, type StructureKind } from './reference';
import type { Availability } from './schemas/availability';
import { usesManualAgenda, type ParticipationSettings } from './schemas/participation';
import { displayName, type Practitioner } from './schemas/practitioner';
import type { Unavailability } from './schemas/unavailability';
import { weeklyCheck, type WeekCheck, type WeekStatus } from './weekly-check';
import { fold } from './directory';

/** What decides whether a practitioner belongs to a structure's list. */
export interface MembershipFacts {
	healthCentreId: string | null;
	participation: Pick<ParticipationSettings, 'participates' | 'mode' | 'structureId'> | null;
}

/**
 * The structure a practitioner takes part through: their health centre, or the structure of the
 * participation they declared (none when they take part individually or not at all).
 */
export function structureThrough(p: MembershipFacts): string | null {
	return p.healthCentreId ?? (p.participation?.participates ? p.participation.structureId : null);
}

/**
 * Whether a practitioner is a member of `structure` in the SAS sense (seed 002): a health centre's
 * own doctors, or the doctors who declared participation *through* that CPTS / MSP / SOS — never
 * those who take part individually or through another structure.
 */
export function isMemberOf(structure: { id: string; kind: StructureKind }, p: MembershipFacts): boolean {
	if (p.healthCentreId !== null) return structure.kind === 'CDS' && p.healthCentreId === structure.id;
	if (structure.kind === 'CDS') return false;
	const s = p.participation;
	if (!s?.participates || s.mode === null || s.mode === 'individual' || s.structureId !== structure.id) return false;
	return STRUCTURE_KIND_OF_MODE[s.mode] === structure.kind;
}

/**
 * A CDS doctor's agenda is the centre's; a member's is manual unless interfaced software shows their
 * slots. A doctor who has not answered yet (no settings, or « utilisez-vous un logiciel » left
 * blank) keeps the manual agenda: nothing says their slots come from elsewhere.
 */
export function keepsManualAgenda(p: MembershipFacts & { participation: Pick<ParticipationSettings, 'usesSoftware' | 'refusesEditorSlots'> | null }): boolean {
	if (p.healthCentreId !== null || p.participation === null || p.participation.usesSoftware === null) return true;
	return usesManualAgenda(p.participation);
}

export interface MemberInput {
	practitioner: Practitioner;
	participation: ParticipationSettings | null;
	availabilities: readonly Availability[];
	unavailabilities: readonly Unavailability[];
	timeZone: string;
}

export interface MemberSummary {
	practitioner: Practitioner;
	name: string;
	/** « Inscrit le … »: the first declaration of participation (a health centre's doctor: the day the centre added them). */
	registeredAt: LocalDate | null;
	manual: boolean;
	/** The weekly check of each week asked for (this week, next week…). */
	weeks: WeekCheck[];
}

export function summarizeMember(m: MemberInput, weeks: readonly LocalDate[]): MemberSummary {
	const manual = keepsManualAgenda({ healthCentreId: m.practitioner.healthCentreId, participation: m.participation });
	return {
		practitioner: m.practitioner,
		name: displayName(m.practitioner),
		registeredAt: m.participation?.declaredAt ?? m.practitioner.registeredAt,
		manual,
		weeks: weeklyCheck({ availabilities: m.availabilities, unavailabilities: m.unavailabilities, timeZone: m.timeZone, weeks, interfaced: !manual })
	};
}

/** Every word typed must appear in the name, the RPPS or a specialty. */
export function matchesSearch(member: MemberSummary, query: string): boolean {
	const words = fold(query).split(/\s+/).filter(Boolean);
	if (words.length === 0) return true;
	const haystack = fold([member.name, member.practitioner.rpps, ...member.practitioner.specialties].join(' '));
	return words.every((w) => haystack.includes(w));
}

export type MemberSort = 'name' | 'registeredAt' | 'status';

export const MEMBER_SORT_LABELS: Record<MemberSort, string> = {
	name: 'Nom',
	registeredAt: 'Date d’inscription (plus récente d’abord)',
	status: 'À appeler d’abord (moins de 2 h cette semaine)'
};

/**
 * Whom a coordinator calls first: short this week, then on leave, then fine; last, the members
 * whose slots come from their software, as the coordinator can neither see nor enter those.
 */
const STATUS_URGENCY: Record<WeekStatus, number> = { short: 0, leave: 1, ok: 2, software: 3 };
const urgency = (m: MemberSummary) => (!m.manual ? 4 : m.weeks[0] ? STATUS_URGENCY[m.weeks[0].status] : 3);

const byName = (a: MemberSummary, b: MemberSummary) =>
	a.practitioner.lastName.localeCompare(b.practitioner.lastName, 'fr', { sensitivity: 'base' }) ||
	a.practitioner.firstName.localeCompare(b.practitioner.firstName, 'fr', { sensitivity: 'base' }) ||
	a.practitioner.id.localeCompare(b.practitioner.id);

export function sortMembers(members: readonly MemberSummary[], sort: MemberSort): MemberSummary[] {
	const compare = {
		name: byName,
		registeredAt: (a: MemberSummary, b: MemberSummary) =>
			(b.registeredAt ?? '').localeCompare(a.registeredAt ?? '') || byName(a, b),
		status: (a: MemberSummary, b: MemberSummary) => {
			return urgency(a) - urgency(b) || (a.weeks[0]?.minutes ?? 0) - (b.weeks[0]?.minutes ?? 0) || byName(a, b);
		}
	}[sort];
	return [...members].sort(compare);
}

export interface MemberCounts {
	members: number;
	manual: number;
	interfaced: number;
	/**
	 * Members keeping the manual agenda whose first checked week reaches the target. The 2-hour rule
	 * is about the hours entered in the SAS agenda (seed 003 Q8, the honour declaration of seed 004);
	 * an interfaced member's slots come from their software, which the platform does not read yet.
	 */
	meetingTarget: number;
	/** meetingTarget / manual, 0 when no member keeps the manual agenda. */
	share: number;
}

/** Whether a member's first checked week counts as meeting the 2-hour target (see MemberCounts). */
export function meetsTarget(m: MemberSummary): boolean {
	return m.manual && m.weeks[0]?.status === 'ok';
}

export function memberCounts(members: readonly MemberSummary[]): MemberCounts {
	const manual = members.filter((m) => m.manual).length;
	const meetingTarget = members.filter(meetsTarget).length;
	return {
		members: members.length,
		manual,
		interfaced: members.length - manual,
		meetingTarget,
		share: manual ? meetingTarget / manual : 0
	};
}
