import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { DB } from '../db';

/**
 * The sandbox provider's state in the database: interactions, sessions, codes and grants (an
 * oidc-provider adapter), so that a sign-in begun on one app server ends on any other behind the
 * same load balancer; expired rows are never read and are swept as new ones come.
 */
export function databaseAdapter(db: DB): new (model: string) => Adapter {
	return class DatabaseAdapter implements Adapter {
		constructor(private readonly model: string) {}

		async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
			const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
			const row = { model: this.model, id, payload: JSON.stringify(payload), grantId: payload.grantId ?? null, uid: payload.uid ?? null, userCode: payload.userCode ?? null, expiresAt, consumedAt: null };
			await db
				.insertInto('pscSandboxStore')
				.values(row)
				.onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet({ payload: row.payload, grantId: row.grantId, uid: row.uid, userCode: row.userCode, expiresAt: row.expiresAt, consumedAt: null }))
				.execute();
			// A sweep now and then keeps the table to what is alive.
			if (Math.random() < 0.05) await db.deleteFrom('pscSandboxStore').where('expiresAt', '<', new Date()).execute();
		}

		private async findWhere(column: 'id' | 'uid' | 'userCode', value: string): Promise<AdapterPayload | undefined> {
			const row = await db
				.selectFrom('pscSandboxStore')
				// As text: the query's camel-case plugin would rename the payload's own keys (client_id).
				.select([sql<string>`payload::text`.as('payload'), 'consumedAt'])
				.where('model', '=', this.model)
				.where(column, '=', value)
				.where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', new Date())]))
				.executeTakeFirst();
			if (!row) return undefined;
			const payload = JSON.parse(row.payload) as AdapterPayload;
			return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
		}

		find(id: string) {
			return this.findWhere('id', id);
		}

		findByUid(uid: string) {
			return this.findWhere('uid', uid);
		}

		findByUserCode(userCode: string) {
			return this.findWhere('userCode', userCode);
		}

		async consume(id: string): Promise<void> {
			await db.updateTable('pscSandboxStore').set({ consumedAt: new Date() }).where('model', '=', this.model).where('id', '=', id).execute();
		}

		async destroy(id: string): Promise<void> {
			await db.deleteFrom('pscSandboxStore').where('model', '=', this.model).where('id', '=', id).execute();
		}

		async revokeByGrantId(grantId: string): Promise<void> {
			await db.deleteFrom('pscSandboxStore').where('grantId', '=', grantId).execute();
		}
	};
}

/**
 * A secret every server of the deployment shares: made by the first server that needs it, read by
 * the others (the insert that loses the race does nothing, and all read the winner's).
 */
export async function sharedSecret(db: DB, name: string, make: () => string): Promise<string> {
	await db.insertInto('serverSecrets').values({ name, value: make() }).onConflict((oc) => oc.column('name').doNothing()).execute();
	const row = await db.selectFrom('serverSecrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
	return row.value;
}

/** The sandbox's keys and secrets, the same on every server. */
export async function sandboxSecrets(db: DB): Promise<{ clientSecret: string; cookieKey: string; signingKey: object }> {
	const [clientSecret, cookieKey, signingKey] = await Promise.all([
		sharedSecret(db, 'psc-sandbox:client-secret', () => randomBytes(32).toString('base64url')),
		sharedSecret(db, 'psc-sandbox:cookie-key', () => randomBytes(32).toString('base64url')),
		sharedSecret(db, 'psc-sandbox:signing-key', () => JSON.stringify(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' })))
	]);
	return { clientSecret, cookieKey, signingKey: JSON.parse(signingKey) as object };
}

/** What a tester typed on the sign-in page, kept for the provider's account lookup on any server. */
export async function keepIdentity(db: DB, sub: string, identity: object, ttlSeconds: number): Promise<void> {
	await databaseAdapterInstance(db, 'SandboxIdentity').upsert(sub, identity as AdapterPayload, ttlSeconds);
}

export async function identityOf<T>(db: DB, sub: string): Promise<T | undefined> {
	return (await databaseAdapterInstance(db, 'SandboxIdentity').find(sub)) as T | undefined;
}

function databaseAdapterInstance(db: DB, model: string): Adapter {
	return new (databaseAdapter(db))(model);
}
