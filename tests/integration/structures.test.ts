import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicatorsCsv } from '../../src/lib/domain/indicators';
import { newId } from '../../src/lib/domain/ids';
import { authorizePractitioner } from '../../src/lib/domain/policy';
import type { DatabaseHandle } from '../../src/lib/server/db';
import { practitionerResource } from '../../src/lib/server/access';
import { HttpProblem } from '../../src/lib/server/http/problem';
import { seedDemoData } from '../../src/lib/server/seed';
import { demoId } from '../../src/lib/server/seed/demo-data';
import { indicatorsFor } from '../../src/lib/server/services/indicators.service';
import { membersOf } from '../../src/lib/server/services/structure.service';
import { readablePractitioners } from '../../src/lib/server/sync/scope';
import { applyMutation } from '../../src/lib/server/sync/push';
import { actorByEmail, doctorActor } from './helpers/actors';
import { openTestDatabase } from './helpers/database';
import { availability } from '../factories';
import { pinClock } from './helpers/clock';

// The file's data sits on fixed dates: the day-dependent rules are judged on that day.
pinClock('2026-11-23T08:00:00+01:00');

let handle: DatabaseHandle;
const COMTAT = { id: demoId('structure:cpts-comtat'), kind: 'CPTS' as const, name: 'CPTS du Comtat Venaissin', finess: null };

beforeAll(async () => {
	handle = await openTestDatabase();
	await seedDemoData(handle.db);
});
afterAll(async () => handle.close());

const names = (list: { name: string }[]) => list.map((m) => m.name).sort();

describe('the members of a structure', () => {
	it('are exactly the doctors who chose « via ma CPTS » with that CPTS — the policy and the sync scope agree', async () => {
		const members = (await membersOf(handle.db, [COMTAT])).get(COMTAT.id)!;
		expect(names(members)).toEqual(
			['Dr Camille Estève', 'Dr Claire Aubert', 'Dr Élodie Giraud', 'Dr Julien Bonnet', 'Dr Mathieu Honnorat', 'Dr Nicolas Fabre', 'Dr Sophie Chabert', 'Dr Thomas Daumas'].sort()
		);
		// Manon Castel practises in Carpentras too, individually: never listed.
		expect(names(members)).not.toContain('Dr Manon Castel');
		const manager = await actorByEmail(handle.db, 'cpts.comtat@agenda-sas.test');
		expect([...(await readablePractitioners(handle.db, manager))].sort()).toEqual(members.map((m) => m.practitioner.id).sort());
		expect(members.filter((m) => !m.manual).map((m) => m.name).sort()).toEqual(['Dr Élodie Giraud', 'Dr Mathieu Honnorat'].sort());
		expect(members.every((m) => m.weeks.length === 2)).toBe(true);
	});

	it('follow the doctor’s choice: switching to « à titre individuel » leaves the list', async () => {
		// (Dr Bonnet has never signed in: his choice is written as the sync would, straight to the table.)
		await handle.db
			.updateTable('participationSettings')
			.set({ mode: 'individual', structureId: null, cptsAddressIds: [] })
			.where('practitionerId', '=', demoId('doctor:Julien Bonnet'))
			.execute();
		const members = (await membersOf(handle.db, [COMTAT])).get(COMTAT.id)!;
		expect(names(members)).not.toContain('Dr Julien Bonnet');
		expect(members).toHaveLength(7);
	});
});

describe('indicators', () => {
	it('give an account manager the structures of the territory with their member counts and totals per kind', async () => {
		const manager = await actorByEmail(handle.db, 'comptes.vaucluse@agenda-sas.test');
		const { territory, groups } = await indicatorsFor(handle.db, manager, {});
		expect(territory).toBe('84');
		expect(groups.map((g) => [g.kind, g.totals.structures, g.totals.members])).toEqual([
			['CPTS', 1, 7],
			['MSP', 1, 4],
			['SOS', 1, 3]
		]);
		const cpts = groups[0]!;
		expect(cpts.rows[0]).toMatchObject({ name: 'CPTS du Comtat Venaissin', members: 7, manual: 5 });
		expect(cpts.rows[0]!.finess).toMatch(/^84\d{7}$/);
	});

	it('refuse another territory, and roles without indicators', async () => {
		const manager = await actorByEmail(handle.db, 'comptes.vaucluse@agenda-sas.test');
		await expect(indicatorsFor(handle.db, manager, { territory: '13' })).rejects.toMatchObject({ status: 403 });
		const regulator = await actorByEmail(handle.db, 'regulation.vaucluse@agenda-sas.test');
		await expect(indicatorsFor(handle.db, regulator, {})).rejects.toBeInstanceOf(HttpProblem);
		const doctor = await doctorActor(handle.db);
		await expect(indicatorsFor(handle.db, doctor, {})).rejects.toMatchObject({ status: 403 });
	});

	it('give a structure manager their own structures only', async () => {
		const manager = await actorByEmail(handle.db, 'cpts.comtat@agenda-sas.test');
		const { groups } = await indicatorsFor(handle.db, manager, { territory: '13' });
		expect(groups.flatMap((g) => g.rows.map((r) => r.name))).toEqual(['CPTS du Comtat Venaissin']);
	});

	it('export as CSV with the seed’s columns, one row per structure and the totals', async () => {
		const manager = await actorByEmail(handle.db, 'comptes.vaucluse@agenda-sas.test');
		const { groups } = await indicatorsFor(handle.db, manager, { kind: 'CPTS' });
		const csv = indicatorsCsv(groups[0]!);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const lines = csv.slice(1).trimEnd().split('\r\n').map((l) => l.split(';'));
		expect(lines[0]).toEqual(['Num. FINESS', 'Nom de la CPTS déclarée', 'Nb. Effecteurs', 'Agenda SAS manuel', 'Objectif atteint (semaine close)']);
		expect(lines.slice(1, -1).map((l) => l[1])).toEqual(['CPTS du Comtat Venaissin']);
		expect(lines.at(-1)!.slice(0, 4)).toEqual(['Total', '1 CPTS', '7', '5']);
	});
});

describe('a write the policy refuses', () => {
	it('is recorded as refused by the policy (the API answers it with 403)', async () => {
		const manager = await actorByEmail(handle.db, 'cpts.comtat@agenda-sas.test');
		const interfaced = demoId('doctor:Élodie Giraud');
		expect(authorizePractitioner(manager, 'agenda.write', await practitionerResource(handle.db, interfaced)).allowed).toBe(false);
		const id = newId();
		const result = await applyMutation(handle.db, manager, {
			mutationId: newId(),
			entity: 'availabilities',
			id,
			op: 'put',
			baseVersion: 0,
			data: availability({ id, practitionerId: interfaced, addressId: demoId('address:Élodie Giraud'), date: '2026-12-01', start: '18:00', end: '20:00' })
		});
		expect(result).toMatchObject({ status: 'rejected', code: 'forbidden', reason: expect.stringContaining('logiciel de prise de rendez-vous interfacé') });
	});

	it('never answers a conflict with the row of another practitioner', async () => {
		const manager = await actorByEmail(handle.db, 'cpts.comtat@agenda-sas.test');
		// A row of Dr Imbert (CPTS du Pays d’Azur), rewritten as if it were Dr Aubert's, on a wrong version.
		const theirs = await handle.db.selectFrom('availabilities').select(['id', 'version']).where('practitionerId', '=', demoId('doctor:Aurélie Imbert')).executeTakeFirstOrThrow();
		const result = await applyMutation(handle.db, manager, {
			mutationId: newId(),
			entity: 'availabilities',
			id: theirs.id,
			op: 'put',
			baseVersion: theirs.version + 5,
			data: availability({ id: theirs.id, practitionerId: demoId('doctor:Claire Aubert'), addressId: demoId('address:Claire Aubert') })
		});
		expect(result.status).toBe('rejected');
		expect(result).not.toHaveProperty('server');
		// Decided on the stored row (Dr Imbert's, not the manager's to write): refused before anything else.
		expect(result).toMatchObject({ code: 'forbidden', errors: {} });
	});
});
