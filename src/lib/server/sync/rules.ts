import {
	authorizePractitioner,
	authorizeStructure,
	type Decision,
	type PractitionerAction,
	type PractitionerResource
} from '$lib/domain/policy';
import type { EntityName, EntityValue } from '$lib/domain/entities';
import { PARTICIPATION_MODE_LABELS, STRUCTURE_KIND_OF_MODE } from '$lib/domain/reference';
import { structureMatchesMode } from '$lib/domain/schemas';
import { practitionerResource, structureResource } from '../access';
import type { ServerActor } from '../auth/actor';
import { byName, type DB } from '../db';
import { HttpProblem } from '../http/problem';

type Errors = Record<string, string[]>;
type Value = Record<string, unknown>;

const ACTION: Partial<Record<EntityName, PractitionerAction>> = {
	availabilities: 'agenda.write',
	unavailabilities: 'agenda.write',
	complementaryInfo: 'agenda.write',
	participationSettings: 'participation.write',
	addresses: 'addresses.write'
};

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

/** Whether `actor` may write this row (as it was, and as it would become), and the practitioner it concerns. */
export async function authorizeWrite(
	db: DB,
	actor: ServerActor,
	entity: EntityName,
	existing: Value | null,
	next: Value | null
): Promise<{ decision: Decision; practitioner: PractitionerResource | null }> {
	const practitioner = entity === 'structures' || entity === 'practitioners' ? null : await orNotFound(practitionerResource(db, (next ?? existing)!.practitionerId as string));
	return { decision: await decideWrite(db, actor, entity, existing, next, practitioner), practitioner };
}

async function decideWrite(
	db: DB,
	actor: ServerActor,
	entity: EntityName,
	existing: Value | null,
	next: Value | null,
	practitioner: PractitionerResource | null
): Promise<Decision> {
	const row = (next ?? existing)!;
	if (entity === 'structures') {
		if (!existing || !next) return { allowed: false, reason: 'Les structures viennent du répertoire de l’offre de soins : elles ne se créent ni ne se suppriment ici.' };
		const structure = await orNotFound(structureResource(db, row.id as string));
		if (!structure) return { allowed: false, reason: 'Cette structure est introuvable.' };
		return authorizeStructure(actor, 'structure.participation.write', structure);
	}
	if (entity === 'practitioners') {
		const centre = (existing?.healthCentreId ?? next?.healthCentreId) as string | null;
		if (centre) {
			const structure = await orNotFound(structureResource(db, centre));
			if (!structure) return { allowed: false, reason: 'Ce centre de santé est introuvable.' };
			return authorizeStructure(actor, 'structure.practitioner.create', structure);
		}
		if (!existing || !next) return { allowed: false, reason: 'Un médecin crée son compte en se connectant avec Pro Santé Connect.' };
		return authorizePractitioner(actor, 'participation.write', await practitionerResource(db, row.id as string));
	}
	if (!practitioner) return { allowed: false, reason: 'Cet effecteur est introuvable.' };
	return authorizePractitioner(actor, ACTION[entity]!, practitioner);
}

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
			else if (place.timeZone !== a.timeZone) add(errors, 'timeZone', `Le fuseau horaire doit être celui du lieu d’exercice (${place.timeZone}).`);
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
			if (s.participates && s.mode && s.mode !== 'individual' && s.structureId) {
				const structure = await db.selectFrom('structures').select(['kind', 'deleted']).where('id', '=', s.structureId).executeTakeFirst();
				if (!structure || structure.deleted) add(errors, 'structureId', 'Structure inconnue.');
				else if (!structureMatchesMode(s.mode, structure.kind as 'CPTS')) {
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
			if (existing && existing.healthCentreId !== p.healthCentreId) add(errors, 'healthCentreId', 'Le centre de santé d’un médecin ne se modifie pas ici.');
			const same = await db.selectFrom('practitioners').select('id').where('rpps', '=', p.rpps).where('id', '!=', p.id).executeTakeFirst();
			if (same) add(errors, 'rpps', 'Un médecin porte déjà cet identifiant RPPS.');
			break;
		}
		case 'structures': {
			const s = value as EntityValue<'structures'>;
			for (const field of ['kind', 'name', 'finess', 'rorId', 'territory'] as const) {
				if (existing && JSON.stringify(existing[field]) !== JSON.stringify(s[field])) add(errors, field, 'Cette information vient du répertoire de l’offre de soins et ne se modifie pas ici.');
			}
			break;
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
