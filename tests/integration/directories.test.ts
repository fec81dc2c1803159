import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/lib/server/db';
import { importFiness } from '../../src/lib/server/directories/import-finess';
import { importRpps } from '../../src/lib/server/directories/import-rpps';
import { newId } from '../../src/lib/domain/ids';
import type { Mutation } from '../../src/lib/domain/sync';
import type { ServerActor } from '../../src/lib/server/auth/actor';
import { directoryEntry, lookUpRpps } from '../../src/lib/server/directories/lookup';
import { signInWithPsc } from '../../src/lib/server/auth/psc-login.service';
import { loadConfig } from '../../src/lib/server/config';
import { seedDemoData } from '../../src/lib/server/seed';
import { demoId } from '../../src/lib/server/seed/demo-data';
import { push } from '../../src/lib/server/sync/push';
import { FINESS_ROWS, RPPS_ROWS, finessFile, rppsFile, rppsNumber, windows1252 } from '../fixtures/directory-files';
import { actorByEmail } from './helpers/actors';
import { openTestDatabase } from './helpers/database';

const dir = mkdtempSync(join(tmpdir(), 'agenda-sas-directories-'));
const write = (name: string, content: string | Buffer) => {
	const path = join(dir, name);
	writeFileSync(path, content);
	return path;
};

let handle: DatabaseHandle;
beforeAll(async () => {
	handle = await openTestDatabase();
});
afterAll(() => handle.close());

const byFiness = (finess: string) => handle.db.selectFrom('structures').selectAll().where('finess', '=', finess).executeTakeFirstOrThrow();

describe('FINESS import', () => {
	const [cpts, msp, centre, hospital, marseille] = FINESS_ROWS;
	const file = write('etalab-cs1100507-stock.csv', finessFile(FINESS_ROWS, { extra: ['structureet;840009011;trop;court', 'structureet;840009010;;X;X;;;;;;;;031;84;V;84200 CARPENTRAS;;;604;C;;;;;;;;;;;;'] }));

	it('keeps the CPTS, MSP and centres, located in WGS84 from each row’s system, and counts what it skipped and refused', async () => {
		const summary = await importFiness(handle.db, file);
		expect(summary).toMatchObject({ encoding: 'utf-8', extractedOn: '2026-05-12', kept: { CPTS: 2, MSP: 1, CDS: 1 }, skipped: 1, located: 3, created: 4, updated: 0, closed: 0, refused: 2 });
		// Line numbers count the metadata line: the two extra lines come after the 5 establishments.
		expect(summary.refusals).toEqual([
			{ line: 7, reason: 'ligne incomplète (4 champs au lieu de 32)' },
			{ line: 8, reason: 'numéro FINESS invalide « 840009010 »' }
		]);
		const reunion = await byFiness(centre!.finess);
		expect(reunion).toMatchObject({ kind: 'CDS', territory: '974', inseeCode: '97411', closed: false, version: 1 });
		expect(reunion.latitude).toBeCloseTo(-20.97571, 4);
		expect(reunion.longitude).toBeCloseTo(55.29821, 4);
		const vaucluse = await byFiness(cpts!.finess);
		expect(vaucluse).toMatchObject({ name: 'CPTS DES MONTS DE VAUCLUSE; "LES SOURCES"', street: '12 AVENUE DES PLATANES', city: 'CARPENTRAS', zone: ['84031'] });
		expect((await byFiness(msp!.finess)).latitude).toBeCloseTo(44.56, 1);
		expect(await handle.db.selectFrom('structures').select('id').where('finess', '=', hospital!.finess).executeTakeFirst()).toBeUndefined();
	});

	it('changes nothing when run again (no new version, no change number)', async () => {
		const before = await handle.db.selectFrom('structures').select(['id', 'version', 'seq']).orderBy('id').execute();
		const summary = await importFiness(handle.db, file);
		expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 4, closed: 0 });
		expect(await handle.db.selectFrom('structures').select(['id', 'version', 'seq']).orderBy('id').execute()).toEqual(before);
	});

	it('closes a structure the file no longer lists, keeping it, and reopens it when it comes back', async () => {
		const without = write('sans-marseille.csv', finessFile(FINESS_ROWS.filter((r) => r !== marseille)));
		expect(await importFiness(handle.db, without)).toMatchObject({ closed: 1, unchanged: 3 });
		expect(await byFiness(marseille!.finess)).toMatchObject({ closed: true, deleted: false, version: 2 });
		expect(await importFiness(handle.db, without)).toMatchObject({ closed: 0, unchanged: 3 });
		expect(await importFiness(handle.db, file)).toMatchObject({ updated: 1 });
		expect(await byFiness(marseille!.finess)).toMatchObject({ closed: false, version: 3 });
	});

	it('reads the Windows-1252 extract without geolocation, keeping the places it knew', async () => {
		const renamed = FINESS_ROWS.map((r) => (r === msp ? { ...r, name: 'MAISON DE SANTÉ DES ÉCRINS ET DU CHAMPSAUR' } : r));
		const latin = write('etalab-cs1100502-stock.csv', windows1252(finessFile(renamed, { geolocated: false })));
		const summary = await importFiness(handle.db, latin);
		expect(summary).toMatchObject({ encoding: 'windows-1252', located: 0, updated: 1, unchanged: 3 });
		const updated = await byFiness(msp!.finess);
		expect(updated.name).toBe('MAISON DE SANTÉ DES ÉCRINS ET DU CHAMPSAUR');
		expect(updated.latitude).toBeCloseTo(44.56, 1);
	});

	it('keeps the address and phone a manager wrote on the card', async () => {
		const structure = await byFiness(cpts!.finess);
		await handle.db.updateTable('structures').set({ phone: '0490999999', street: '1 place du Marché' }).where('id', '=', structure.id).execute();
		await handle.db.updateTable('structureSources').set({ cardEditedAt: new Date() }).where('structureId', '=', structure.id).execute();
		expect(await importFiness(handle.db, file)).toMatchObject({ updated: 1 });
		expect(await byFiness(cpts!.finess)).toMatchObject({ phone: '0490999999', street: '1 place du Marché', name: 'CPTS DES MONTS DE VAUCLUSE; "LES SOURCES"' });
	});
});

describe('RPPS import', () => {
	it.each([
		['56 columns', { columns: 56 as const }],
		['52 columns, each line ending with |', { columns: 52 as const, trailing: true }]
	])('keeps the médecins and their sites (%s)', async (_, options) => {
		const path = write(`rpps-${options.columns}.txt`, rppsFile(RPPS_ROWS, { ...options, extra: ['8|123|trop court'] }));
		const summary = await importRpps(handle, path);
		expect(summary).toMatchObject({ lines: 7, activities: 4, skipped: 1, practitioners: 2, sites: 3, refused: 1 });
		expect(summary.refusals[0]!.line).toBe(7);
		const directory = await handle.db.selectFrom('directoryPractitioners').selectAll().orderBy('rpps').execute();
		// A doctor with two specialties is a general practitioner when one of them is.
		expect(directory.map((p) => [p.lastName, p.specialtyCode])).toEqual([
			['FABRE', 'SM54'],
			['NGUYEN', 'SM53']
		]);
		const sites = await handle.db.selectFrom('directorySites').selectAll().where('rpps', '=', RPPS_ROWS[0]!.rpps).orderBy('postalCode').execute();
		expect(sites.map((s) => [s.postalCode, s.inseeCode, s.finess])).toEqual([
			['05000', '05061', FINESS_ROWS[1]!.finess],
			['84200', '84031', null]
		]);
	});

	it('replaces the directory as a whole, and leaves it as it was when the file is unreadable', async () => {
		const empty = write('vide.txt', '');
		await expect(importRpps(handle, empty)).rejects.toThrow('la ligne d’en-tête manque');
		expect(await handle.db.selectFrom('directoryPractitioners').select('rpps').execute()).toHaveLength(2);
		const one = write('un-seul.txt', rppsFile([RPPS_ROWS[2]!]));
		expect(await importRpps(handle, one)).toMatchObject({ practitioners: 1 });
		expect(await handle.db.selectFrom('directoryPractitioners').select('rpps').execute()).toEqual([{ rpps: RPPS_ROWS[2]!.rpps }]);
	});
});

describe('a health centre adds a doctor: checked against the directory when it is loaded', () => {
	const CENTRE = demoId('structure:cds-chartreux');
	const doctor = (rpps: string, lastName: string, firstName: string): Mutation => {
		const id = newId();
		return { mutationId: newId(), entity: 'practitioners', id, op: 'put', baseVersion: 0, data: { id, rpps, lastName, firstName, specialties: ['Médecine générale'], phone: null, registeredAt: null, healthCentreId: CENTRE } };
	};
	let secretary: ServerActor;

	beforeAll(async () => {
		await seedDemoData(handle.db);
		secretary = await actorByEmail(handle.db, 'secretariat.chartreux@agenda-sas.test');
		await importRpps(handle, write('annuaire.txt', rppsFile(RPPS_ROWS)));
	});

	it('takes a listed RPPS under its names, accents and case aside', async () => {
		const [result] = await push(handle.db, secretary, [doctor(RPPS_ROWS[0]!.rpps, 'Fabre', 'ODILE')]);
		expect(result).toMatchObject({ status: 'applied' });
	});

	it('refuses an RPPS the directory does not list, or listed under another name, saying which', async () => {
		const unknown = (await push(handle.db, secretary, [doctor(rppsNumber('1099000099'), 'Martin', 'Jeanne')]))[0]!;
		expect(unknown).toMatchObject({ status: 'rejected', errors: { rpps: ['Ce numéro RPPS n’est pas dans l’annuaire national des professionnels de santé : vérifiez-le.'] } });
		const other = (await push(handle.db, secretary, [doctor(RPPS_ROWS[2]!.rpps, 'Nguyen', 'Pauline')]))[0]!;
		expect(other).toMatchObject({ status: 'rejected', errors: { firstName: ['L’annuaire national connaît ce numéro RPPS sous le nom NGUYEN Paul : vérifiez le prénom ou le numéro.'] } });
	});

	it('tells « Ajouter un médecin » the directory’s names before anything is written', async () => {
		expect(await lookUpRpps(handle.db, RPPS_ROWS[2]!.rpps)).toEqual({ loaded: true, practitioner: { lastName: 'NGUYEN', firstName: 'Paul', specialty: 'Spécialiste en Médecine Générale' } });
		expect(await lookUpRpps(handle.db, rppsNumber('1099000099'))).toEqual({ loaded: true, practitioner: null });
	});
});

describe('a doctor of the directory signing in for the first time', () => {
	it('gets the directory’s specialty when Pro Santé Connect gives none, and is proposed its places', async () => {
		await signInWithPsc(handle.db, loadConfig({}), { rpps: RPPS_ROWS[2]!.rpps, idnps: `8${RPPS_ROWS[2]!.rpps}`, firstName: 'Paul', lastName: 'Nguyen', specialties: [] } as never, null);
		const record = await handle.db.selectFrom('practitioners').select('specialties').where('rpps', '=', RPPS_ROWS[2]!.rpps).executeTakeFirstOrThrow();
		expect(record.specialties).toEqual(['Médecine générale']);
		expect(await directoryEntry(handle.db, RPPS_ROWS[0]!.rpps)).toEqual({
			loaded: true,
			specialty: 'Médecine générale',
			sites: [
				{ name: 'MAISON DE SANTÉ DES ÉCRINS', street: null, postalCode: '05000', city: 'Gap', inseeCode: '05061', phone: null },
				{ name: 'CABINET DU DR FABRE', street: '12 Avenue DES PLATANES', postalCode: '84200', city: 'Carpentras', inseeCode: '84031', phone: '0490112244' }
			]
		});
	});
});
