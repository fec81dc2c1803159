import { isMemberOf, keepsManualAgenda } from './members';
import type { StructureKind } from './reference';
import type { Role } from './schemas/account';
import type { ParticipationSettings } from './schemas/participation';

/**
 * The permission policy (DESIGN §2): one pure function decides every (actor, action, resource).
 * Every API handler calls it, reads included; the UI only mirrors it.
 */

export interface Actor {
	accountId: string;
	role: Role;
	disabled: boolean;
	/** An effecteur's own practitioner record. */
	practitionerId: string | null;
	/** The structures a structure manager manages (CPTS, MSP, SOS, CDS), with their kind. */
	structures: readonly { id: string; kind: StructureKind; territory: string }[];
	/** Account managers and regulators work on one territory (a department). */
	territory: string | null;
	/** A regulator who heads the territory's regulation (reads its dashboards). */
	regulationHead?: boolean;
}

/** What the policy needs to know of a practitioner to decide. */
export interface PractitionerResource {
	type: 'practitioner';
	id: string;
	/** The health centre that keeps this doctor's agenda, if any. */
	healthCentreId: string | null;
	participation: Pick<ParticipationSettings, 'participates' | 'mode' | 'structureId' | 'usesSoftware' | 'refusesEditorSlots'> | null;
}

export interface StructureResource {
	type: 'structure';
	id: string;
	kind: StructureKind;
	territory: string;
}

export interface AccountResource {
	type: 'account';
	id: string;
	role: Role;
	territory: string | null;
	/** Territories of the structures it manages. */
	structureTerritories: readonly string[];
}

export type PractitionerAction =
	| 'practitioner.read'
	| 'agenda.write'
	| 'participation.write'
	| 'addresses.write'
	| 'audit.read'
	/** Confirm or mark the patients the regulation sent (the doctor, or the coordinator of their structure). */
	| 'orientation.follow';
export type StructureAction = 'structure.members.read' | 'structure.participation.write' | 'structure.practitioner.create' | 'structure.indicators.read' | 'structure.card.write' | 'structure.directory.write';
export type AccountAction = 'account.read' | 'account.create' | 'account.disable' | 'account.invite';

export type Decision = { allowed: true } | { allowed: false; reason: string };

const ALLOW: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

/** The structure a practitioner participates through, if the actor manages it. */
function managedStructureOf(actor: Actor, p: PractitionerResource) {
	return actor.structures.find((s) => isMemberOf(s, p));
}

export function authorizePractitioner(actor: Actor | null, action: PractitionerAction, p: PractitionerResource): Decision {
	if (!actor) return deny('Connectez-vous pour continuer.');
	if (actor.disabled) return deny('Ce compte est désactivé.');

	if (actor.role === 'practitioner') {
		return actor.practitionerId === p.id ? ALLOW : deny('Vous n’avez accès qu’à votre propre agenda.');
	}
	if (actor.role === 'structureManager') {
		const structure = managedStructureOf(actor, p);
		if (!structure) return deny('Ce professionnel ne participe pas au SAS via une de vos structures.');
		switch (action) {
			case 'practitioner.read':
			case 'audit.read':
			case 'orientation.follow':
				return ALLOW;
			case 'agenda.write':
				return keepsManualAgenda(p)
					? ALLOW
					: deny('Ce professionnel utilise un logiciel de prise de rendez-vous interfacé : ses créneaux ne se modifient que dans ce logiciel.');
			case 'addresses.write':
				return structure.kind === 'CDS' ? ALLOW : deny('Seul le professionnel modifie ses lieux d’exercice.');
			case 'participation.write':
				return deny('Seul le professionnel modifie ses paramètres de participation au SAS.');
		}
	}
	return deny('Votre rôle ne donne pas accès aux agendas des professionnels.');
}

export type RegulationAction = 'regulation.search' | 'orientation.create' | 'declaration.create';

/**
 * The search, orienting a patient, declaring a practitioner unreachable: regulators (OSNP) only,
 * and, for a practitioner, one who practises in the regulator's territory (the départements of
 * their places, or of their health centre).
 */
export function authorizeRegulation(actor: Actor | null, _action: RegulationAction, target?: { departements: readonly string[] }): Decision {
	if (!actor) return deny('Connectez-vous pour continuer.');
	if (actor.disabled) return deny('Ce compte est désactivé.');
	if (actor.role !== 'regulator') return deny('La recherche et l’orientation des patients sont réservées aux régulateurs.');
	if (target && !(actor.territory !== null && target.departements.includes(actor.territory))) {
		return deny(`Ce professionnel n’exerce pas dans votre territoire (SAS ${actor.territory ?? '—'}) : c’est au SAS de son département de l’orienter.`);
	}
	return ALLOW;
}

export function authorizeStructure(actor: Actor | null, action: StructureAction, s: StructureResource): Decision {
	if (!actor) return deny('Connectez-vous pour continuer.');
	if (actor.disabled) return deny('Ce compte est désactivé.');
	const manages = actor.role === 'structureManager' && actor.structures.some((m) => m.id === s.id);
	const administers = actor.role === 'accountManager' && actor.territory === s.territory;
	switch (action) {
		case 'structure.members.read':
		case 'structure.indicators.read':
		// The card regulators see (name, phone, e-mail, address, communes served): its manager keeps it.
		case 'structure.card.write':
			return manages || administers ? ALLOW : deny('Cette structure n’est pas la vôtre.');
		// What identifies it (kind, FINESS, SIRET) and whether it is open: the territory's account manager.
		case 'structure.directory.write':
			return administers ? ALLOW : deny('Seul un gestionnaire de comptes du territoire modifie l’identification d’une structure.');
		case 'structure.participation.write':
		case 'structure.practitioner.create':
			if (!manages) return deny('Cette structure n’est pas la vôtre.');
			return s.kind === 'CDS' ? ALLOW : deny('Seul un centre de santé déclare la participation et les médecins de la structure.');
	}
}

/** Creating a structure by hand (the directory files lag behind, or SOS Médecins): an account manager, in their territory. */
export function authorizeStructureCreation(actor: Actor | null, territory: string): Decision {
	if (!actor) return deny('Connectez-vous pour continuer.');
	if (actor.disabled) return deny('Ce compte est désactivé.');
	if (actor.role !== 'accountManager' || actor.territory === null) return deny('Seul un gestionnaire de comptes crée une structure.');
	return actor.territory === territory ? ALLOW : deny('Cette structure ne relève pas de votre territoire.');
}

export function authorizeAccount(actor: Actor | null, action: AccountAction, a: AccountResource): Decision {
	if (!actor) return deny('Connectez-vous pour continuer.');
	if (actor.disabled) return deny('Ce compte est désactivé.');
	if (actor.role !== 'accountManager' || actor.territory === null) return deny('Seul un gestionnaire de comptes gère les comptes.');
	const territories = a.role === 'structureManager' ? a.structureTerritories : a.territory === null ? [] : [a.territory];
	if (territories.length === 0 || !territories.every((t) => t === actor.territory)) {
		return deny('Ce compte ne relève pas de votre territoire.');
	}
	if ((action === 'account.disable' || action === 'account.invite') && a.id === actor.accountId) {
		return deny('Vous ne pouvez pas modifier votre propre compte ici.');
	}
	return ALLOW;
}

/**
 * A change of a practitioner's record itself (names, RPPS, phone, health centre). Decided on the
 * stored record when there is one — never on what the request proposes alone, which anyone may
 * write — and on the proposed record too: a health centre creates its doctors, and a record never
 * moves to another centre here.
 */
export interface PractitionerRecordChange {
	/** The record as stored, and the health centre that keeps it (null: none); null for a creation. */
	stored: { practitioner: PractitionerResource; centre: StructureResource | null } | null;
	/** The health centre the proposed record names (undefined: a deletion); `missing` when it does not exist. */
	proposedCentre?: StructureResource | null | 'missing';
}

export function authorizePractitionerRecord(actor: Actor | null, change: PractitionerRecordChange): Decision {
	if (!actor) return deny('Connectez-vous pour continuer.');
	if (actor.disabled) return deny('Ce compte est désactivé.');
	const { stored, proposedCentre } = change;
	if (proposedCentre === 'missing') return deny('Ce centre de santé est introuvable.');
	if (!stored) {
		if (!proposedCentre) return deny('Un médecin crée son compte en se connectant avec Pro Santé Connect.');
		return authorizeStructure(actor, 'structure.practitioner.create', proposedCentre);
	}
	if (proposedCentre !== undefined && (proposedCentre?.id ?? null) !== (stored.centre?.id ?? null)) {
		return deny('Le centre de santé d’un médecin ne se modifie pas ici.');
	}
	if (actor.role === 'practitioner') return authorizePractitioner(actor, 'participation.write', stored.practitioner);
	if (!stored.centre) return deny('Seul le professionnel modifie sa fiche.');
	if (proposedCentre === undefined) return deny('La fiche d’un médecin ne se supprime pas.');
	return authorizeStructure(actor, 'structure.practitioner.create', stored.centre);
}

/** The directory of structures (names, kinds, places) that forms choose from: any active account. */
export function authorizeDirectory(actor: Actor | null): Decision {
	if (!actor) return deny('Connectez-vous pour continuer.');
	if (actor.disabled) return deny('Ce compte est désactivé.');
	return ALLOW;
}

/** What a dashboard shows: a whole département, or one structure's members. */
export type DashboardTarget = { type: 'territory'; departement: string } | { type: 'structure'; id: string; territory: string };

/**
 * The dashboards (seed 001): account managers and heads of regulation read their territory and its
 * structures; structure managers read the structures they manage, nothing wider.
 */
export function authorizeDashboard(actor: Actor | null, target: DashboardTarget): Decision {
	if (!actor) return deny('Connectez-vous pour continuer.');
	if (actor.disabled) return deny('Ce compte est désactivé.');
	const territorial = actor.role === 'accountManager' || (actor.role === 'regulator' && actor.regulationHead === true);
	if (territorial) {
		if (actor.territory === null) return deny('Votre compte n’est rattaché à aucun territoire.');
		const territory = target.type === 'territory' ? target.departement : target.territory;
		return territory === actor.territory ? ALLOW : deny('Ce territoire n’est pas le vôtre.');
	}
	if (actor.role === 'structureManager') {
		if (target.type === 'territory') return deny('Les tableaux de bord d’un territoire sont réservés aux gestionnaires de comptes et aux responsables de la régulation.');
		return actor.structures.some((s) => s.id === target.id) ? ALLOW : deny('Vous ne gérez pas cette structure.');
	}
	return deny('Les tableaux de bord sont réservés aux gestionnaires de comptes et de structures et aux responsables de la régulation.');
}
