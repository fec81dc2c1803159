import { z } from '../zod';
import {
	BOOKING_SOFTWARE,
	PARTICIPATION_MODES,
	STRUCTURE_KIND_OF_MODE,
	type ParticipationMode,
	type StructureKind
} from '../reference';
import { idSchema, localDateSchema } from './common';

/** "Vos paramètres" (seed 004): how a doctor takes part in the SAS. */
export const participationFields = z.object({
	id: idSchema,
	practitionerId: idSchema,
	/** "J'accepte d'être directement contacté par la régulation … en sus de mes disponibilités". */
	participates: z.boolean(),
	mode: z.enum(PARTICIPATION_MODES, { error: 'Mode de participation inconnu' }).nullable(),
	/** The CPTS, MSP or SOS Médecins association the doctor participates through. */
	structureId: idSchema.nullable(),
	/** For a CPTS: "Quel(s) lieu(x) d'activité est/sont rattaché(s) à votre CPTS ?" */
	cptsAddressIds: z.array(idSchema),
	/** "Utilisez-vous une solution de prise de rendez-vous ?" — null until answered. */
	usesSoftware: z.boolean().nullable(),
	software: z.array(z.enum(BOOKING_SOFTWARE, { error: 'Logiciel inconnu' })),
	/** "Je refuse d'afficher mes créneaux « grand public » et « professionnel » …" */
	refusesEditorSlots: z.boolean(),
	/** "Je déclare sur l'honneur mettre en visibilité à minima 2 heures de disponibilité par semaine …" */
	honourDeclaration: z.boolean(),
	/** "Je participe au forfait de réorientation des urgences" */
	forfaitReorientation: z.boolean(),
	/** Date of the first declaration of participation ("Inscrit le"). */
	declaredAt: localDateSchema.nullable()
});

export type ParticipationSettings = z.infer<typeof participationFields>;

const STRUCTURE_REQUIRED: Record<Exclude<ParticipationMode, 'individual'>, string> = {
	cpts: 'Indiquez le nom de votre CPTS',
	msp: 'Indiquez le nom de votre MSP',
	sos: 'Indiquez votre association SOS Médecins'
};

/** Whether the doctor keeps the manual SAS agenda (no interfaced software, or editor slots refused). */
export function usesManualAgenda(s: Pick<ParticipationSettings, 'usesSoftware' | 'refusesEditorSlots'>): boolean {
	return s.usesSoftware === false || s.refusesEditorSlots;
}

/** Whether the honour declaration of ≥ 2 h a week is required (seed 004, seed 003 Q13). */
export function honourDeclarationRequired(
	s: Pick<ParticipationSettings, 'participates' | 'usesSoftware' | 'refusesEditorSlots'>
): boolean {
	return s.participates && usesManualAgenda(s);
}

type Issue = { path: (keyof ParticipationSettings)[]; message: string };

/** The conditional rules of the settings form, each with the field it belongs to. */
export function participationIssues(s: Omit<ParticipationSettings, 'id' | 'practitionerId' | 'declaredAt'>): Issue[] {
	const issues: Issue[] = [];
	if (!s.participates) return issues;
	if (s.mode === null) {
		issues.push({ path: ['mode'], message: 'Précisez votre mode de participation' });
	} else if (s.mode !== 'individual') {
		if (s.structureId === null) issues.push({ path: ['structureId'], message: STRUCTURE_REQUIRED[s.mode] });
		if (s.mode === 'cpts' && s.cptsAddressIds.length === 0) {
			issues.push({ path: ['cptsAddressIds'], message: 'Choisissez au moins un lieu d’activité rattaché à votre CPTS' });
		}
	}
	if (s.usesSoftware === null) {
		issues.push({ path: ['usesSoftware'], message: 'Répondez par Oui ou Non' });
	} else if (s.usesSoftware && s.software.length === 0) {
		issues.push({ path: ['software'], message: 'Indiquez votre/vos logiciel(s) de gestion de rendez-vous' });
	}
	if (honourDeclarationRequired(s) && !s.honourDeclaration) {
		issues.push({
			path: ['honourDeclaration'],
			message: s.usesSoftware
				? 'Si vous refusez l’affichage de vos créneaux, déclarez sur l’honneur mettre en visibilité à minima 2 heures de disponibilité par semaine'
				: 'Sans solution interfacée, déclarez sur l’honneur mettre en visibilité à minima 2 heures de disponibilité par semaine'
		});
	}
	return issues;
}

export const participationSchema = participationFields.superRefine((s, ctx) => {
	for (const issue of participationIssues(s)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

/** The rule that needs the chosen structure: its kind must match the mode. */
export function structureMatchesMode(mode: ParticipationMode | null, kind: StructureKind | undefined): boolean {
	if (mode === null || mode === 'individual') return true;
	return kind === STRUCTURE_KIND_OF_MODE[mode];
}

/** Settings of a doctor who has not filled "Vos paramètres" yet. */
export function defaultParticipation(id: string, practitionerId: string): ParticipationSettings {
	return {
		id,
		practitionerId,
		participates: false,
		mode: null,
		structureId: null,
		cptsAddressIds: [],
		usesSoftware: null,
		software: [],
		refusesEditorSlots: false,
		honourDeclaration: false,
		forfaitReorientation: false,
		declaredAt: null
	};
}
