import { isValidRpps, rppsFromIdnps } from '$lib/domain/ids';
import type { Practitioner } from '$lib/domain/schemas';

/** Who Pro Santé Connect says the user is. */
export interface PscIdentity {
	/** The national identifier, "8" + RPPS; the account is keyed on it. */
	idnps: string;
	rpps: string;
	firstName: string;
	lastName: string;
	specialties: Practitioner['specialties'];
}

/** Specialty codes of the ANS nomenclature (TRE_R38) that the agenda knows. */
const SPECIALTY_BY_CODE: Record<string, Practitioner['specialties'][number]> = {
	SM54: 'Médecine générale',
	SM53: 'Médecine générale',
	SM40: 'Pédiatrie',
	SM33: 'Psychiatrie',
	SM15: 'Dermatologie',
	SM21: 'Gériatrie',
	SM24: 'Gynécologie médicale'
};

type Claims = Record<string, unknown>;

function text(value: unknown): string | null {
	return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/**
 * Reads PSC's userinfo (scope_all): SubjectNameID / preferred_username carry the IDNPS,
 * otherIds the RPPS (origine "RPPS"), given_name / family_name the names,
 * SubjectRefPro.exercices[].codeSavoirFaire the specialties. The identity is trusted as asserted.
 */
export function pscIdentityFromClaims(claims: Claims): PscIdentity {
	const idnps = text(claims.SubjectNameID) ?? text(claims.preferred_username);
	const otherIds = Array.isArray(claims.otherIds) ? (claims.otherIds as Claims[]) : [];
	const declared = text(otherIds.find((o) => o.origine === 'RPPS')?.identifiant);
	const rpps = (idnps && rppsFromIdnps(idnps)) ?? (declared && isValidRpps(declared) ? declared : null);
	if (!rpps) throw new Error('Pro Santé Connect n’a pas transmis d’identifiant RPPS valide.');
	const firstName = text(claims.given_name);
	const lastName = text(claims.family_name);
	if (!firstName || !lastName) throw new Error('Pro Santé Connect n’a pas transmis vos nom et prénom.');
	const exercices = ((claims.SubjectRefPro as Claims | undefined)?.exercices as Claims[] | undefined) ?? [];
	const specialties = [...new Set(exercices.map((e) => SPECIALTY_BY_CODE[String(e.codeSavoirFaire)]).filter((s) => s !== undefined))];
	return { idnps: idnps ?? `8${rpps}`, rpps, firstName, lastName, specialties: specialties.length ? specialties : ['Médecine générale'] };
}
