import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerActor } from '../../src/lib/server/auth/actor';
import type { DatabaseHandle } from '../../src/lib/server/db';
import { importFiness } from '../../src/lib/server/directories/import-finess';
import { HttpProblem } from '../../src/lib/server/http/problem';
import { communesByCode, searchCommunes } from '../../src/lib/server/communes';
import { seedDemoData } from '../../src/lib/server/seed';
import { demoId } from '../../src/lib/server/seed/demo-data';
import { createStructure, updateStructure } from '../../src/lib/server/services/structure-card.service';
import { pull } from '../../src/lib/server/sync/pull';
import { FINESS_ROWS, finessFile, finessNumber } from '../fixtures/directory-files';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actorByEmail, doctorActor } from './helpers/actors';
import { openTestDatabase } from './helpers/database';

let handle: DatabaseHandle;
let accounts84: ServerActor;
let cptsManager: ServerActor;
const COMTAT = demoId('structure:cpts-comtat');

beforeAll(async () => {
	handle = await openTestDatabase();
	await seedDemoData(handle.db);
	accounts84 = await actorByEmail(handle.db, 'comptes.vaucluse@agenda-sas.test');
	cptsManager = await actorByEmail(handle.db, 'cpts.comtat@agenda-sas.test');
});
afterAll(() => handle.close());

/** The problem a call throws: its status and its errors by field. */
async function problem(call: Promise<unknown>): Promise<{ status: number; errors?: Record<string, string[]>; detail?: string }> {
	try {
		await call;
	} catch (error) {
		if (error instanceof HttpProblem) return { status: error.status, errors: error.errors, detail: error.detail };
		throw error;
	}
	throw new Error('no problem thrown');
}

const card = { phone: '0490000001', email: null, street: '2 rue de la Gare', postalCode: '84200', city: 'Carpentras', zone: ['84031'] };

describe('an account manager creates a structure by hand', () => {
	it('creates a CPTS of their territory with its FINESS, which the devices of that territory then pull', async () => {
		const created = await createStructure(handle.db, accounts84, { kind: 'CPTS', name: 'CPTS des Dentelles', finess: finessNumber('84000777'), siret: null, territory: '84', ...card });
		expect(created).toMatchObject({ kind: 'CPTS', name: 'CPTS des Dentelles', version: 1, closed: false, participates: false });
		const vaucluse = await doctorActor(handle.db);
		expect((await pull(handle.db, vaucluse, 0, 1000)).rows.some((r) => r.row.id === created.id)).toBe(true);
		const azur = await actorByEmail(handle.db, 'cpts.azur@agenda-sas.test');
		expect((await pull(handle.db, azur, 0, 1000)).rows.some((r) => r.row.id === created.id)).toBe(false);
	});

	it('asks SOS Médecins for a SIRET and the others for a FINESS number, on the field', async () => {
		const sos = await problem(createStructure(handle.db, accounts84, { kind: 'SOS', name: 'SOS Médecins Orange', finess: null, siret: null, territory: '84', ...card }));
		expect(sos).toMatchObject({ status: 422, errors: { siret: ['Le SIRET de l’association est obligatoire (SOS Médecins n’a pas de numéro FINESS)'] } });
		const msp = await problem(createStructure(handle.db, accounts84, { kind: 'MSP', name: 'MSP sans numéro', finess: null, siret: null, territory: '84', ...card }));
		expect(msp).toMatchObject({ status: 422, errors: { finess: ['Le numéro FINESS de l’établissement est obligatoire'] } });
		// A SIRET whose check digit is wrong is refused on its field, as on the device.
		const wrong = await problem(createStructure(handle.db, accounts84, { kind: 'SOS', name: 'SOS Médecins Orange', finess: null, siret: '12345678901234', territory: '84', ...card }));
		expect(wrong).toMatchObject({ status: 422, errors: { siret: ["Ce SIRET n’est pas valide : vérifiez les chiffres (clé de contrôle)"] } });
		const made = await createStructure(handle.db, accounts84, { kind: 'SOS', name: 'SOS Médecins Orange', finess: null, siret: '123 456 789 00023', territory: '84', ...card });
		expect(made.siret).toBe('12345678900023');
	});

	it('refuses another territory, another role, and a FINESS number another structure carries', async () => {
		expect((await problem(createStructure(handle.db, accounts84, { kind: 'MSP', name: 'MSP de Nice', finess: finessNumber('06000778'), siret: null, territory: '06', ...card }))).status).toBe(403);
		expect((await problem(createStructure(handle.db, cptsManager, { kind: 'MSP', name: 'MSP', finess: finessNumber('84000779'), siret: null, territory: '84', ...card }))).status).toBe(403);
		const duplicate = await problem(createStructure(handle.db, accounts84, { kind: 'CPTS', name: 'Doublon', finess: finessNumber('84000777'), siret: null, territory: '84', ...card }));
		expect(duplicate).toMatchObject({ status: 409, errors: { finess: ['Ce numéro est déjà celui de « CPTS des Dentelles ».'] } });
	});
});

describe('the card of a structure', () => {
	it('is kept by its manager (name, phone, e-mail, address, communes served), versioned and audited', async () => {
		const before = await handle.db.selectFrom('structures').select('version').where('id', '=', COMTAT).executeTakeFirstOrThrow();
		const updated = await updateStructure(handle.db, cptsManager, COMTAT, before.version, { phone: '0490123456', email: 'Contact@CPTS-Comtat.fr', zone: ['84031', '84088'] });
		expect(updated).toMatchObject({ phone: '0490123456', email: 'contact@cpts-comtat.fr', zone: ['84031', '84088'], version: before.version + 1 });
		const trail = await handle.db.selectFrom('auditLog').select(['action', 'actorLabel']).where('entityId', '=', COMTAT).execute();
		expect(trail.at(-1)).toMatchObject({ action: 'update' });
	});

	it('says when it changed meanwhile, and refuses invalid values on their field', async () => {
		expect((await problem(updateStructure(handle.db, cptsManager, COMTAT, 1, { phone: '0490000000' }))).status).toBe(409);
		const current = await handle.db.selectFrom('structures').select('version').where('id', '=', COMTAT).executeTakeFirstOrThrow();
		expect(await problem(updateStructure(handle.db, cptsManager, COMTAT, current.version, { postalCode: '842' }))).toMatchObject({ status: 422, errors: { postalCode: ['Code postal invalide (5 chiffres)'] } });
	});

	it('leaves FINESS, SIRET and closing to the account manager', async () => {
		const current = await handle.db.selectFrom('structures').select('version').where('id', '=', COMTAT).executeTakeFirstOrThrow();
		expect(await problem(updateStructure(handle.db, cptsManager, COMTAT, current.version, { closed: true }))).toMatchObject({ status: 403, detail: 'Seul un gestionnaire de comptes du territoire modifie l’identification d’une structure.' });
		const other = await actorByEmail(handle.db, 'cpts.azur@agenda-sas.test');
		expect((await problem(updateStructure(handle.db, other, COMTAT, current.version, { phone: '0490000000' }))).status).toBe(403);
		// A CPTS keeps a FINESS number: the rule of creation holds for a change too.
		expect(await problem(updateStructure(handle.db, accounts84, COMTAT, current.version, { finess: null }))).toMatchObject({ status: 422, errors: { finess: ['Le numéro FINESS de l’établissement est obligatoire'] } });
		const closed = await updateStructure(handle.db, accounts84, COMTAT, current.version, { closed: true });
		expect(closed.closed).toBe(true);
		await updateStructure(handle.db, accounts84, COMTAT, closed.version, { closed: false });
	});

	it('keeps what its manager wrote when FINESS is imported again', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'agenda-sas-cards-'));
		const file = join(dir, 'finess.csv');
		const comtat = await handle.db.selectFrom('structures').selectAll().where('id', '=', COMTAT).executeTakeFirstOrThrow();
		writeFileSync(file, finessFile([{ ...FINESS_ROWS[0]!, finess: comtat.finess!, name: 'CPTS DU COMTAT VENAISSIN', phone: '0490777777' }]));
		await importFiness(handle.db, file);
		expect(await handle.db.selectFrom('structures').select(['name', 'phone', 'email']).where('id', '=', COMTAT).executeTakeFirstOrThrow()).toEqual({ name: 'CPTS DU COMTAT VENAISSIN', phone: '0490123456', email: 'contact@cpts-comtat.fr' });
	});
});

describe('communes of the Code officiel géographique', () => {
	it('are found by name without accents, by postal code and by INSEE code, in a département first', async () => {
		expect((await searchCommunes('bedoin'))[0]).toMatchObject({ code: '84017', name: 'Bédoin', department: '84', postalCodes: ['84410'] });
		expect((await searchCommunes('84200')).map((c) => c.name)).toContain('Carpentras');
		expect((await searchCommunes('97411'))[0]).toMatchObject({ name: 'Saint-Denis', department: '974' });
		expect((await searchCommunes('saint-denis', { department: '974' })).map((c) => c.code)).toEqual(['97411']);
		// Marseille's arrondissements have their own codes, as the demo's places do.
		expect((await communesByCode(['13204', '99999'])).map((c) => c.name)).toEqual(['Marseille 4e Arrondissement']);
	});

	it('are the only communes a card may serve', async () => {
		const current = await handle.db.selectFrom('structures').select('version').where('id', '=', COMTAT).executeTakeFirstOrThrow();
		expect(await problem(updateStructure(handle.db, cptsManager, COMTAT, current.version, { zone: ['84031', '84999'] }))).toMatchObject({ status: 422, errors: { zone: ['Commune inconnue : 84999'] } });
	});
});

describe('a change of a structure', () => {
	it('changes only the fields sent: a field left out is not emptied, and a manager sending the card alone is not refused', async () => {
		const { structurePatchSchema } = await import('../../src/lib/domain/schemas');
		const patch = structurePatchSchema.parse({ phone: '0490555555' });
		expect(patch).toEqual({ phone: '0490555555' });
		const before = await handle.db.selectFrom('structures').selectAll().where('id', '=', COMTAT).executeTakeFirstOrThrow();
		const after = await updateStructure(handle.db, cptsManager, COMTAT, before.version, patch);
		expect(after).toMatchObject({ phone: '0490555555', email: before.email, street: before.street, zone: before.zone });
	});
});
