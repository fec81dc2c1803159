import { idnpsFromRpps } from '$lib/domain/ids';

export interface SandboxIdentity {
	rpps: string;
	firstName: string;
	lastName: string;
}

/**
 * The claims Pro Santé Connect returns for scope_all (public ANS material), for a doctor of
 * general medicine: SubjectNameID / preferred_username hold the IDNPS ("8" + RPPS).
 */
export function pscClaims(identity: SandboxIdentity) {
	const idnps = idnpsFromRpps(identity.rpps);
	return {
		sub: idnps,
		preferred_username: idnps,
		SubjectNameID: idnps,
		given_name: identity.firstName,
		family_name: identity.lastName,
		otherIds: [{ identifiant: identity.rpps, origine: 'RPPS', qualite: 1 }],
		SubjectOrganization: 'Cabinet médical (bac à sable)',
		SubjectRefPro: {
			codeCivilite: 'DR',
			exercices: [
				{
					codeProfession: '10',
					codeCategorieProfessionnelle: 'C',
					codeCiviliteDexercice: 'DR',
					nomDexercice: identity.lastName.toUpperCase(),
					prenomDexercice: identity.firstName,
					codeSavoirFaire: 'SM54',
					codeTypeSavoirFaire: 'S',
					activities: [{ codeModeExercice: 'L', codeSecteurDactivite: 'SA07', numeroFinessSite: null, siretSite: null }]
				}
			]
		}
	};
}

export const PSC_SCOPE_ALL_CLAIMS = ['preferred_username', 'SubjectNameID', 'given_name', 'family_name', 'otherIds', 'SubjectOrganization', 'SubjectRefPro'];
