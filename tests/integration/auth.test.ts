import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../src/lib/domain/ids';
import { loadActor } from '../../src/lib/server/auth/actor';
import { createAccount, listAccounts, loginWithPassword, reissueInvitation, resetAccountPassword, setAccountDisabled } from '../../src/lib/server/auth/accounts.service';
import { choosePassword as acceptInvitation, passwordLinkInfo as invitationInfo, requestPasswordReset, RESET_LIMITS } from '../../src/lib/server/auth/password-links.service';
import { readdirSync, readFileSync } from 'node:fs';
import { signInWithPsc } from '../../src/lib/server/auth/psc-login.service';
import { LOGIN_LIMITS } from '../../src/lib/server/auth/rate-limit';
import { createSession, readSession } from '../../src/lib/server/auth/sessions';
import { auditTrail } from '../../src/lib/server/audit';
import { loadConfig } from '../../src/lib/server/config';
import type { DatabaseHandle } from '../../src/lib/server/db';
import { HttpProblem } from '../../src/lib/server/http/problem';
import { seedDemoData } from '../../src/lib/server/seed';
import { DEMO_PRACTITIONER_ID, demoId } from '../../src/lib/server/seed/demo-data';
import { openTestDatabase } from './helpers/database';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let handle: DatabaseHandle;
const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'agenda-sas-auth-')), DEMO_DATA: 'true' });
const ORIGIN = 'http://localhost:4173';
const MANAGER = { email: 'comptes.vaucluse@agenda-sas.test', password: 'demo-comptes-84' };

/** The messages the mailer wrote (no SMTP_URL: .eml files in DATA_DIR/mail), for one address, oldest first. */
function mailsTo(address: string): string[] {
	let files: string[];
	try {
		files = readdirSync(config.mail.outbox).sort();
	} catch {
		return [];
	}
	return files.filter((f) => f.endsWith(`${address.replace(/[^a-z0-9@._-]/gi, '_')}.eml`)).map((f) => Buffer.from(readFileSync(join(config.mail.outbox, f), 'utf8').replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

function lastMailTo(address: string): string {
	return mailsTo(address).at(-1) ?? '';
}

async function problem(promise: Promise<unknown>): Promise<HttpProblem> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof HttpProblem) return error;
		throw error;
	}
	throw new Error('expected a problem');
}

const login = (email: string, password: string, ip = '192.0.2.1') => loginWithPassword(handle.db, config, { email, password, ip, userAgent: 'vitest' });

async function accountManager() {
	const { accountId } = (await readSession(handle.db, (await login(MANAGER.email, MANAGER.password)).token, config.session))!;
	return (await loadActor(handle.db, accountId))!;
}

beforeAll(async () => {
	handle = await openTestDatabase();
	await seedDemoData(handle.db, '2026-11-23');
});
afterAll(async () => {
	await handle?.close();
});
beforeEach(async () => {
	await handle.db.deleteFrom('loginFailures').execute();
});

describe('password sign-in', () => {
	it('stores passwords as argon2id hashes, never in clear', async () => {
		const row = await handle.db.selectFrom('accounts').select('passwordHash').where('email', '=', MANAGER.email).executeTakeFirstOrThrow();
		expect(row.passwordHash).toMatch(/^\$argon2id\$/);
		expect(row.passwordHash).not.toContain(MANAGER.password);
	});

	it(`refuses an account after ${LOGIN_LIMITS.perAccount} failures in ${LOGIN_LIMITS.windowMinutes} minutes, even with the right password`, async () => {
		for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
			expect((await problem(login(MANAGER.email, 'mauvais mot de passe'))).status).toBe(401);
		}
		const locked = await problem(login(MANAGER.email, MANAGER.password));
		expect(locked.status).toBe(429);
		expect(locked.detail).toMatch(/^Trop de tentatives de connexion pour ce compte\. Réessayez dans 1[45] minutes\.$/);
		expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
		// Once the window has passed, the right password works again.
		await handle.db.updateTable('loginFailures').set({ at: new Date(Date.now() - (LOGIN_LIMITS.windowMinutes + 1) * 60_000) }).execute();
		await expect(login(MANAGER.email, MANAGER.password)).resolves.toMatchObject({ token: expect.any(String) });
	});

	it('does not lock after one failure fewer than the limit, and a success forgets the failures', async () => {
		for (let i = 0; i < LOGIN_LIMITS.perAccount - 1; i++) await problem(login(MANAGER.email, 'mauvais mot de passe'));
		await expect(login(MANAGER.email, MANAGER.password)).resolves.toBeTruthy();
		for (let i = 0; i < LOGIN_LIMITS.perAccount - 1; i++) await problem(login(MANAGER.email, 'mauvais mot de passe'));
		await expect(login(MANAGER.email, MANAGER.password)).resolves.toBeTruthy();
	});

	it(`refuses an address after ${LOGIN_LIMITS.perAddress} failures on any accounts`, async () => {
		for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) await problem(login(`inconnu${i}@exemple.fr`, 'x', '198.51.100.7'));
		const blocked = await problem(login(MANAGER.email, MANAGER.password, '198.51.100.7'));
		expect(blocked.status).toBe(429);
		expect(blocked.detail).toMatch(/^Trop de tentatives de connexion depuis votre adresse réseau/);
		await expect(login(MANAGER.email, MANAGER.password, '198.51.100.8')).resolves.toBeTruthy();
	});

	it('answers the same for an unknown e-mail and a wrong password', async () => {
		const unknown = await problem(login('personne@exemple.fr', 'peu importe'));
		const wrong = await problem(login(MANAGER.email, 'peu importe'));
		expect([unknown.status, unknown.detail]).toEqual([wrong.status, wrong.detail]);
		expect(wrong.detail).toBe('Adresse e-mail ou mot de passe incorrect.');
	});

	it('refuses demo accounts when the server does not run in demo mode', async () => {
		const production = { ...config, demoData: false };
		const error = await problem(loginWithPassword(handle.db, production, { ...MANAGER, ip: '192.0.2.9', userAgent: null }));
		expect(error.status).toBe(401);
	});
});

describe('sessions', () => {
	it('end after the idle timeout and after the absolute timeout', async () => {
		const accountId = (await accountManager()).accountId;
		const policy = { idleMs: 60_000, maxMs: 3_600_000 };
		const start = new Date('2026-11-23T10:00:00Z');
		const { token } = await createSession(handle.db, accountId, policy, null, start);
		expect(await readSession(handle.db, token, policy, new Date(start.getTime() + 30_000))).toMatchObject({ accountId });
		expect(await readSession(handle.db, token, policy, new Date(start.getTime() + 120_000))).toBeNull();

		const second = await createSession(handle.db, accountId, { ...policy, idleMs: 10 * 3_600_000 }, null, start);
		expect(await readSession(handle.db, second.token, { ...policy, idleMs: 10 * 3_600_000 }, new Date(start.getTime() + 3_600_001))).toBeNull();
	});

	it('are stored hashed: the cookie token is not in the database', async () => {
		const { token } = await login(MANAGER.email, MANAGER.password);
		const ids = (await handle.db.selectFrom('sessions').select('id').execute()).map((s) => s.id);
		expect(ids).not.toContain(token);
		expect(ids.every((id) => /^[0-9a-f]{64}$/.test(id))).toBe(true);
	});
});

describe('accounts and invitations', () => {
	it('creates a CPTS manager with a single-use invitation that sets the password', async () => {
		const manager = await accountManager();
		const email = 'coordinatrice@cpts-comtat.test';
		const created = await createAccount(handle.db, config, ORIGIN, manager, {
			email,
			firstName: 'Léa',
			lastName: 'Vasseur',
			role: 'structureManager',
			structureIds: [demoId('structure:cpts-comtat')],
			territory: '84'
		});
		const token = created.invitationUrl.split('/').at(-1)!;
		expect(created.invitationUrl).toBe(`${ORIGIN}/invitation/${token}`);
		expect(await invitationInfo(handle.db, token)).toMatchObject({ email, firstName: 'Léa' });
		expect((await listAccounts(handle.db, manager)).find((a) => a.email === email)).toMatchObject({ status: 'invited', structures: [{ name: 'CPTS du Comtat Venaissin' }] });

		await acceptInvitation(handle.db, token, 'une phrase de passe solide');
		expect((await problem(acceptInvitation(handle.db, token, 'une autre phrase longue'))).status).toBe(410);
		await expect(login(email, 'une phrase de passe solide')).resolves.toBeTruthy();
		expect((await listAccounts(handle.db, manager)).find((a) => a.email === email)?.status).toBe('active');
	});

	it('refuses an account outside the territory, and a duplicate e-mail', async () => {
		const manager = await accountManager();
		const outside = await problem(
			createAccount(handle.db, config, ORIGIN, manager, { email: 'x@cpts-azur.test', firstName: 'A', lastName: 'B', role: 'structureManager', structureIds: [demoId('structure:cpts-azur')], territory: '84' })
		);
		expect([outside.status, outside.detail]).toEqual([403, 'Ce compte ne relève pas de votre territoire.']);
		const duplicate = await problem(
			createAccount(handle.db, config, ORIGIN, manager, { email: MANAGER.email, firstName: 'A', lastName: 'B', role: 'regulator', structureIds: [], territory: '84' })
		);
		expect(duplicate.status).toBe(409);
	});

	it('expires invitations after 7 days, and a new invitation revokes the previous one', async () => {
		const manager = await accountManager();
		const created = await createAccount(handle.db, config, ORIGIN, manager, { email: 'regulateur@samu84.test', firstName: 'Marc', lastName: 'Teyssier', role: 'regulator', structureIds: [], territory: '84' });
		const first = created.invitationUrl.split('/').at(-1)!;
		const second = (await reissueInvitation(handle.db, config, ORIGIN, manager, created.id)).invitationUrl.split('/').at(-1)!;
		expect((await problem(invitationInfo(handle.db, first))).status).toBe(404);
		await handle.db.updateTable('invitations').set({ expiresAt: new Date(Date.now() - 1000) }).where('accountId', '=', created.id).where('revokedAt', 'is', null).execute();
		const expired = await problem(invitationInfo(handle.db, second));
		expect([expired.status, expired.detail]).toEqual([410, 'Ce lien d’invitation a expiré (7 jours). Demandez-en un nouveau au gestionnaire de comptes de votre territoire.']);
	});

	it('disables an account: its sessions end and it cannot sign in; the change is audited', async () => {
		const manager = await accountManager();
		const target = await handle.db.selectFrom('accounts').select(['id', 'email']).where('email', '=', 'msp.ventoux@agenda-sas.test').executeTakeFirstOrThrow();
		const { token } = await login(target.email!, 'demo-msp-ventoux');
		await setAccountDisabled(handle.db, manager, target.id, true);
		expect(await readSession(handle.db, token, config.session)).toBeNull();
		expect((await problem(login(target.email!, 'demo-msp-ventoux'))).status).toBe(403);
		const entry = await handle.db.selectFrom('auditLog').selectAll().where('entityId', '=', target.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
		expect(entry).toMatchObject({ role: 'accountManager', action: 'update', before: { disabled: false }, after: { disabled: true } });
		await setAccountDisabled(handle.db, manager, target.id, false);
		await expect(login(target.email!, 'demo-msp-ventoux')).resolves.toBeTruthy();
	});

	it('never hands anyone an active account: no invitation for it, a reset that goes to its owner only, the audit naming who did what', async () => {
		const manager = await accountManager();
		const regulator = await handle.db.selectFrom('accounts').select(['id', 'email']).where('email', '=', 'regulation.vaucluse@agenda-sas.test').executeTakeFirstOrThrow();
		const owner = await login(regulator.email!, 'demo-regulation-84');
		// Once, « Renvoyer l’invitation » on an active account gave the manager a link that set its password.
		const refused = await problem(reissueInvitation(handle.db, config, ORIGIN, manager, regulator.id));
		expect([refused.status, refused.detail]).toEqual([409, 'Ce compte est déjà activé : envoyez plutôt à son titulaire une réinitialisation du mot de passe.']);
		const sent = await resetAccountPassword(handle.db, config, ORIGIN, manager, regulator.id);
		expect(sent).toEqual({ id: regulator.id, sentTo: regulator.email, expiresAt: expect.any(String) });
		expect(JSON.stringify(sent)).not.toMatch(/mot-de-passe\//);
		// The owner's password and session still work until the owner chooses a new one.
		expect(await readSession(handle.db, owner.token, config.session)).not.toBeNull();
		await expect(login(regulator.email!, 'demo-regulation-84')).resolves.toBeTruthy();
		const mail = lastMailTo(regulator.email!);
		expect(mail).toContain('vous envoie un lien pour choisir un nouveau mot de passe Agenda SAS');
		const token = /\/mot-de-passe\/([\w-]+)/.exec(mail)![1]!;
		expect(await invitationInfo(handle.db, token)).toMatchObject({ email: regulator.email, purpose: 'reset' });
		await acceptInvitation(handle.db, token, 'nouvelle phrase de passe');
		expect(await readSession(handle.db, owner.token, config.session)).toBeNull();
		await expect(login(regulator.email!, 'nouvelle phrase de passe')).resolves.toBeTruthy();
		const trail = await handle.db.selectFrom('auditLog').select(['actorLabel', 'after']).where('entityId', '=', regulator.id).orderBy('id').execute();
		expect(trail.slice(-2)).toEqual([
			{ actorLabel: expect.stringContaining('(gestionnaire de comptes)'), after: { passwordReset: `envoyée à ${regulator.email}` } },
			{ actorLabel: `${regulator.email} (titulaire du compte)`, after: { password: 'réinitialisé par le lien envoyé à son adresse' } }
		]);
		// An invitation link made before, for an account now active, opens nothing.
		const old = await createAccount(handle.db, config, ORIGIN, manager, { email: 'ancien@samu84.test', firstName: 'Noé', lastName: 'Ancien', role: 'regulator', structureIds: [], territory: '84' });
		await handle.db.updateTable('accounts').set({ passwordHash: 'x' }).where('id', '=', old.id).execute();
		expect((await problem(invitationInfo(handle.db, old.invitationUrl.split('/').at(-1)!))).status).toBe(410);
	});

	it('« Mot de passe oublié ? »: the same answer for any address, a one-hour single-use link to an active account, limited per address', async () => {
		const email = 'msp.ventoux@agenda-sas.test';
		const before = mailsTo(email).length;
		await requestPasswordReset(handle.db, config, ORIGIN, { email, ip: '192.0.2.10' });
		await requestPasswordReset(handle.db, config, ORIGIN, { email: 'personne@exemple.fr', ip: '192.0.2.10' });
		expect(mailsTo('personne@exemple.fr')).toHaveLength(0);
		expect(mailsTo(email)).toHaveLength(before + 1);
		const token = /\/mot-de-passe\/([\w-]+)/.exec(lastMailTo(email))![1]!;
		const info = await invitationInfo(handle.db, token);
		expect(Date.parse(info.expiresAt) - Date.now()).toBeLessThanOrEqual(3_600_000);
		await handle.db.updateTable('invitations').set({ expiresAt: new Date(Date.now() - 1000) }).where('accountId', '=', (await handle.db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id).where('revokedAt', 'is', null).execute();
		expect((await problem(acceptInvitation(handle.db, token, 'une phrase de passe solide'))).status).toBe(410);
		for (let i = 1; i < RESET_LIMITS.perAccount; i++) await requestPasswordReset(handle.db, config, ORIGIN, { email, ip: `192.0.2.${20 + i}` });
		const limited = await problem(requestPasswordReset(handle.db, config, ORIGIN, { email, ip: '192.0.2.99' }));
		expect(limited.status).toBe(429);
		// The limit is the same for an address without account: it tells nothing either.
		for (let i = 0; i < RESET_LIMITS.perAccount; i++) await requestPasswordReset(handle.db, config, ORIGIN, { email: 'inconnu@exemple.fr', ip: `198.51.100.${i}` });
		expect((await problem(requestPasswordReset(handle.db, config, ORIGIN, { email: 'inconnu@exemple.fr', ip: '198.51.100.99' }))).status).toBe(429);
	});

	it('lets only account managers manage accounts', async () => {
		const { accountId } = (await readSession(handle.db, (await login('cpts.comtat@agenda-sas.test', 'demo-cpts-comtat')).token, config.session))!;
		const cpts = (await loadActor(handle.db, accountId))!;
		expect((await problem(listAccounts(handle.db, cpts))).status).toBe(403);
	});
});

describe('first sign-in with Pro Santé Connect', () => {
	it('creates the practitioner, their settings and their account, and audits it', async () => {
		const rpps = `1099999999`;
		const identity = { idnps: `8${rpps}${luhnCheckDigit(rpps)}`, rpps: rpps + luhnCheckDigit(rpps), firstName: 'Yves', lastName: 'Moreau', specialties: ['Médecine générale' as const] };
		const { token } = await signInWithPsc(handle.db, config, identity, null);
		const actor = (await loadActor(handle.db, (await readSession(handle.db, token, config.session))!.accountId))!;
		expect(actor).toMatchObject({ role: 'practitioner', firstName: 'Yves', lastName: 'Moreau' });
		const practitioner = await handle.db.selectFrom('practitioners').selectAll().where('id', '=', actor.practitionerId!).executeTakeFirstOrThrow();
		expect(practitioner).toMatchObject({ rpps: identity.rpps, version: 1 });
		expect(await handle.db.selectFrom('participationSettings').select('participates').where('practitionerId', '=', practitioner.id).executeTakeFirst()).toEqual({ participates: false });
		expect((await auditTrail(handle.db, practitioner.id)).map((e) => `${e.entity} ${e.action}`).sort()).toEqual(['account create', 'practitioners create']);

		// The second sign-in finds the same account.
		const again = await signInWithPsc(handle.db, config, identity, null);
		expect((await readSession(handle.db, again.token, config.session))!.accountId).toBe(actor.accountId);
	});

	it('links a demo doctor to her existing record and takes the names PSC asserts', async () => {
		const demo = await handle.db.selectFrom('practitioners').selectAll().where('id', '=', DEMO_PRACTITIONER_ID).executeTakeFirstOrThrow();
		const identity = { idnps: `8${demo.rpps}`, rpps: demo.rpps, firstName: 'Claire', lastName: 'Aubert-Vidal', specialties: ['Médecine générale' as const] };
		const { token } = await signInWithPsc(handle.db, config, identity, null);
		const actor = (await loadActor(handle.db, (await readSession(handle.db, token, config.session))!.accountId))!;
		expect(actor.practitionerId).toBe(DEMO_PRACTITIONER_ID);
		const updated = await handle.db.selectFrom('practitioners').selectAll().where('id', '=', DEMO_PRACTITIONER_ID).executeTakeFirstOrThrow();
		expect(updated).toMatchObject({ lastName: 'Aubert-Vidal', version: demo.version + 1 });
		expect(updated.seq).toBeGreaterThan(demo.seq);
		expect((await auditTrail(handle.db, DEMO_PRACTITIONER_ID))[0]).toMatchObject({ action: 'update', before: { lastName: 'Aubert' }, after: { lastName: 'Aubert-Vidal' } });
	});
});
