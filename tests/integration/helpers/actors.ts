import { loadActor, type ServerActor } from '../../../src/lib/server/auth/actor';
import type { DB } from '../../../src/lib/server/db';
import { DEMO_PRACTITIONER_ID } from '../../../src/lib/server/seed/demo-data';

/** The actor of a demo account, by e-mail, or of the demo doctor. */
export async function actorByEmail(db: DB, email: string): Promise<ServerActor> {
	const account = await db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
	return (await loadActor(db, account.id))!;
}

export async function doctorActor(db: DB, practitionerId = DEMO_PRACTITIONER_ID): Promise<ServerActor> {
	const account = await db.selectFrom('accounts').select('id').where('practitionerId', '=', practitionerId).executeTakeFirstOrThrow();
	return (await loadActor(db, account.id))!;
}
