import { newId } from '$lib/domain/ids';
import type { Config } from '../config';
import type { DB } from '../db';
import { HttpProblem } from '../http/problem';
import { audit } from '../audit';
import { sendMail } from '../mail';
import { actorLabel, type ServerActor } from './actor';
import { hashPassword } from './passwords';
import { assertAttemptsAllowed, recordAttempt } from './rate-limit';
import { deleteAccountSessions } from './sessions';
import { hashToken, randomToken } from './tokens';

/**
 * The single-use links that set a password: the invitation of an account never activated (7 days),
 * and the reset of an active account's password (1 hour), which only ever goes to the account's
 * own address — never in an API answer, so that no manager can take an account over.
 */

export type LinkPurpose = 'invitation' | 'reset';

export const INVITATION_VALIDITY_MS = 7 * 24 * 3_600_000;
export const RESET_VALIDITY_MS = 3_600_000;
const VALIDITY: Record<LinkPurpose, number> = { invitation: INVITATION_VALIDITY_MS, reset: RESET_VALIDITY_MS };

/** Asking for a reset: 3 an hour for one address, 20 an hour from one network address. */
export const RESET_LIMITS = { perAccount: 3, perAddress: 20, windowMinutes: 60 } as const;

function linkUrl(origin: string, purpose: LinkPurpose, token: string): string {
	return `${origin}/${purpose === 'invitation' ? 'invitation' : 'mot-de-passe'}/${token}`;
}

/** A new link for the account, earlier live links (of either purpose) revoked; returns it. */
export async function createPasswordLink(db: DB, origin: string, actor: ServerActor | null, accountId: string, purpose: LinkPurpose): Promise<{ url: string; expiresAt: Date }> {
	const token = randomToken();
	const now = new Date();
	const expiresAt = new Date(now.getTime() + VALIDITY[purpose]);
	await db.updateTable('invitations').set({ revokedAt: now }).where('accountId', '=', accountId).where('usedAt', 'is', null).where('revokedAt', 'is', null).execute();
	await db.insertInto('invitations').values({ id: newId(), accountId, tokenHash: hashToken(token), createdBy: actor?.accountId ?? null, expiresAt, purpose }).execute();
	return { url: linkUrl(origin, purpose, token), expiresAt };
}

/** Sent once the link is committed, never for one that was rolled back. */
export async function sendInvitationMail(config: Config, account: { email: string; firstName: string }, link: string): Promise<void> {
	await sendMail(config.mail, {
		to: account.email,
		subject: 'Votre accès à Agenda SAS',
		text: [
			`Bonjour ${account.firstName},`,
			'',
			'Un compte Agenda SAS (Service d’Accès aux Soins) a été créé pour vous.',
			'Choisissez votre mot de passe en ouvrant ce lien, valable 7 jours et utilisable une seule fois :',
			'',
			link,
			'',
			'Si vous n’attendiez pas ce message, ignorez-le : aucun accès n’est ouvert sans ce lien.'
		].join('\n')
	});
}

async function sendResetMail(config: Config, account: { email: string; firstName: string }, link: string, by: string | null): Promise<void> {
	await sendMail(config.mail, {
		to: account.email,
		subject: 'Réinitialisation de votre mot de passe Agenda SAS',
		text: [
			`Bonjour ${account.firstName},`,
			'',
			by ? `${by} vous envoie un lien pour choisir un nouveau mot de passe Agenda SAS.` : 'Vous avez demandé à choisir un nouveau mot de passe Agenda SAS.',
			'Ouvrez ce lien, valable 1 heure et utilisable une seule fois :',
			'',
			link,
			'',
			'Votre mot de passe actuel reste valable tant que vous n’en avez pas choisi un autre. Une fois le nouveau choisi, toutes vos sessions ouvertes sont fermées.',
			'Si vous n’avez rien demandé, ignorez ce message.'
		].join('\n')
	});
}

type ActiveAccount = { id: string; email: string; firstName: string };

async function activeAccountByEmail(db: DB, config: Config, email: string): Promise<ActiveAccount | null> {
	const account = await db
		.selectFrom('accounts')
		.select(['id', 'email', 'firstName', 'passwordHash', 'disabledAt', 'demo'])
		.where('email', '=', email)
		.where('role', '!=', 'practitioner')
		.executeTakeFirst();
	if (!account?.passwordHash || account.disabledAt || (account.demo && !config.demoData)) return null;
	return { id: account.id, email: account.email!, firstName: account.firstName };
}

/**
 * « Mot de passe oublié ? »: the same answer whether the address has an account or not; a reset
 * link to the address when it names an active account. Limited per address and per network address
 * whether or not the account exists, so that the limit says nothing either.
 */
export async function requestPasswordReset(db: DB, config: Config, origin: string, input: { email: string; ip: string }): Promise<void> {
	const keys = [`reset:${input.email}`, `reset-ip:${input.ip}`] as const;
	await assertAttemptsAllowed(db, [
		{ key: keys[0], limit: RESET_LIMITS.perAccount, message: 'Trop de demandes de réinitialisation pour cette adresse.' },
		{ key: keys[1], limit: RESET_LIMITS.perAddress, message: 'Trop de demandes de réinitialisation depuis votre adresse réseau.' }
	], RESET_LIMITS.windowMinutes);
	await recordAttempt(db, keys);
	const account = await activeAccountByEmail(db, config, input.email);
	if (!account) return;
	const link = await db.transaction().execute(async (trx) => {
		await audit(trx, null, { practitionerId: null, entity: 'account', entityId: account.id, action: 'update', before: null, after: { passwordReset: 'demandée par le titulaire' }, label: `${account.email} (demande de réinitialisation)` });
		return createPasswordLink(trx, origin, null, account.id, 'reset');
	});
	await sendResetMail(config, account, link.url, null);
}

/** An account manager sends an active account's owner a reset link, to the owner's address only. */
export async function sendPasswordReset(db: DB, config: Config, origin: string, actor: ServerActor, accountId: string): Promise<{ id: string; sentTo: string; expiresAt: string }> {
	const account = await db.selectFrom('accounts').select(['id', 'email', 'firstName', 'passwordHash', 'disabledAt']).where('id', '=', accountId).executeTakeFirstOrThrow();
	if (account.disabledAt) throw new HttpProblem(409, 'Ce compte est désactivé : réactivez-le avant de lui envoyer une réinitialisation.');
	if (!account.passwordHash) throw new HttpProblem(409, 'Ce compte n’a pas encore été activé : renvoyez plutôt son invitation.');
	const link = await db.transaction().execute(async (trx) => {
		await audit(trx, actor, { practitionerId: null, entity: 'account', entityId: accountId, action: 'update', before: null, after: { passwordReset: `envoyée à ${account.email}` }, label: actorLabel(actor) });
		return createPasswordLink(trx, origin, actor, accountId, 'reset');
	});
	await sendResetMail(config, { email: account.email!, firstName: account.firstName }, link.url, actorLabel(actor));
	return { id: accountId, sentTo: account.email!, expiresAt: link.expiresAt.toISOString() };
}

const INVALID: Record<LinkPurpose, string> = {
	invitation: 'Ce lien d’invitation n’est pas valide. Demandez-en un nouveau au gestionnaire de comptes de votre territoire.',
	reset: 'Ce lien de réinitialisation n’est pas valide. Demandez-en un nouveau depuis « Mot de passe oublié ? ».'
};

async function liveLink(db: DB, token: string) {
	const link = await db
		.selectFrom('invitations')
		.innerJoin('accounts', 'accounts.id', 'invitations.accountId')
		.select(['invitations.id', 'invitations.purpose', 'invitations.usedAt', 'invitations.revokedAt', 'invitations.expiresAt', 'accounts.id as accountId', 'accounts.email', 'accounts.firstName', 'accounts.disabledAt', 'accounts.passwordHash'])
		.where('invitations.tokenHash', '=', hashToken(token))
		.executeTakeFirst();
	if (!link || link.revokedAt) throw new HttpProblem(404, INVALID[link?.purpose ?? 'invitation']);
	const purpose = link.purpose;
	if (link.usedAt) throw new HttpProblem(410, purpose === 'invitation' ? 'Ce lien d’invitation a déjà servi. Connectez-vous avec votre adresse e-mail et votre mot de passe.' : 'Ce lien de réinitialisation a déjà servi.');
	if (link.expiresAt.getTime() <= Date.now()) {
		throw new HttpProblem(410, purpose === 'invitation' ? 'Ce lien d’invitation a expiré (7 jours). Demandez-en un nouveau au gestionnaire de comptes de votre territoire.' : 'Ce lien de réinitialisation a expiré (1 heure). Demandez-en un nouveau depuis « Mot de passe oublié ? ».');
	}
	if (link.disabledAt) throw new HttpProblem(403, 'Ce compte est désactivé.');
	// An invitation opens an account never activated, and nothing else (one made before resets
	// existed, for an account activated since, is void).
	if (purpose === 'invitation' && link.passwordHash) throw new HttpProblem(410, 'Ce compte est déjà activé. Connectez-vous, ou demandez une réinitialisation depuis « Mot de passe oublié ? ».');
	return link;
}

export async function passwordLinkInfo(db: DB, token: string) {
	const link = await liveLink(db, token);
	return { email: link.email!, firstName: link.firstName, expiresAt: link.expiresAt.toISOString(), purpose: link.purpose };
}

/** The password chosen through a link: used once, every session of the account ended. */
export async function choosePassword(db: DB, token: string, password: string): Promise<{ email: string; accountId: string }> {
	const link = await liveLink(db, token);
	const passwordHash = await hashPassword(password);
	await db.transaction().execute(async (trx) => {
		// Single use, even when two requests race: only one update finds the link unused.
		const used = await trx.updateTable('invitations').set({ usedAt: new Date() }).where('id', '=', link.id).where('usedAt', 'is', null).where('revokedAt', 'is', null).executeTakeFirst();
		if (Number(used.numUpdatedRows) !== 1) throw new HttpProblem(410, 'Ce lien a déjà servi.');
		await trx.updateTable('accounts').set({ passwordHash }).where('id', '=', link.accountId).execute();
		await deleteAccountSessions(trx, link.accountId);
		const how = link.purpose === 'invitation' ? 'défini par l’invitation' : 'réinitialisé par le lien envoyé à son adresse';
		await audit(trx, null, { practitionerId: null, entity: 'account', entityId: link.accountId, action: 'update', before: null, after: { password: how }, label: `${link.email} (titulaire du compte)` });
	});
	return { email: link.email!, accountId: link.accountId };
}
