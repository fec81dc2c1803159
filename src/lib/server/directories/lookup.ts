import type { DirectoryAnswer } from '$lib/domain/directory';
import type { DB } from '../db';

/** What the RPPS directory says of a number, and whether it is loaded at all. */
export async function lookUpRpps(db: DB, rpps: string): Promise<DirectoryAnswer> {
	const found = await db.selectFrom('directoryPractitioners').select(['lastName', 'firstName', 'specialty']).where('rpps', '=', rpps).executeTakeFirst();
	if (found) return { loaded: true, practitioner: found };
	const any = await db.selectFrom('directoryPractitioners').select('rpps').limit(1).executeTakeFirst();
	return { loaded: any !== undefined, practitioner: null };
}
