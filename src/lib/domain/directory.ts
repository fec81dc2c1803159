/** Lower case without accents, for searching names as people type them ("helene" finds "Hélène"). */
export function fold(text: string): string {
	return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLocaleLowerCase('fr');
}

/** A name as directories compare it: no accents, no case, only letters (hyphens, apostrophes and spaces dropped). */
export function nameKey(name: string): string {
	return fold(name).toUpperCase().replace(/[^A-Z]/g, '');
}

/** Whether a name typed matches the directory's: « Le Gall » is « LE GALL », « Éloïse » is « ELOISE ». */
export function sameName(typed: string, directory: string): boolean {
	return nameKey(typed) === nameKey(directory);
}

export interface DirectoryAnswer {
	/** The RPPS directory has been imported: without it, nothing can be checked. */
	loaded: boolean;
	/** The directory's names for this RPPS, or null when it does not list it. */
	practitioner: { lastName: string; firstName: string; specialty: string | null } | null;
}

/**
 * The errors of a doctor added by hand, by field, against the directory when it is loaded: the RPPS
 * must be listed, under the names typed (accents and case aside).
 */
export function directoryErrors(answer: DirectoryAnswer, typed: { lastName: string; firstName: string }): Record<string, string[]> {
	if (!answer.loaded) return {};
	const known = answer.practitioner;
	if (!known) return { rpps: ['Ce numéro RPPS n’est pas dans l’annuaire national des professionnels de santé : vérifiez-le.'] };
	const listed = `${known.lastName} ${known.firstName}`.trim();
	if (!sameName(typed.lastName, known.lastName)) return { lastName: [`L’annuaire national connaît ce numéro RPPS sous le nom ${listed} : vérifiez le nom ou le numéro.`] };
	if (known.firstName && !sameName(typed.firstName, known.firstName)) return { firstName: [`L’annuaire national connaît ce numéro RPPS sous le nom ${listed} : vérifiez le prénom ou le numéro.`] };
	return {};
}

/** Text as a search compares it: no accents, no case, runs of spaces and punctuation as one space. */
export function searchKey(text: string): string {
	return fold(text).replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * The département of a postal code, as structures name their territory: 84200 → 84, 97400 → 974,
 * Corsica 20000–20199 → 2A, 20200–20699 → 2B; null for anything else.
 */
export function departmentOfPostalCode(postalCode: string): string | null {
	if (!/^\d{5}$/.test(postalCode)) return null;
	if (postalCode.startsWith('97') || postalCode.startsWith('98')) return postalCode.slice(0, 3);
	if (postalCode.startsWith('20')) return Number(postalCode) < 20200 ? '2A' : '2B';
	return postalCode.slice(0, 2);
}
