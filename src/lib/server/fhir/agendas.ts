import type { FhirAgenda } from '$lib/domain/fhir/slot-bundle';
import { keepsManualAgenda } from '$lib/domain/members';
import type { DB } from '../db';
import { entityFromRow } from '../rows';

/**
 * The SAS agendas of these RPPS, as the Slot search shows them: only practitioners who take part
 * in the SAS (themselves, or through their health centre) and keep the manual SAS agenda — the
 * others' slots come from their own software. Five queries, whatever the number of practitioners.
 */
export async function loadFhirAgendas(db: DB, rpps: readonly string[]): Promise<FhirAgenda[]> {
	if (rpps.length === 0) return [];
	const practitioners = await db
		.selectFrom('practitioners')
		.leftJoin('participationSettings', (join) => join.onRef('participationSettings.practitionerId', '=', 'practitioners.id').on('participationSettings.deleted', '=', false))
		.select([
			'practitioners.id',
			'practitioners.rpps',
			'practitioners.lastName',
			'practitioners.firstName',
			'practitioners.specialties',
			'practitioners.healthCentreId',
			'participationSettings.participates',
			'participationSettings.mode',
			'participationSettings.structureId',
			'participationSettings.cptsAddressIds',
			'participationSettings.usesSoftware',
			'participationSettings.refusesEditorSlots'
		])
		.where('practitioners.rpps', 'in', [...rpps])
		.where('practitioners.deleted', '=', false)
		.execute();
	const structureIds = [...new Set(practitioners.flatMap((p) => [p.healthCentreId, p.structureId]).filter((id): id is string => id !== null))];
	const structures = structureIds.length
		? await db.selectFrom('structures').select(['id', 'kind', 'name', 'finess', 'siret', 'phone', 'participates', 'closed']).where('id', 'in', structureIds).where('deleted', '=', false).execute()
		: [];
	const structureById = new Map(structures.map((s) => [s.id, s]));
	const shown = practitioners.filter((p) => {
		const participation = p.participates === null ? null : { participates: p.participates, mode: null, structureId: null, usesSoftware: p.usesSoftware, refusesEditorSlots: p.refusesEditorSlots ?? false };
		if (!keepsManualAgenda({ healthCentreId: p.healthCentreId, participation })) return false;
		if (p.healthCentreId !== null) return structureById.get(p.healthCentreId)?.participates === true || p.participates === true;
		return p.participates === true;
	});
	if (shown.length === 0) return [];
	const ids = shown.map((p) => p.id);
	const [addresses, availabilities, unavailabilities] = await Promise.all([
		db.selectFrom('addresses').selectAll().where('practitionerId', 'in', ids).where('deleted', '=', false).orderBy('id').execute(),
		db.selectFrom('availabilities').selectAll().where('practitionerId', 'in', ids).where('deleted', '=', false).execute(),
		db.selectFrom('unavailabilities').selectAll().where('practitionerId', 'in', ids).where('deleted', '=', false).execute()
	]);
	return shown.map((p) => {
		const own = <T extends { practitionerId: string }>(rows: T[]) => rows.filter((r) => r.practitionerId === p.id);
		const organizationOf = structureById.get(p.healthCentreId ?? (p.mode === 'cpts' ? '' : (p.structureId ?? '')));
		const cpts = p.mode === 'cpts' && p.structureId ? structureById.get(p.structureId) : undefined;
		return {
			practitioner: { id: p.id, rpps: p.rpps, lastName: p.lastName, firstName: p.firstName, specialties: p.specialties },
			addresses: own(addresses).map((a) => ({ id: a.id, street: a.street, postalCode: a.postalCode, city: a.city, phone: a.phone, timeZone: a.timeZone })),
			availabilities: own(availabilities).map((row) => entityFromRow('availabilities', row)),
			unavailabilities: own(unavailabilities).map((row) => entityFromRow('unavailabilities', row)),
			organization: organizationOf ? { finess: organizationOf.finess, siret: organizationOf.siret } : null,
			cpts: cpts && !cpts.closed ? { id: cpts.id, name: cpts.name, finess: cpts.finess, phone: cpts.phone, addressIds: p.cptsAddressIds ?? [] } : null
		};
	});
}
