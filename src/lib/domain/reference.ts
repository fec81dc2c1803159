/** Reference lists shown to users, in their own words (seeds 000, 003, 004). */

/** Appointment software named in the seeds, interfaced or being interfaced with the SAS platform. */
export const BOOKING_SOFTWARE = [
	'48h chrono',
	'Accueil Pro',
	'Agenda en ligne',
	'Agenda5',
	'Anamnèse',
	'Callibri',
	'Clickdoc',
	'CPTS Rendez-Vous',
	'Doctolib',
	'GPS Santé',
	'H24 Care',
	'i-agenda',
	'Keldoc',
	'LeMedecin.fr',
	'MAIIA',
	'Maincare',
	'Medaviz',
	'MonMédecin.org',
	'SimplyMed',
	'SMS in SITU',
	'Ubiclic',
	'UrgencesChrono'
] as const;

export const SPECIALTIES = [
	'Médecine générale',
	'Médecine du sport',
	'Pédiatrie',
	'Gériatrie',
	'Gynécologie médicale',
	'Médecine d’urgence',
	'Psychiatrie',
	'Dermatologie'
] as const;

export const STRUCTURE_KINDS = ['CPTS', 'MSP', 'CDS', 'SOS'] as const;
export type StructureKind = (typeof STRUCTURE_KINDS)[number];

export const STRUCTURE_KIND_LABELS: Record<StructureKind, string> = {
	CPTS: 'Communauté Professionnelle Territoriale de Santé (CPTS)',
	MSP: 'Maison de santé pluriprofessionnelle (MSP)',
	CDS: 'Centre de santé',
	SOS: 'SOS Médecins'
};

export const PARTICIPATION_MODES = ['individual', 'cpts', 'msp', 'sos'] as const;
export type ParticipationMode = (typeof PARTICIPATION_MODES)[number];

export const PARTICIPATION_MODE_LABELS: Record<ParticipationMode, string> = {
	individual: 'à titre individuel',
	cpts: 'via ma CPTS',
	msp: 'via ma MSP',
	sos: 'via SOS Médecins'
};

/** The structure kind each collective mode of participation goes through. */
export const STRUCTURE_KIND_OF_MODE: Record<Exclude<ParticipationMode, 'individual'>, StructureKind> = {
	cpts: 'CPTS',
	msp: 'MSP',
	sos: 'SOS'
};

export const CONSULTATION_TYPES = ['office', 'teleconsultation', 'home_visit'] as const;
export type ConsultationType = (typeof CONSULTATION_TYPES)[number];

export const CONSULTATION_TYPE_LABELS: Record<ConsultationType, string> = {
	office: 'Consultation en cabinet',
	teleconsultation: 'Téléconsultation',
	home_visit: 'Visite à domicile'
};

export const AVAILABILITY_KINDS = ['slot', 'capacity', 'walk_in'] as const;
export type AvailabilityKind = (typeof AVAILABILITY_KINDS)[number];

export const SLOT_LENGTHS = [10, 15, 20, 30] as const;

export const WEEKDAY_LABELS = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'] as const;
