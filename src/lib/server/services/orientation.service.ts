import { sql } from 'kysely';
import { newId } from '$lib/domain/ids';
import { departmentOfPostalCode } from '$lib/domain/directory';
import { keepsManualAgenda } from '$lib/domain/members';
import { authorizePractitioner, authorizeRegulation } from '$lib/domain/policy';
import { ORIENTATION_STATUS_LABELS, ORIENTATION_STATUSES, statusChangeAllowed, type NewOrientation, type OrientationStatus } from '$lib/domain/schemas';
import { visibleRangesOf } from '$lib/domain/slots';
import { localToEpochMs, todayIn } from '$lib/domain/time';
import { practitionerResource } from '../access';
import { audit } from '../audit';
import { actorLabel, type ServerActor } from '../auth/actor';
import type { DB } from '../db';
import { HttpProblem } from '../http/problem';
import { entityFromRow } from '../rows';
import { searchWindow } from './regulation-search.service';
import { nextChange } from '../sync/stamp';

export const TAKEN = 'Ce créneau vient d’être pris : choisissez-en un autre.';

const refuse = (actor: ServerActor | null, reason: string): never => {
	throw new HttpProblem(actor ? 403 : 401, reason);
};

/**
 * The slot or range of the SAS agenda that starts at `start` on this availability, as regulators
 * see it now. Reads that availability's series only (and its detached occurrences), and the
 * unavailability of the search window: never the doctor's whole agenda.
 */
async function offerAt(db: DB, practitionerId: string, availabilityId: string, start: number, now: number) {
	const window = searchWindow(now);
	const named = await db.selectFrom('availabilities').select('seriesId').where('id', '=', availabilityId).where('practitionerId', '=', practitionerId).where('deleted', '=', false).executeTakeFirst();
	if (!named) return null;
	const series = [availabilityId, ...(named.seriesId ? [named.seriesId] : [])];
	const [availabilities, unavailabilities] = await Promise.all([
		db
			.selectFrom('availabilities')
			.selectAll()
			.where('practitionerId', '=', practitionerId)
			.where('deleted', '=', false)
			.where((eb) => eb.or([eb('id', 'in', series), eb('seriesId', 'in', series)]))
			.execute(),
		unavailabilityWithin(db, practitionerId, window.from, window.to)
	]);
	const ranges = visibleRangesOf(
		availabilities.map((a) => entityFromRow('availabilities', a)),
		unavailabilities,
		window.from,
		window.to
	);
	return ranges.find((r) => r.availability.id === availabilityId && r.start === start && r.end > now) ?? null;
}

/** The doctor's declared unavailability that overlaps [from, to). */
async function unavailabilityWithin(db: DB, practitionerId: string, from: number, to: number) {
	const rows = await db
		.selectFrom('unavailabilities')
		.selectAll()
		.where('practitionerId', '=', practitionerId)
		.where('deleted', '=', false)
		.where('startsAt', '<', new Date(to))
		.where((eb) => eb.or([eb('endsAt', 'is', null), eb('endsAt', '>', new Date(from))]))
		.execute();
	return rows.map((u) => entityFromRow('unavailabilities', u));
}

/** The départements a practitioner practises in: their places', and their health centre's. */
async function departementsOf(db: DB, practitionerId: string, healthCentreId: string | null): Promise<string[]> {
	const [places, centre] = await Promise.all([
		db.selectFrom('addresses').select('postalCode').where('practitionerId', '=', practitionerId).where('deleted', '=', false).execute(),
		healthCentreId ? db.selectFrom('structures').select('territory').where('id', '=', healthCentreId).executeTakeFirst() : Promise.resolve(undefined)
	]);
	return [...new Set([...places.map((p) => departmentOfPostalCode(p.postalCode)), centre?.territory ?? null].filter((d): d is string => d !== null))];
}

/** A regulator acts on a practitioner of their territory only (403 otherwise); 404 when there is none. */
async function regulationTarget(db: DB, actor: ServerActor | null, action: 'orientation.create' | 'declaration.create', practitionerId: string) {
	const first = authorizeRegulation(actor, action);
	if (!first.allowed) refuse(actor, first.reason);
	const resource = await practitionerResource(db, practitionerId);
	const practitioner = await db.selectFrom('practitioners').select(['id', 'firstName', 'lastName', 'healthCentreId']).where('id', '=', practitionerId).executeTakeFirstOrThrow();
	const decision = authorizeRegulation(actor, action, { departements: await departementsOf(db, practitionerId, practitioner.healthCentreId) });
	if (!decision.allowed) refuse(actor, decision.reason);
	return { resource, practitioner };
}

/**
 * « Adresser un patient »: records the orientation and takes the slot (or one patient of the range)
 * for every other regulator at once. Two regulators racing for one slot: one wins, the other gets
 * 409 « Ce créneau vient d'être pris » — a transaction-scoped advisory lock per slot orders them on
 * PostgreSQL (the unique index on slots is the last guard), and PGlite runs one transaction at a time.
 */
export async function orient(db: DB, actor: ServerActor | null, input: NewOrientation, now = Date.now()) {
	const { resource, practitioner } = await regulationTarget(db, actor, 'orientation.create', input.practitionerId);
	const structureId = practitioner.healthCentreId ?? resource.participation?.structureId ?? null;
	let startsAt: number;
	let endsAt: number | null = null;
	let capacity: number | null = null;
	let addressId: string | null = null;
	const interfaced = !keepsManualAgenda(resource);

	if (input.kind === 'creneau' || input.kind === 'plage') {
		if (interfaced) throw new HttpProblem(422, 'Ce médecin publie ses créneaux dans son logiciel : orientez le patient depuis la page de réservation de l’éditeur.');
		const offer = await offerAt(db, input.practitionerId, input.availabilityId!, Date.parse(input.start!), now);
		if (!offer) throw new HttpProblem(409, TAKEN);
		const isSlot = offer.availability.kind === 'slot';
		if ((input.kind === 'creneau') !== isSlot) throw new HttpProblem(422, isSlot ? 'Ceci est un créneau : orientez sur le créneau.' : 'Ceci est une plage : orientez sur la plage.');
		if (input.consultationType && !offer.availability.consultationTypes.includes(input.consultationType)) {
			throw new HttpProblem(422, 'Type de consultation non proposé sur ce créneau.', { consultationType: ['Choisissez un type proposé sur ce créneau'] });
		}
		startsAt = offer.start;
		endsAt = offer.end;
		capacity = isSlot ? 1 : offer.availability.kind === 'capacity' ? offer.availability.capacity : null;
		addressId = offer.availability.addressId;
	} else if (input.kind === 'surnumeraire') {
		if (!resource.participation?.participates) throw new HttpProblem(422, 'Ce médecin n’accepte pas de patients en sus de ses disponibilités.');
		startsAt = localToEpochMs(input.date!, input.time!, 'Europe/Paris');
		if (input.date! < todayIn('Europe/Paris', now) || startsAt < now - 15 * 60_000) throw new HttpProblem(422, 'Date passée.', { date: ['Choisissez aujourd’hui ou un jour à venir'] });
		if (startsAt > now + 7 * 86_400_000) throw new HttpProblem(422, 'Sept jours au plus.', { date: ['Une orientation hors créneaux se fait dans les 7 jours'] });
		const away = await unavailabilityWithin(db, input.practitionerId, startsAt, startsAt + 15 * 60_000);
		if (away.length > 0) throw new HttpProblem(422, 'Ce médecin a déclaré une indisponibilité à ce moment-là.', { date: ['Le médecin est indisponible à cette date et cette heure : choisissez-en une autre, ou un autre médecin'] });
	} else {
		if (!interfaced) throw new HttpProblem(422, 'Ce médecin tient son agenda dans le SAS : orientez sur un de ses créneaux.');
		startsAt = Date.parse(input.start!);
		// A slot of the editor's page is one the search showed: from now to the end of the day after tomorrow.
		const window = searchWindow(now);
		if (startsAt < now - 15 * 60_000 || startsAt > window.to) throw new HttpProblem(422, 'Créneau hors de la période de recherche.', { start: ['Le créneau doit être à venir, au plus tard après-demain'] });
	}

	const id = newId();
	const regulator = actor!;
	const account = await db.selectFrom('accounts').select(['firstName', 'lastName', 'territory']).where('id', '=', regulator.accountId).executeTakeFirstOrThrow();
	const label = `${account.firstName} ${account.lastName} (régulation${account.territory ? ` SAS ${account.territory}` : ''})`;
	try {
		await db.transaction().execute(async (tx) => {
			if (capacity !== null) {
				await sql`select pg_advisory_xact_lock(hashtext(${`${input.availabilityId}|${startsAt}`}))`.execute(tx);
				const { count } = await tx
					.selectFrom('orientations')
					.select(sql<number>`count(*)`.as('count'))
					.where('availabilityId', '=', input.availabilityId)
					.where('startsAt', '=', new Date(startsAt))
					.where('status', '<>', 'cancelled')
					.executeTakeFirstOrThrow();
				if (Number(count) >= capacity) throw new HttpProblem(409, TAKEN);
			}
			const seq = await nextChange(tx);
			await tx
				.insertInto('orientations')
				.values({
					id,
					seq,
					updatedBy: label,
					regulatorLabel: label,
					regulatorAccountId: regulator.accountId,
					practitionerId: input.practitionerId,
					structureId,
					addressId,
					availabilityId: input.kind === 'creneau' || input.kind === 'plage' ? input.availabilityId : null,
					kind: input.kind,
					startsAt: new Date(startsAt),
					endsAt: endsAt === null ? null : new Date(endsAt),
					consultationType: input.consultationType,
					patientReference: input.patientReference,
					statusChangedBy: null
				})
				.execute();
			await audit(tx, regulator, {
				practitionerId: input.practitionerId,
				entity: 'orientation',
				entityId: id,
				action: 'create',
				before: null,
				after: { kind: input.kind, start: new Date(startsAt).toISOString(), status: 'pending' },
				label: `${actorLabel(regulator)} (régulation)`
			});
		});
	} catch (error) {
		// The unique index: another regulator's insert won.
		if ((error as { code?: string }).code === '23505') throw new HttpProblem(409, TAKEN);
		throw error;
	}
	return { id, kind: input.kind, start: new Date(startsAt).toISOString(), end: endsAt === null ? null : new Date(endsAt).toISOString(), status: 'pending' as const };
}

/**
 * The doctor or their coordinator follow it (confirmed, honoured…); the regulator who sent it may
 * cancel. One transaction on the locked current row: two servers changing it at once are ordered,
 * the second judged on what the first wrote — a cancelled orientation is never confirmed after,
 * and a stale `If-Match` or a move the current state forbids answers 409 with that state.
 */
export async function setOrientationStatus(db: DB, actor: ServerActor | null, id: string, status: OrientationStatus, expectedVersion: number | null = null) {
	return db.transaction().execute(async (tx) => {
		const row = await tx.selectFrom('orientations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
		if (!row) throw new HttpProblem(404, 'Orientation introuvable.');
		let by: 'regulator' | 'practitioner';
		if (actor?.role === 'regulator') {
			if (row.regulatorAccountId !== actor.accountId) refuse(actor, 'Seul le régulateur qui a adressé ce patient peut annuler l’orientation.');
			by = 'regulator';
		} else {
			const decision = authorizePractitioner(actor, 'orientation.follow', await practitionerResource(tx, row.practitionerId));
			if (!decision.allowed) refuse(actor, decision.reason);
			by = 'practitioner';
		}
		const current = { id, status: row.status, version: row.version, statusChangedBy: row.statusChangedBy, updatedAt: row.updatedAt.toISOString() };
		const headers = { etag: `"${row.version}"` };
		if (!ORIENTATION_STATUSES.some((from) => statusChangeAllowed(from, status, by))) {
			throw new HttpProblem(422, `Vous ne pouvez pas donner le statut « ${ORIENTATION_STATUS_LABELS[status]} » à une orientation.`, { status: ['Statut non autorisé'] });
		}
		if (expectedVersion !== null && expectedVersion !== row.version) {
			throw new HttpProblem(409, `Cette orientation a changé entre-temps : elle est maintenant « ${ORIENTATION_STATUS_LABELS[row.status]} »${row.statusChangedBy ? ` (${row.statusChangedBy})` : ''}.`, undefined, headers, current);
		}
		if (!statusChangeAllowed(row.status, status, by)) {
			throw new HttpProblem(409, `Passage impossible de « ${ORIENTATION_STATUS_LABELS[row.status]} » à « ${ORIENTATION_STATUS_LABELS[status]} »${row.status === 'cancelled' ? ' : une orientation annulée le reste' : ''}.`, undefined, headers, current);
		}
		const seq = await nextChange(tx);
		const version = row.version + 1;
		await tx.updateTable('orientations').set({ status, statusChangedBy: actorLabel(actor!), updatedBy: actorLabel(actor!), seq, version, updatedAt: new Date() }).where('id', '=', id).where('version', '=', row.version).execute();
		await audit(tx, actor, { practitionerId: row.practitionerId, entity: 'orientation', entityId: id, action: 'update', before: { status: row.status }, after: { status }, label: actorLabel(actor!) });
		return { id, status, version };
	});
}

/** « Patients adressés par la régulation » and the regulators' declarations, for the doctor and their coordinator. */
export async function orientationsOf(db: DB, actor: ServerActor | null, practitionerId: string, now = Date.now()) {
	const decision = authorizePractitioner(actor, 'practitioner.read', await practitionerResource(db, practitionerId));
	if (!decision.allowed) refuse(actor, decision.reason);
	const [orientations, declarations] = await Promise.all([
		db
			.selectFrom('orientations as o')
			.innerJoin('accounts as r', 'r.id', 'o.regulatorAccountId')
			.select(['o.id', 'o.kind', 'o.availabilityId', 'o.startsAt', 'o.endsAt', 'o.consultationType', 'o.patientReference', 'o.status', 'o.createdAt', 'r.firstName', 'r.lastName', 'r.territory'])
			.where('o.practitionerId', '=', practitionerId)
			.where('o.startsAt', '>=', new Date(now - 30 * 86_400_000))
			.orderBy('o.startsAt', 'desc')
			.limit(200)
			.execute(),
		db
			.selectFrom('regulatorDeclarations as d')
			.innerJoin('accounts as r', 'r.id', 'd.regulatorAccountId')
			.select(['d.id', 'd.kind', 'd.comment', 'd.createdAt', 'r.firstName', 'r.lastName'])
			.where('d.practitionerId', '=', practitionerId)
			.where('d.createdAt', '>=', new Date(now - 30 * 86_400_000))
			.orderBy('d.createdAt', 'desc')
			.limit(50)
			.execute()
	]);
	return {
		orientations: orientations.map((o) => ({
			id: o.id,
			kind: o.kind,
			availabilityId: o.availabilityId,
			start: o.startsAt.toISOString(),
			end: o.endsAt?.toISOString() ?? null,
			consultationType: o.consultationType,
			patientReference: o.patientReference,
			status: o.status,
			createdAt: o.createdAt.toISOString(),
			regulator: `${o.firstName} ${o.lastName}${o.territory ? ` (SAS ${o.territory})` : ''}`
		})),
		declarations: declarations.map((d) => ({ id: d.id, kind: d.kind, comment: d.comment, createdAt: d.createdAt.toISOString(), regulator: `${d.firstName} ${d.lastName}` }))
	};
}

/** The same declaration again within this delay is the same report (a double click, a retry). */
const SAME_DECLARATION_MS = 10 * 60_000;

/**
 * « Signaler »: one row per report. The same regulator reporting the same thing about the same
 * doctor again within 10 minutes gets the first report back, even when the requests race
 * (a lock per regulator and doctor orders them).
 */
export async function declare(db: DB, actor: ServerActor | null, practitionerId: string, input: { kind: 'injoignable' | 'indisponible' | 'mauvaise_specialite' | 'autre'; comment: string }, now = Date.now()) {
	await regulationTarget(db, actor, 'declaration.create', practitionerId);
	return db.transaction().execute(async (tx) => {
		await sql`select pg_advisory_xact_lock(hashtext(${`declaration|${actor!.accountId}|${practitionerId}`}))`.execute(tx);
		const same = await tx
			.selectFrom('regulatorDeclarations')
			.select('id')
			.where('regulatorAccountId', '=', actor!.accountId)
			.where('practitionerId', '=', practitionerId)
			.where('kind', '=', input.kind)
			.where('comment', '=', input.comment)
			.where('createdAt', '>', new Date(now - SAME_DECLARATION_MS))
			.executeTakeFirst();
		if (same) return { id: same.id };
		const id = newId();
		await tx.insertInto('regulatorDeclarations').values({ id, regulatorAccountId: actor!.accountId, practitionerId, kind: input.kind, comment: input.comment }).execute();
		return { id };
	});
}

/** The regulator's own orientations of the last days (to cancel one). */
export async function myOrientations(db: DB, actor: ServerActor | null, now = Date.now()) {
	const decision = authorizeRegulation(actor, 'regulation.search');
	if (!decision.allowed) refuse(actor, decision.reason);
	const rows = await db
		.selectFrom('orientations as o')
		.innerJoin('practitioners as p', 'p.id', 'o.practitionerId')
		.select(['o.id', 'o.kind', 'o.startsAt', 'o.status', 'o.patientReference', 'p.firstName', 'p.lastName'])
		.where('o.regulatorAccountId', '=', actor!.accountId)
		.where('o.createdAt', '>=', new Date(now - 7 * 86_400_000))
		.orderBy('o.createdAt', 'desc')
		.limit(50)
		.execute();
	return rows.map((r) => ({ id: r.id, kind: r.kind, start: r.startsAt.toISOString(), status: r.status, patientReference: r.patientReference, practitioner: `Dr ${r.firstName} ${r.lastName}` }));
}
