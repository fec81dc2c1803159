import type { SPECIALTIES } from '$lib/domain/reference';
import type { DirectoryAnswer } from '$lib/domain/directory';
import type { DB } from '../db';

/** What the RPPS directory says of a number, and whether it is loaded at all. */
export async function lookUpRpps(db: DB, rpps: string): Promise<DirectoryAnswer> {
	const found = await db.selectFrom('directoryPractitioners').select(['lastName', 'firstName', 'specialty']).where('rpps', '=', rpps).executeTakeFirst();
	if (found) return { loaded: true, practitioner: found };
	const any = await db.selectFrom('directoryPractitioners').select('rpps').limit(1).executeTakeFirst();
	return { loaded: any !== undefined, practitioner: null };
}

/** The ordinal specialties (TRE_R38) the platform names, for a doctor signing in for the first time. */
const SPECIALTY_OF_CODE: Record<string, (typeof SPECIALTIES)[number]> = {
	SM54: 'Médecine générale',
	SM53: 'Médecine générale',
	SM26: 'Médecine générale',
	SM40: 'Pédiatrie',
	SM42: 'Psychiatrie',
	SM59: 'Médecine d’urgence',
	SM15: 'Dermatologie',
	SM31: 'Gériatrie',
	SM23: 'Gynécologie médicale'
};

/** The specialty the directory gives this RPPS, in the platform's words, when it is one of them. */
export async function directorySpecialties(db: DB, rpps: string): Promise<string[]> {
	const found = await db.selectFrom('directoryPractitioners').select('specialtyCode').where('rpps', '=', rpps).executeTakeFirst();
	const label = found?.specialtyCode ? SPECIALTY_OF_CODE[found.specialtyCode] : undefined;
	return label ? [label] : [];
}

/** The directory's entry of an RPPS: its specialty and its distinct places (those with a postal code and a commune). */
export async function directoryEntry(db: DB, rpps: string) {
	const answer = await lookUpRpps(db, rpps);
	const sites = answer.practitioner
		? await db
				.selectFrom('directorySites')
				.select(['siteName as name', 'street', 'postalCode', 'city', 'inseeCode', 'phone'])
				.where('rpps', '=', rpps)
				.where('postalCode', 'is not', null)
				.where('city', 'is not', null)
				.distinct()
				.orderBy('postalCode')
				.execute()
		: [];
	return { loaded: answer.loaded, specialty: answer.practitioner?.specialty ?? null, sites };
}
