import {
	authorizeDirectory,
	authorizePractitioner,
	authorizePractitionerRecord,
	authorizeStructure,
	type Decision,
	type PractitionerAction,
	type PractitionerRecordChange,
	type PractitionerResource,
	type StructureResource
} from '$lib/domain/policy';
import type { EntityName, EntityValue } from '$lib/domain/entities';
import { PARTICIPATION_MODE_LABELS, STRUCTURE_KIND_OF_MODE } from '$lib/domain/reference';
import { ORIENTATION_STATUS_LABELS, statusChangeAllowed, structureMatchesMode, type OrientationStatus } from '$lib/domain/schemas';
import { TIME_ZONE_LABELS, type TimeZone } from '$lib/domain/time-zones';
import { practitionerResource, structureResource } from '../access';
import type { ServerActor } from '../auth/actor';
import { byName, type DB } from '../db';
import { HttpProblem } from '../http/problem';
import { directoryErrors } from '$lib/domain/directory';
import { lookUpRpps } from '../directories/lookup';

type Errors = Record<string, string[]>;
type Value = Record<string, unknown>;

const ACTION: Partial<Record<EntityName, PractitionerAction>> = {
	availabilities: 'agenda.write',
	unavailabilities: 'agenda.write',
	complementaryInfo: 'agenda.write',
	participationSettings: 'participation.write',
	addresses: 'addresses.write',
	orientations: 'orientation.follow'
};

/** What a device may change of an orientation: its status (the rest is the regulation's). */
const ORIENTATION_FIXED = ['regulatorAccountId', 'regulatorLabel', 'practitionerId', 'structureId', 'addressId', 'availabilityId', 'kind', 'consultationType', 'patientReference'] as const;
const ORIENTATION_INSTANTS = ['startsAt', 'endsAt', 'createdAt'] as const;

/** The practitioner a row belongs to (the row itself for practitioners), or null for a structure. */
export function practitionerOf(entity: EntityName, value: Value): string | null {
	if (entity === 'structures') return null;
	if (entity === 'practitioners') return value.id as string;
	return value.practitionerId as string;
}

async function orNotFound<T>(load: Promise<T>): Promise<T | null> {
	try {
		return await load;
	} catch (error) {
		if (error instanceof HttpProblem && error.status === 404) return null;
		throw error;
	}
}

/**
 * Whether `actor` may write this row, and the practitioner it concerns. INVARIANT: decided on the
 * stored row when there is one, and on the proposed row as well for a change — never on the
 * proposed row alone, which the request writes: a request cannot grant itself a right by naming
 * a structure or a practitioner in its own data.
 */
export async function authorizeWrite(
	db: DB,
	actor: ServerActor,
	entity: EntityName,
	existing: Value | null,
	next: Value | null
): Promise<{ decision: Decision; practitioner: PractitionerResource | null }> {
	if (entity === 'structures') {
		if (!existing || !next) return { decision: deny('Les structures viennent du répertoire de l’offre de soins : elles ne se créent ni ne se suppriment ici.'), practitioner: null };
		const structure = await orNotFound(structureResource(db, existing.id as string));
		if (!structure) return { decision: deny('Cette structure est introuvable.'), practitioner: null };
		return { decision: authorizeStructure(actor, 'structure.participation.write', structure), practitioner: null };
	}
	if (entity === 'practitioners') {
		const centreOf = async (id: unknown) => (typeof id === 'string' ? ((await orNotFound(structureResource(db, id))) ?? ('missing' as const)) : null);
		const practitioner = existing ? await orNotFound(practitionerResource(db, existing.id as string)) : null;
		const change: PractitionerRecordChange = {
			stored: existing && practitioner ? { practitioner, centre: storedCentre(await centreOf(existing.healthCentreId)) } : null,
			...(next ? { proposedCentre: await centreOf(next.healthCentreId) } : {})
		};
		if (existing && !practitioner) return { decision: deny('Cet effecteur est introuvable.'), practitioner: null };
		return { decision: authorizePractitionerRecord(actor, change), practitioner };
	}
	if (entity === 'orientations' && (!existing || !next)) {
		return { decision: deny(existing ? 'Une orientation ne se supprime pas : annulez-la.' : 'Une orientation se fait depuis la recherche de la régulation.'), practitioner: null };
	}
	const action = ACTION[entity]!;
	const stored = existing ? await orNotFound(practitionerResource(db, existing.practitionerId as string)) : null;
	if (existing && !stored) return { decision: deny('Cet effecteur est introuvable.'), practitioner: null };
	if (stored) {
		const decision = authorizePractitioner(actor, action, stored);
		if (!decision.allowed || !next || next.practitionerId === existing!.practitionerId) return { decision, practitioner: stored };
	}
	const proposed = await orNotFound(practitionerResource(db, next!.practitionerId as string));
	if (!proposed) return { decision: deny('Cet effecteur est introuvable.'), practitioner: null };
	return { decision: authorizePractitioner(actor, action, proposed), practitioner: stored ?? proposed };
}

/** Whether `actor` may read this row: a conflict answer hands it over. */
export async function mayRead(db: DB, actor: ServerActor, entity: EntityName, row: Value): Promise<boolean> {
	if (entity === 'structures') return authorizeDirectory(actor).allowed;
	const practitioner = await orNotFound(practitionerResource(db, practitionerOf(entity, row)!));
	return practitioner !== null && authorizePractitioner(actor, 'practitioner.read', practitioner).allowed;
}

const deny = (reason: string): Decision => ({ allowed: false, reason });
/** A stored record whose centre no longer exists is kept by nobody but the doctor. */
const storedCentre = (centre: StructureResource | 'missing' | null) => (centre === 'missing' ? null : centre);

function add(errors: Errors, field: string, message: string): void {
	(errors[field] ??= []).push(message);
}

/** The rules that need other rows: the server's part of validation, with a message per field. */
export async function checkReferences<E extends EntityName>(db: DB, entity: E, value: EntityValue<E>, existing: Value | null): Promise<Errors> {
	const errors: Errors = {};
	const v = value as Value;
	if (existing && entity !== 'structures' && practitionerOf(entity, existing) !== practitionerOf(entity, v)) {
		add(errors, 'practitionerId', 'Une donnée ne change pas de professionnel.');
	}
	const address = async (id: string) =>
		db.selectFrom('addresses').select(['id', 'practitionerId', 'timeZone', 'deleted']).where('id', '=', id).executeTakeFirst();

	switch (entity) {
		case 'availabilities': {
			const a = value as EntityValue<'availabilities'>;
			const place = await address(a.addressId);
			if (!place || place.deleted || place.practitionerId !== a.practitionerId) add(errors, 'addressId', 'Lieu d’exercice inconnu : choisissez un de vos lieux d’exercice.');
			else if (place.timeZone !== a.timeZone) add(errors, 'timeZone', `Le fuseau horaire doit être celui du lieu d’exercice (${TIME_ZONE_LABELS[place.timeZone as TimeZone] ?? place.timeZone}).`);
			if (a.seriesId) {
				const series = await db.selectFrom('availabilities').select(['practitionerId', 'rrule', 'deleted']).where('id', '=', a.seriesId).executeTakeFirst();
				if (!series || series.deleted || series.rrule === null || series.practitionerId !== a.practitionerId) {
					add(errors, 'seriesId', 'La récurrence de cette occurrence n’existe plus.');
				}
			}
			break;
		}
		case 'unavailabilities': {
			const u = value as EntityValue<'unavailabilities'>;
			if (u.addressId) {
				const place = await address(u.addressId);
				if (!place || place.deleted || place.practitionerId !== u.practitionerId) add(errors, 'addressId', 'Lieu d’exercice inconnu : choisissez un de vos lieux d’exercice.');
			}
			break;
		}
		case 'participationSettings': {
			const s = value as EntityValue<'participationSettings'>;
			if (s.structureId) {
				const structure = await db.selectFrom('structures').select(['kind', 'deleted']).where('id', '=', s.structureId).executeTakeFirst();
				if (!structure || structure.deleted) add(errors, 'structureId', 'Structure inconnue.');
				else if (s.participates && s.mode && s.mode !== 'individual' && !structureMatchesMode(s.mode, structure.kind as 'CPTS')) {
					add(errors, 'structureId', `Cette structure n’est pas une ${STRUCTURE_KIND_OF_MODE[s.mode]} : elle ne correspond pas à « ${PARTICIPATION_MODE_LABELS[s.mode]} ».`);
				}
			}
			if (s.cptsAddressIds.length) {
				const own = await db.selectFrom('addresses').select('id').where('practitionerId', '=', s.practitionerId).where('deleted', '=', false).execute();
				if (s.cptsAddressIds.some((id) => !own.some((o) => o.id === id))) add(errors, 'cptsAddressIds', 'Choisissez parmi vos lieux d’exercice.');
			}
			break;
		}
		case 'practitioners': {
			const p = value as EntityValue<'practitioners'>;
			if (existing && existing.rpps !== p.rpps) add(errors, 'rpps', 'L’identifiant RPPS ne se modifie pas.');
			const same = await db.selectFrom('practitioners').select('id').where('rpps', '=', p.rpps).where('id', '!=', p.id).executeTakeFirst();
			if (same) add(errors, 'rpps', 'Un médecin porte déjà cet identifiant RPPS.');
			// A health centre's doctor is created by hand: checked against the national directory when it is loaded.
			if (!existing && p.healthCentreId) {
				for (const [field, messages] of Object.entries(directoryErrors(await lookUpRpps(db, p.rpps), p))) for (const m of messages) add(errors, field, m);
			}
			break;
		}
		case 'structures': {
			const s = value as EntityValue<'structures'>;
			for (const field of ['kind', 'name', 'finess', 'rorId', 'territory', 'siret', 'street', 'email', 'inseeCode', 'latitude', 'longitude', 'closed'] as const) {
				if (existing && JSON.stringify(existing[field]) !== JSON.stringify(s[field])) add(errors, field, 'Cette information vient du répertoire de l’offre de soins et ne se modifie pas ici.');
			}
			break;
		}
	}
	if (entity === 'orientations' && existing) {
		const o = value as EntityValue<'orientations'>;
		for (const field of ORIENTATION_FIXED) if (o[field] !== existing[field]) add(errors, field, 'Seul le statut d’une orientation se modifie ici.');
		const instant = (x: unknown) => (typeof x === 'string' ? Date.parse(x) : null);
		for (const field of ORIENTATION_INSTANTS) if (instant(o[field]) !== instant(existing[field])) add(errors, field, 'Seul le statut d’une orientation se modifie ici.');
		if (o.status !== existing.status && !statusChangeAllowed(existing.status as OrientationStatus, o.status, 'practitioner')) {
			add(errors, 'status', `Passage impossible de « ${ORIENTATION_STATUS_LABELS[existing.status as OrientationStatus]} » à « ${ORIENTATION_STATUS_LABELS[o.status]} ».`);
		}
	}
	if (entity === 'participationSettings' || entity === 'complementaryInfo') {
		const other = await byName(db)
			.selectFrom(entity as string)
			.select('id')
			.where('practitionerId', '=', v.practitionerId as string)
			.where('id', '!=', v.id as string)
			.executeTakeFirst();
		if (other) add(errors, 'id', 'Ce professionnel a déjà cette fiche : rechargez-la avant de la modifier.');
	}
	return errors;
}

/** What must not be deleted while other rows depend on it. */
export async function checkDeletion(db: DB, entity: EntityName, existing: Value): Promise<Errors> {
	if (entity === 'addresses') {
		const used = await db.selectFrom('availabilities').select('id').where('addressId', '=', existing.id as string).where('deleted', '=', false).executeTakeFirst();
		if (used) return { addressId: ['Ce lieu d’exercice porte encore des disponibilités : supprimez-les ou déplacez-les d’abord.'] };
	}
	if (entity === 'participationSettings') return { id: ['Les paramètres de participation se modifient, ils ne se suppriment pas.'] };
	return {};
}
