import { authorizeAccount, type AccountAction, type AccountResource } from '$lib/domain/policy';
import { ROLE_LABELS, type NewAccount, type Role } from '$lib/domain/schemas';
import { newId } from '$lib/domain/ids';
import type { Config } from '../config';
import type { DB } from '../db';
import { HttpProblem } from '../http/problem';
import { deliveryStatus, enqueueRegulator, regulatorAccountOf } from '../fhir/outbox';
import { audit } from '../audit';
import { actorLabel, type ServerActor } from './actor';
import { hashPassword, verifyPassword } from './passwords';
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from './rate-limit';
import { createSession, deleteAccountSessions } from './sessions';
import { createPasswordLink, sendInvitationMail, sendPasswordReset } from './password-links.service';

export type AccountStatus = 'invited' | 'expired' | 'active' | 'disabled';

async function accountResource(db: DB, accountId: string): Promise<AccountResource & { email: string | null }> {
	const account = await db.selectFrom('accounts').select(['id', 'role', 'territory', 'email']).where('id', '=', accountId).executeTakeFirst();
	if (!account) throw new HttpProblem(404, 'Ce compte est introuvable.');
	const structures = await db
		.selectFrom('accountStructures')
		.innerJoin('structures', 'structures.id', 'accountStructures.structureId')
		.select('structures.territory')
		.where('accountStructures.accountId', '=', accountId)
		.execute();
	return {
		type: 'account',
		id: account.id,
		role: account.role as Role,
		territory: account.territory,
		email: account.email,
		structureTerritories: structures.map((s) => s.territory)
	};
}

function authorize(actor: ServerActor | null, action: AccountAction, resource: AccountResource): void {
	const decision = authorizeAccount(actor, action, resource);
	if (!decision.allowed) throw new HttpProblem(actor ? 403 : 401, decision.reason);
}

export async function createAccount(db: DB, config: Config, origin: string, actor: ServerActor | null, input: NewAccount) {
	const structures = input.structureIds.length
		? await db.selectFrom('structures').select(['id', 'territory', 'name']).where('id', 'in', input.structureIds).where('deleted', '=', false).execute()
		: [];
	if (structures.length !== new Set(input.structureIds).size) {
		throw new HttpProblem(422, 'Structure inconnue.', { structureIds: ['Une des structures choisies n’existe pas.'] });
	}
	const id = newId();
	authorize(actor, 'account.create', {
		type: 'account',
		id,
		role: input.role,
		territory: input.role === 'structureManager' ? null : input.territory,
		structureTerritories: structures.map((s) => s.territory)
	});
	const existing = await db.selectFrom('accounts').select('id').where('email', '=', input.email).executeTakeFirst();
	if (existing) throw new HttpProblem(409, 'Un compte existe déjà avec cette adresse e-mail.', { email: ['Un compte existe déjà avec cette adresse e-mail.'] });

	const link = await db.transaction().execute(async (trx) => {
		await insertAccount(trx, id, input, structures, actor, actorLabel(actor));
		return createPasswordLink(trx, origin, actor, id, 'invitation');
	});
	await sendInvitationMail(config, input, link.url);
	return { id, invitationUrl: link.url, invitationExpiresAt: link.expiresAt.toISOString() };
}

async function insertAccount(
	db: DB,
	id: string,
	input: NewAccount,
	structures: { id: string; name: string }[],
	actor: ServerActor | null,
	label: string,
	extra: { passwordHash?: string; demo?: boolean } = {}
): Promise<void> {
	await db
		.insertInto('accounts')
		.values({
			id,
			role: input.role,
			email: input.email,
			passwordHash: extra.passwordHash ?? null,
			firstName: input.firstName,
			lastName: input.lastName,
			practitionerId: null,
			pscSubject: null,
			territory: input.role === 'structureManager' ? null : input.territory,
			regulationHead: input.role === 'regulator' && input.regulationHead === true,
			demo: extra.demo ?? false,
			disabledAt: null,
			createdBy: actor?.accountId ?? null,
			lastLoginAt: null
		})
		.execute();
	if (structures.length) {
		await db.insertInto('accountStructures').values(structures.map((s) => ({ accountId: id, structureId: s.id }))).execute();
	}
	if (input.role === 'regulator') {
		await enqueueRegulator(db, { id, nationalId: null, firstName: input.firstName, lastName: input.lastName, email: input.email, active: true }, 'create');
	}
	const after = { email: input.email, firstName: input.firstName, lastName: input.lastName, role: input.role, structures: structures.map((s) => s.name), territory: input.territory };
	await audit(db, actor, { practitionerId: null, entity: 'account', entityId: id, action: 'create', before: null, after, label });
}

/**
 * The first account manager of a territory, created from the server's command line
 * (npm run admin): the operator of the server stands above the policy.
 */
export async function bootstrapAccountManager(db: DB, config: Config, origin: string, input: Omit<NewAccount, 'role' | 'structureIds'>) {
	const existing = await db.selectFrom('accounts').select('id').where('email', '=', input.email).executeTakeFirst();
	if (existing) throw new HttpProblem(409, 'Un compte existe déjà avec cette adresse e-mail.');
	const id = newId();
	const link = await db.transaction().execute(async (trx) => {
		await insertAccount(trx, id, { ...input, role: 'accountManager', structureIds: [] }, [], null, 'Administration du serveur');
		return createPasswordLink(trx, origin, null, id, 'invitation');
	});
	await sendInvitationMail(config, input, link.url);
	return { id, invitationUrl: link.url };
}

/** Demo accounts: a known password, usable only while the server runs with DEMO_DATA. */
export async function createDemoAccount(db: DB, input: NewAccount, password: string): Promise<string> {
	const id = newId();
	const structures = input.structureIds.length ? await db.selectFrom('structures').select(['id', 'name']).where('id', 'in', input.structureIds).execute() : [];
	await insertAccount(db, id, input, structures, null, 'Données de démonstration', { passwordHash: await hashPassword(password), demo: true });
	return id;
}

/**
 * « Renvoyer l’invitation »: for an account never activated only. An active account's password is
 * its owner's: the manager sends the owner a reset instead (`resetAccountPassword`), whose link goes
 * to the owner's address and never into this answer.
 */
export async function reissueInvitation(db: DB, config: Config, origin: string, actor: ServerActor | null, accountId: string) {
	const resource = await accountResource(db, accountId);
	authorize(actor, 'account.invite', resource);
	const account = await db.selectFrom('accounts').select(['id', 'email', 'firstName', 'disabledAt', 'passwordHash']).where('id', '=', accountId).executeTakeFirstOrThrow();
	if (account.disabledAt) throw new HttpProblem(409, 'Ce compte est désactivé : réactivez-le avant de renvoyer une invitation.');
	if (account.passwordHash) throw new HttpProblem(409, 'Ce compte est déjà activé : envoyez plutôt à son titulaire une réinitialisation du mot de passe.');
	const link = await db.transaction().execute(async (trx) => {
		await audit(trx, actor, { practitionerId: null, entity: 'account', entityId: accountId, action: 'update', before: null, after: { invitation: `renvoyée à ${account.email}` }, label: actorLabel(actor) });
		return createPasswordLink(trx, origin, actor, accountId, 'invitation');
	});
	await sendInvitationMail(config, { email: account.email!, firstName: account.firstName }, link.url);
	return { id: accountId, invitationUrl: link.url, invitationExpiresAt: link.expiresAt.toISOString() };
}

/** « Réinitialiser le mot de passe » of an active account: a link to the owner's address, 1 hour. */
export async function resetAccountPassword(db: DB, config: Config, origin: string, actor: ServerActor | null, accountId: string) {
	authorize(actor, 'account.invite', await accountResource(db, accountId));
	return sendPasswordReset(db, config, origin, actor!, accountId);
}

export async function setAccountDisabled(db: DB, actor: ServerActor | null, accountId: string, disabled: boolean) {
	authorize(actor, 'account.disable', await accountResource(db, accountId));
	await db.transaction().execute(async (trx) => {
		const before = await trx.selectFrom('accounts').select('disabledAt').where('id', '=', accountId).executeTakeFirstOrThrow();
		await trx.updateTable('accounts').set({ disabledAt: disabled ? new Date() : null }).where('id', '=', accountId).execute();
		// A disabled account is signed out everywhere at once.
		if (disabled) await deleteAccountSessions(trx, accountId);
		// Editors hear of a regulator's habilitation at once (flux INT_R02: PUT with active).
		const regulator = await regulatorAccountOf(trx, accountId);
		if (regulator) await enqueueRegulator(trx, regulator, 'update');
		await audit(trx, actor, {
			practitionerId: null,
			entity: 'account',
			entityId: accountId,
			action: 'update',
			before: { disabled: before.disabledAt !== null },
			after: { disabled },
			label: actorLabel(actor)
		});
	});
}

export async function listAccounts(db: DB, actor: ServerActor | null) {
	if (!actor || actor.role !== 'accountManager' || !actor.territory) {
		authorize(actor, 'account.read', { type: 'account', id: '', role: 'accountManager', territory: null, structureTerritories: [] });
	}
	const territory = actor!.territory!;
	const rows = await db
		.selectFrom('accounts')
		.selectAll()
		.where('role', '!=', 'practitioner')
		.where((eb) =>
			eb.or([
				eb('territory', '=', territory),
				eb.exists(
					eb
						.selectFrom('accountStructures')
						.innerJoin('structures', 'structures.id', 'accountStructures.structureId')
						.select('accountStructures.accountId')
						.whereRef('accountStructures.accountId', '=', 'accounts.id')
						.where('structures.territory', '=', territory)
				)
			])
		)
		.orderBy('lastName')
		.orderBy('firstName')
		.execute();
	const links = await db
		.selectFrom('accountStructures')
		.innerJoin('structures', 'structures.id', 'accountStructures.structureId')
		.select(['accountStructures.accountId', 'structures.id', 'structures.name', 'structures.kind', 'structures.territory'])
		.where('accountStructures.accountId', 'in', rows.length ? rows.map((r) => r.id) : [''])
		.execute();
	const invitations = await db
		.selectFrom('invitations')
		.select(['accountId', 'expiresAt'])
		.where('accountId', 'in', rows.length ? rows.map((r) => r.id) : [''])
		.where('usedAt', 'is', null)
		.where('revokedAt', 'is', null)
		.execute();
	const now = Date.now();
	const delivery = await deliveryStatus(db, rows.filter((r) => r.role === 'regulator').map((r) => r.id));
	return rows
		.map((row) => {
			const structures = links.filter((l) => l.accountId === row.id);
			const resource: AccountResource = {
				type: 'account',
				id: row.id,
				role: row.role as Role,
				territory: row.territory,
				structureTerritories: structures.map((s) => s.territory)
			};
			const pending = invitations.find((i) => i.accountId === row.id);
			const status: AccountStatus = row.disabledAt
				? 'disabled'
				: row.passwordHash
					? 'active'
					: pending && pending.expiresAt.getTime() > now
						? 'invited'
						: 'expired';
			return {
				resource,
				account: {
					id: row.id,
					email: row.email!,
					firstName: row.firstName,
					lastName: row.lastName,
					role: row.role as Exclude<Role, 'practitioner'>,
					roleLabel: ROLE_LABELS[row.role as Role],
					territory: row.territory,
					structures: structures.map((s) => ({ id: s.id, name: s.name, kind: s.kind })),
					status,
					lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
					self: row.id === actor!.accountId,
					editors: row.role === 'regulator' ? (delivery.get(row.id) ?? { sent: 0, pending: 0, failing: 0, lastError: null }) : null
				}
			};
		})
		.filter(({ resource }) => authorizeAccount(actor, 'account.read', resource).allowed)
		.map(({ account }) => account);
}

const WRONG_CREDENTIALS = 'Adresse e-mail ou mot de passe incorrect.';

export async function loginWithPassword(db: DB, config: Config, input: { email: string; password: string; ip: string; userAgent: string | null }) {
	await assertLoginAllowed(db, input.email, input.ip);
	const account = await db
		.selectFrom('accounts')
		.select(['id', 'passwordHash', 'disabledAt', 'demo'])
		.where('email', '=', input.email)
		.where('role', '!=', 'practitioner')
		.executeTakeFirst();
	const usable = account && !(account.demo && !config.demoData);
	const valid = await verifyPassword(usable ? account.passwordHash : null, input.password);
	if (!usable || !valid) {
		await recordLoginFailure(db, input.email, input.ip);
		throw new HttpProblem(401, WRONG_CREDENTIALS, { password: [WRONG_CREDENTIALS] });
	}
	if (account.disabledAt) throw new HttpProblem(403, 'Ce compte est désactivé. Contactez le gestionnaire de comptes de votre territoire.');
	await clearLoginFailures(db, input.email);
	return createSession(db, account.id, config.session, input.userAgent);
}
