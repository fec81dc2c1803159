import { readAppointment, type SasAppointment } from '$lib/domain/fhir/appointment';
import { sql } from 'kysely';
import { newId } from '$lib/domain/ids';
import type { DB } from '../db';
import { audit } from '../audit';
import { nextChange } from '../sync/stamp';
import { fhirResponse, operationOutcome, outcomeResponse } from './outcome';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AppointmentContext {
	db: DB;
	/** Who sent it: the editor named by its client certificate (or « démonstration »). */
	sender: string;
	/** Our FHIR base URL, for the Location header. */
	baseUrl: string;
}

/** `system|value` of `?identifier=` (or the guide's `?Identifier=`). */
export function identifierQuery(params: URLSearchParams): { system: string; value: string } | null {
	const raw = params.get('identifier') ?? params.get('Identifier');
	if (!raw) return null;
	const bar = raw.indexOf('|');
	return bar > 0 && bar < raw.length - 1 ? { system: raw.slice(0, bar).trim(), value: raw.slice(bar + 1).trim() } : null;
}

function stored(row: { id: string; version: number; updatedAt: Date; resource: unknown }) {
	return { ...(row.resource as Record<string, unknown>), id: row.id, meta: { ...((row.resource as { meta?: object }).meta ?? {}), versionId: String(row.version), lastUpdated: row.updatedAt.toISOString() } };
}

/**
 * POST /Appointment (create: 201, or 409 when the editor's identifier is known) and
 * PUT /Appointment?identifier= (create-or-update: 201 or 200). 400 when the resource is not a
 * FrAppointmentSAS, 422 when it is but cannot be taken (unknown practitioner, end before start).
 */
export async function receiveAppointment(context: AppointmentContext, body: unknown, keyedOn: { system: string; value: string } | null): Promise<Response> {
	const read = readAppointment(body);
	if (!read.appointment) {
		const status = read.issues.every((i) => i.kind === 'business') ? 422 : 400;
		return fhirResponse(operationOutcome(read.issues.map((i) => ({ code: i.kind === 'business' ? 'business-rule' : 'invalid', diagnostics: i.message, expression: [i.expression] }))), status);
	}
	const appointment = read.appointment;
	if (keyedOn && (keyedOn.system !== appointment.identifier.system || keyedOn.value !== appointment.identifier.value)) {
		return outcomeResponse(400, 'invalid', 'L’identifiant de la requête (?identifier=) et celui du rendez-vous (identifier) diffèrent.', ['Appointment.identifier']);
	}
	const { db } = context;
	const practitioner = await db.selectFrom('practitioners').select('id').where('rpps', '=', appointment.rpps).where('deleted', '=', false).executeTakeFirst();
	if (!practitioner) {
		return outcomeResponse(422, 'business-rule', `Aucun professionnel de la plateforme SAS n’a le RPPS ${appointment.rpps}.`, ['Appointment.participant.actor.identifier.value']);
	}
	const regulatorAccountId = await regulatorAccount(db, appointment);
	return db.transaction().execute(async (tx) => {
		const existing = await tx
			.selectFrom('fhirAppointments')
			.selectAll()
			.where('identifierSystem', '=', appointment.identifier.system)
			.where('identifierValue', '=', appointment.identifier.value)
			.forUpdate()
			.executeTakeFirst();
		if (existing && !keyedOn) {
			return outcomeResponse(409, 'duplicate', `Ce rendez-vous est déjà connu de la plateforme SAS : mettez-le à jour par PUT Appointment?identifier=${appointment.identifier.system}|${appointment.identifier.value}.`, ['Appointment.identifier']);
		}
		if (existing && existing.sender !== context.sender) {
			return outcomeResponse(403, 'forbidden', 'Ce rendez-vous a été transmis par un autre éditeur.', ['Appointment.identifier']);
		}
		const values = {
			practitionerId: practitioner.id,
			rpps: appointment.rpps,
			status: appointment.status,
			startsAt: new Date(appointment.start),
			endsAt: new Date(appointment.end),
			regulatorSystem: appointment.regulator.system,
			regulatorValue: appointment.regulator.value,
			regulatorAccountId,
			resource: JSON.stringify(body)
		};
		// The orientation the regulator made through the editor's page, if this is its booking.
		const orientationId = existing?.orientationId ?? (await matchingOrientation(tx, practitioner.id, regulatorAccountId, appointment.start));
		if (orientationId) {
			await tx
				.updateTable('orientations')
				.set({ status: ORIENTATION_OF_APPOINTMENT[appointment.status], statusChangedBy: `${context.sender} (logiciel de prise de rendez-vous)`, updatedBy: `${context.sender} (logiciel de prise de rendez-vous)`, seq: await nextChange(tx), updatedAt: new Date(), version: sql`version + 1` })
				.where('id', '=', orientationId)
				.execute();
		}
		const row = existing
			? await tx.updateTable('fhirAppointments').set({ ...values, orientationId, version: existing.version + 1, updatedAt: new Date() }).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow()
			: await tx
					.insertInto('fhirAppointments')
					.values({ id: newId(), sender: context.sender, identifierSystem: appointment.identifier.system, identifierValue: appointment.identifier.value, ...values, orientationId })
					.returningAll()
					.executeTakeFirstOrThrow();
		await audit(tx, null, {
			practitionerId: practitioner.id,
			entity: 'fhirAppointment',
			entityId: row.id,
			action: existing ? 'update' : 'create',
			before: existing ? summary(existing) : null,
			after: summary(row),
			label: `${context.sender} (logiciel de prise de rendez-vous)`
		});
		const location = `${context.baseUrl}/Appointment/${row.id}/_history/${row.version}`;
		return fhirResponse(stored(row), existing ? 200 : 201, { location, etag: `W/"${row.version}"` });
	});
}

/** The orientation's status that follows the appointment's. */
const ORIENTATION_OF_APPOINTMENT = { booked: 'confirmed', pending: 'pending', fulfilled: 'honoured', noshow: 'not_honoured', cancelled: 'cancelled' } as const;

/**
 * An orientation « via le logiciel » of this doctor at this time (± 5 minutes: editors round), by
 * this regulator when the appointment names one of ours, not yet matched with an appointment.
 */
async function matchingOrientation(db: DB, practitionerId: string, regulatorAccountId: string | null, start: number): Promise<string | null> {
	let query = db
		.selectFrom('orientations')
		.select('id')
		.where('practitionerId', '=', practitionerId)
		.where('kind', '=', 'editeur')
		.where('startsAt', '>=', new Date(start - 5 * 60_000))
		.where('startsAt', '<=', new Date(start + 5 * 60_000))
		.where(({ not, exists, selectFrom }) => not(exists(selectFrom('fhirAppointments').select('id').whereRef('fhirAppointments.orientationId', '=', 'orientations.id'))))
		.orderBy('createdAt', 'desc')
		.limit(1);
	if (regulatorAccountId) query = query.where('regulatorAccountId', '=', regulatorAccountId);
	return (await query.executeTakeFirst())?.id ?? null;
}

/** What the audit log keeps of an appointment: no patient data is ever sent, only the booking. */
const summary = (row: { status: string; startsAt: Date; endsAt: Date; regulatorValue: string; identifierValue: string }) => ({
	status: row.status,
	start: row.startsAt.toISOString(),
	end: row.endsAt.toISOString(),
	regulator: row.regulatorValue,
	identifier: row.identifierValue
});

/** The regulator account an INTRN identifier names (the SAS gave editors its UUID, flux INT_R02). */
async function regulatorAccount(db: DB, appointment: SasAppointment): Promise<string | null> {
	if (appointment.regulator.type !== 'INTRN' || !UUID.test(appointment.regulator.value)) return null;
	const account = await db.selectFrom('accounts').select('id').where('id', '=', appointment.regulator.value).where('role', '=', 'regulator').executeTakeFirst();
	return account?.id ?? null;
}

/** GET /Appointment/{id}: what this sender sent, as stored. */
export async function readStoredAppointment(context: AppointmentContext, id: string): Promise<Response> {
	const row = UUID.test(id) ? await context.db.selectFrom('fhirAppointments').selectAll().where('id', '=', id).where('sender', '=', context.sender).executeTakeFirst() : undefined;
	return row ? fhirResponse(stored(row), 200, { etag: `W/"${row.version}"` }) : outcomeResponse(404, 'not-found', `Aucun rendez-vous ${id.slice(0, 64)} transmis par cet éditeur.`);
}
