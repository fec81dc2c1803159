import { defaultParticipation } from '$lib/domain/schemas';
import { newId, singletonId } from '$lib/domain/ids';
import type { Config } from '../config';
import type { DB } from '../db';
import { audit } from '../audit';
import type { PscIdentity } from './psc-identity';
import { createSession } from './sessions';
import { HttpProblem } from '../http/problem';
import { nextChange } from '../sync/stamp';
import { openClaim } from '../services/record-claim.service';
import { directorySpecialties } from '../directories/lookup';

/**
 * Signs in the doctor PSC vouches for. The first sign-in creates the account, and the
 * practitioner too unless one already carries that RPPS (a demo doctor, a doctor a health
 * centre declared): no prior account is needed (seed 003 Q6). Names follow what PSC asserts.
 * A record a health centre created opens a claim the doctor answers before anything else.
 */
export async function signInWithPsc(db: DB, config: Config, identity: PscIdentity, userAgent: string | null) {
	const accountId = await db.transaction().execute(async (trx) => {
		let account = await trx.selectFrom('accounts').select(['id', 'practitionerId', 'disabledAt']).where('pscSubject', '=', identity.idnps).executeTakeFirst();
		let practitioner = await trx.selectFrom('practitioners').selectAll().where('rpps', '=', identity.rpps).executeTakeFirst();
		const label = `Dr ${identity.firstName} ${identity.lastName} (Pro Santé Connect)`;

		if (!practitioner) {
			const id = newId();
			await trx
				.insertInto('practitioners')
				.values({ id, rpps: identity.rpps, lastName: identity.lastName, firstName: identity.firstName, specialties: identity.specialties.length ? identity.specialties : await directorySpecialties(trx, identity.rpps), phone: null, registeredAt: null, healthCentreId: null, updatedBy: label, seq: await nextChange(trx) })
				.execute();
			const settings = defaultParticipation(singletonId('participationSettings', id), id);
			await trx.insertInto('participationSettings').values({ ...settings, updatedBy: label, seq: await nextChange(trx) }).execute();
			await audit(trx, null, { practitionerId: id, entity: 'practitioners', entityId: id, action: 'create', before: null, after: { rpps: identity.rpps, firstName: identity.firstName, lastName: identity.lastName }, label });
			practitioner = await trx.selectFrom('practitioners').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		} else if (practitioner.firstName !== identity.firstName || practitioner.lastName !== identity.lastName) {
			const seq = await nextChange(trx);
			await trx
				.updateTable('practitioners')
				.set((eb) => ({ firstName: identity.firstName, lastName: identity.lastName, version: eb('version', '+', 1), seq, updatedAt: new Date(), updatedBy: label }))
				.where('id', '=', practitioner.id)
				.execute();
			await audit(trx, null, {
				practitionerId: practitioner.id,
				entity: 'practitioners',
				entityId: practitioner.id,
				action: 'update',
				before: { firstName: practitioner.firstName, lastName: practitioner.lastName },
				after: { firstName: identity.firstName, lastName: identity.lastName },
				label
			});
		}

		if (!account) {
			const linked = await trx.selectFrom('accounts').select(['id', 'practitionerId', 'disabledAt']).where('practitionerId', '=', practitioner.id).executeTakeFirst();
			if (linked) {
				await trx.updateTable('accounts').set({ pscSubject: identity.idnps }).where('id', '=', linked.id).execute();
				account = linked;
			} else {
				const id = newId();
				await trx
					.insertInto('accounts')
					.values({ id, role: 'practitioner', email: null, passwordHash: null, firstName: identity.firstName, lastName: identity.lastName, practitionerId: practitioner.id, pscSubject: identity.idnps, territory: null, disabledAt: null, createdBy: null, lastLoginAt: null })
					.execute();
				await audit(trx, null, { practitionerId: practitioner.id, entity: 'account', entityId: id, action: 'create', before: null, after: { role: 'practitioner', via: 'Pro Santé Connect' }, label });
				account = { id, practitionerId: practitioner.id, disabledAt: null };
				// A record a health centre created becomes this doctor's, but the centre keeps their
				// agenda only if they say so: the claim waits for their answer.
				if (practitioner.healthCentreId) await openClaim(trx, practitioner.id, id, practitioner.healthCentreId, label);
			}
		} else {
			await trx.updateTable('accounts').set({ firstName: identity.firstName, lastName: identity.lastName }).where('id', '=', account.id).execute();
		}
		if (account.disabledAt) throw new HttpProblem(403, 'Ce compte est désactivé. Contactez le gestionnaire de comptes de votre territoire.');
		return account.id;
	});
	return createSession(db, accountId, config.session, userAgent);
}
