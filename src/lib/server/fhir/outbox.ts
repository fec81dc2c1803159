import { sql } from 'kysely';
import { regulatorPractitioner, type RegulatorAccount } from '$lib/domain/fhir/regulator';
import { repeatInBackground } from '../background';
import type { DB } from '../db';
import type { Editor } from './editor-client';

/**
 * Regulator accounts out to every editor (flux INT_R02) through a durable outbox: the row is
 * written in the transaction of the change, so that nothing is sent for a change that rolled back
 * and nothing is lost if the server stops. Any app server delivers: it takes a row by pushing its
 * next attempt a minute ahead (a lease), sends outside any transaction, and records the answer;
 * a failure is retried with exponential back-off. Per editor and account, rows go out in order.
 */

export interface OutboxEditors {
	list: readonly Editor[];
	byName(name: string): Editor | undefined;
}

let registered: OutboxEditors | null = null;
let kick: (() => void) | null = null;

/** The editors accounts are sent to (set once the server knows them). */
export function useOutboxEditors(editors: OutboxEditors | null): void {
	registered = editors;
}

const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 3_600_000;
/** 30 s, 1 min, 2 min… up to an hour between attempts. */
export const backoffMs = (attempts: number) => Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, attempts - 1));

/** Queues the account for every editor; call it inside the transaction that changes the account. */
export async function enqueueRegulator(db: DB, account: RegulatorAccount, change: 'create' | 'update'): Promise<number> {
	const editors = registered?.list ?? [];
	if (editors.length === 0) return 0;
	const payload = JSON.stringify(regulatorPractitioner(account));
	await db
		.insertInto('editorOutbox')
		.values(editors.map((e) => ({ editor: e.name, accountId: account.id, method: change === 'create' ? ('POST' as const) : ('PUT' as const), payload, sentAt: null, lastStatus: null, lastError: null })))
		.execute();
	// Sent at once once the transaction has committed (the worker also passes every few seconds).
	setTimeout(() => kick?.(), 50).unref?.();
	return editors.length;
}

/** The account as editors are told of it. */
export async function regulatorAccountOf(db: DB, accountId: string): Promise<RegulatorAccount | null> {
	const row = await db.selectFrom('accounts').select(['id', 'role', 'firstName', 'lastName', 'email', 'disabledAt']).where('id', '=', accountId).executeTakeFirst();
	if (!row || row.role !== 'regulator' || !row.email) return null;
	return { id: row.id, nationalId: null, firstName: row.firstName, lastName: row.lastName, email: row.email, active: row.disabledAt === null };
}

type Due = { id: string; editor: string; accountId: string; method: 'POST' | 'PUT'; payload: unknown; attempts: number };

/** Takes up to `limit` due rows (the oldest pending one per editor and account) under a lease. */
async function claim(db: DB, limit: number, now: Date): Promise<Due[]> {
	return db.transaction().execute(async (tx) => {
		const rows = await tx
			.selectFrom('editorOutbox as o')
			.select(['o.id', 'o.editor', 'o.accountId', 'o.method', 'o.payload', 'o.attempts'])
			.where('o.sentAt', 'is', null)
			.where('o.nextAttemptAt', '<=', now)
			.where(({ not, exists, selectFrom }) =>
				not(
					exists(
						selectFrom('editorOutbox as e')
							.select('e.id')
							.whereRef('e.editor', '=', 'o.editor')
							.whereRef('e.accountId', '=', 'o.accountId')
							.where('e.sentAt', 'is', null)
							.whereRef('e.id', '<', 'o.id')
					)
				)
			)
			.orderBy('o.id')
			.limit(limit)
			.forUpdate()
			.skipLocked()
			.execute();
		if (rows.length) await tx.updateTable('editorOutbox').set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS) }).where('id', 'in', rows.map((r) => r.id)).execute();
		return rows.map((r) => ({ ...r, id: String(r.id) })) as Due[];
	});
}

async function send(editor: Editor, row: Due): Promise<{ ok: boolean; status: number | null; error: string | null; duplicate: boolean }> {
	const payload = row.payload as { identifier: { system: string; value: string }[] };
	const identifier = payload.identifier[0] ?? { system: '', value: '' };
	const base = editor.baseUrl.replace(/\/$/, '');
	const url = row.method === 'POST' ? `${base}/Practitioner` : `${base}/Practitioner?identifier=${encodeURIComponent(`${identifier.system}|${identifier.value}`)}`;
	try {
		const response = await (editor.fetch ?? fetch)(url, {
			method: row.method,
			headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
			body: JSON.stringify(row.payload),
			signal: AbortSignal.timeout(7_000)
		});
		await response.arrayBuffer().catch(() => undefined);
		return { ok: response.ok, status: response.status, error: response.ok ? null : `HTTP ${response.status}`, duplicate: row.method === 'POST' && response.status === 409 };
	} catch (error) {
		return { ok: false, status: null, error: (error as Error).name === 'TimeoutError' ? 'délai dépassé' : (error as Error).message.slice(0, 200), duplicate: false };
	}
}

/** One pass: sends what is due. Returns how many rows were sent. */
export async function deliverDue(db: DB, editors: OutboxEditors, now = new Date(), limit = 50): Promise<number> {
	const rows = await claim(db, limit, now);
	let sent = 0;
	await Promise.all(
		rows.map(async (row) => {
			const editor = editors.byName(row.editor);
			const result = editor ? await send(editor, row) : { ok: false, status: null, error: 'éditeur retiré de la configuration', duplicate: false };
			if (result.ok) sent++;
			const attempts = row.attempts + 1;
			await db
				.updateTable('editorOutbox')
				.set(
					result.ok
						? { sentAt: new Date(), attempts, lastStatus: result.status, lastError: null }
						: result.duplicate
							? // The editor knows the account already: the same content goes as an update, now.
								{ method: 'PUT', attempts, lastStatus: result.status, lastError: 'déjà connu : envoi en mise à jour', nextAttemptAt: new Date() }
							: { attempts, lastStatus: result.status, lastError: result.error, nextAttemptAt: new Date(Date.now() + backoffMs(attempts)) }
				)
				.where('id', '=', row.id)
				.execute();
		})
	);
	return sent;
}

/** Delivery every few seconds, and at once after a change. Returns how to stop it. */
export function startOutbox(db: DB, editors: OutboxEditors, everyMs = 5_000, firstAfterMs = 2_000): () => void {
	useOutboxEditors(editors);
	// The first pass waits a little: the demo's simulated editors live on this very server, which is
	// not listening yet while it starts.
	const background = repeatInBackground(
		'envoi des comptes régulateurs aux éditeurs',
		async (self) => {
			kick = self.now;
			while ((await deliverDue(db, editors)) > 0 && !self.stopped);
		},
		{ everyMs, firstAfterMs }
	);
	return () => {
		background.stop();
		kick = null;
		useOutboxEditors(null);
	};
}

export interface DeliveryStatus {
	/** Editors whose latest row for this account is sent / still waiting. */
	sent: number;
	pending: number;
	/** Of those waiting, the ones that failed at least once, and the last error. */
	failing: number;
	lastError: string | null;
}

/** Per account: how many editors have its latest state, how many wait for it. */
export async function deliveryStatus(db: DB, accountIds: readonly string[]): Promise<Map<string, DeliveryStatus>> {
	const result = new Map<string, DeliveryStatus>();
	if (accountIds.length === 0) return result;
	const rows = await db
		.selectFrom('editorOutbox')
		.select(['accountId', 'editor', 'sentAt', 'attempts', 'lastError', sql<string>`max(id) over (partition by account_id, editor)`.as('latest'), 'id'])
		.where('accountId', 'in', [...accountIds])
		.execute();
	for (const row of rows) {
		if (String(row.id) !== String(row.latest)) continue;
		const status = result.get(row.accountId) ?? { sent: 0, pending: 0, failing: 0, lastError: null };
		if (row.sentAt) status.sent++;
		else {
			status.pending++;
			if (row.attempts > 0 && row.lastError) {
				status.failing++;
				status.lastError = row.lastError;
			}
		}
		result.set(row.accountId, status);
	}
	return result;
}
