import { DEMO_PRACTITIONER_ID, demoId, demoRpps } from '$lib/demo';
import { addDays, startOfIsoWeek, type LocalDate } from '$lib/domain/civil';
import { luhnCheckDigit, singletonId } from '$lib/domain/ids';
import { formatRrule } from '$lib/domain/recurrence';
import type { StructureKind, ParticipationMode } from '$lib/domain/reference';
import type {
	Address,
	Availability,
	ComplementaryInfo,
	Orientation,
	ParticipationSettings,
	Practitioner,
	Structure,
	Unavailability
} from '$lib/domain/schemas';
import { localToEpochMs } from '$lib/domain/time';
import { timeZoneForPostalCode } from '$lib/domain/time-zones';

/**
 * Fictional demo data in PACA (and one doctor in La Réunion). Every person, phone number and
 * address number is invented; communes, postal and INSEE codes are real. Ids are derived from
 * names so that links stay stable across `npm run seed`; agendas are placed around `today`.
 */

export { DEMO_PRACTITIONER_ID, demoId, demoRpps };

interface Commune {
	city: string;
	postalCode: string;
	inseeCode: string;
	/** The commune's centre (WGS84), for the places of the demo. */
	latitude: number;
	longitude: number;
}

const COMMUNES = {
	carpentras: { city: 'Carpentras', postalCode: '84200', inseeCode: '84031', latitude: 44.0556, longitude: 5.0489 },
	pernes: { city: 'Pernes-les-Fontaines', postalCode: '84210', inseeCode: '84088', latitude: 43.9986, longitude: 5.0592 },
	monteux: { city: 'Monteux', postalCode: '84170', inseeCode: '84080', latitude: 44.0361, longitude: 4.9972 },
	bedoin: { city: 'Bédoin', postalCode: '84410', inseeCode: '84017', latitude: 44.1242, longitude: 5.1797 },
	avignon: { city: 'Avignon', postalCode: '84000', inseeCode: '84007', latitude: 43.9493, longitude: 4.8055 },
	mougins: { city: 'Mougins', postalCode: '06250', inseeCode: '06085', latitude: 43.6, longitude: 6.995 },
	cannes: { city: 'Cannes', postalCode: '06400', inseeCode: '06029', latitude: 43.5528, longitude: 7.0174 },
	grasse: { city: 'Grasse', postalCode: '06130', inseeCode: '06069', latitude: 43.6589, longitude: 6.9236 },
	marseille4: { city: 'Marseille', postalCode: '13004', inseeCode: '13204', latitude: 43.3064, longitude: 5.4008 },
	marseille5: { city: 'Marseille', postalCode: '13005', inseeCode: '13205', latitude: 43.2925, longitude: 5.3975 },
	gap: { city: 'Gap', postalCode: '05000', inseeCode: '05061', latitude: 44.5594, longitude: 6.0786 },
	saintDenis: { city: 'Saint-Denis', postalCode: '97400', inseeCode: '97411', latitude: -20.8823, longitude: 55.4504 }
} satisfies Record<string, Commune>;

type CommuneKey = keyof typeof COMMUNES;

/** The demo's places are located at their commune's centre (the geocoder is not asked for them). */
export const DEMO_COMMUNE_CENTRES: ReadonlyMap<string, { latitude: number; longitude: number }> = new Map(
	Object.values(COMMUNES).map((c) => [c.inseeCode, { latitude: c.latitude, longitude: c.longitude }])
);

function finess(department: string, serial: number): string {
	const body = `${department}${String(serial).padStart(6, '0')}`;
	return body + luhnCheckDigit(body);
}


interface StructureSpec {
	key: string;
	kind: StructureKind;
	name: string;
	department: string;
	commune: CommuneKey;
	phone: string;
	zone: CommuneKey[];
}

const STRUCTURES: StructureSpec[] = [
	{ key: 'cpts-comtat', kind: 'CPTS', name: 'CPTS du Comtat Venaissin', department: '84', commune: 'carpentras', phone: '0490601020', zone: ['carpentras', 'pernes', 'monteux', 'bedoin'] },
	{ key: 'cpts-azur', kind: 'CPTS', name: "CPTS du Pays d’Azur", department: '06', commune: 'mougins', phone: '0493451230', zone: ['mougins', 'cannes', 'grasse'] },
	{ key: 'cpts-activ', kind: 'CPTS', name: 'CPTS Activ Santé', department: '13', commune: 'marseille4', phone: '0491203040', zone: ['marseille4', 'marseille5'] },
	{ key: 'cpts-gap', kind: 'CPTS', name: 'CPTS du Gapençais', department: '05', commune: 'gap', phone: '0492515253', zone: ['gap'] },
	{ key: 'msp-ventoux', kind: 'MSP', name: 'MSP du Ventoux', department: '84', commune: 'bedoin', phone: '0490657080', zone: ['bedoin'] },
	{ key: 'sos-avignon', kind: 'SOS', name: 'SOS Médecins Avignon', department: '84', commune: 'avignon', phone: '0490828384', zone: ['avignon'] },
	{ key: 'cds-chartreux', kind: 'CDS', name: 'Centre de santé des Chartreux', department: '13', commune: 'marseille4', phone: '0491626364', zone: ['marseille4'] }
];

/** How a demo doctor takes part, and which weekly pattern their agenda follows. */
interface DoctorSpec {
	first: string;
	last: string;
	commune: CommuneKey;
	street: string;
	mode: ParticipationMode | 'cds';
	structure?: string;
	software?: string[];
	refusesEditorSlots?: boolean;
	pattern: 'full' | 'evenings' | 'short' | 'night' | 'irregular' | 'none';
	specialties?: Practitioner['specialties'];
	leave?: 'next-week' | 'indefinite' | 'afternoon';
	info?: string;
}

const DOCTORS: DoctorSpec[] = [
	{ first: 'Claire', last: 'Aubert', commune: 'carpentras', street: '14 avenue Jean Jaurès', mode: 'cpts', structure: 'cpts-comtat', pattern: 'full', info: 'Uniquement sur rendez-vous auprès du secrétariat.' },
	{ first: 'Julien', last: 'Bonnet', commune: 'carpentras', street: '3 rue de la République', mode: 'cpts', structure: 'cpts-comtat', pattern: 'short' },
	{ first: 'Sophie', last: 'Chabert', commune: 'pernes', street: '22 cours Frizet', mode: 'cpts', structure: 'cpts-comtat', pattern: 'evenings', specialties: ['Médecine générale', 'Médecine du sport'] },
	{ first: 'Thomas', last: 'Daumas', commune: 'monteux', street: '8 boulevard de Carpentras', mode: 'cpts', structure: 'cpts-comtat', pattern: 'full', leave: 'next-week' },
	{ first: 'Camille', last: 'Estève', commune: 'carpentras', street: '41 allée des Platanes', mode: 'cpts', structure: 'cpts-comtat', pattern: 'irregular' },
	{ first: 'Nicolas', last: 'Fabre', commune: 'pernes', street: '5 place Gabriel Moutte', mode: 'cpts', structure: 'cpts-comtat', pattern: 'evenings', leave: 'afternoon' },
	{ first: 'Élodie', last: 'Giraud', commune: 'carpentras', street: '19 rue Porte de Monteux', mode: 'cpts', structure: 'cpts-comtat', software: ['Doctolib'], pattern: 'none' },
	{ first: 'Mathieu', last: 'Honnorat', commune: 'monteux', street: '2 rue Notre-Dame', mode: 'cpts', structure: 'cpts-comtat', software: ['Keldoc'], pattern: 'none' },
	{ first: 'Aurélie', last: 'Imbert', commune: 'mougins', street: '120 chemin du Val de Mougins', mode: 'cpts', structure: 'cpts-azur', pattern: 'full' },
	{ first: 'Sébastien', last: 'Jourdan', commune: 'mougins', street: '7 avenue Notre-Dame de Vie', mode: 'cpts', structure: 'cpts-azur', pattern: 'evenings' },
	{ first: 'Laure', last: 'Laugier', commune: 'cannes', street: '36 boulevard Carnot', mode: 'cpts', structure: 'cpts-azur', pattern: 'short' },
	{ first: 'Antoine', last: 'Maurel', commune: 'grasse', street: '11 boulevard du Jeu de Ballon', mode: 'cpts', structure: 'cpts-azur', software: ['MAIIA'], pattern: 'none' },
	{ first: 'Hélène', last: 'Nègre', commune: 'cannes', street: '64 rue d’Antibes', mode: 'cpts', structure: 'cpts-azur', pattern: 'full', leave: 'indefinite' },
	{ first: 'Vincent', last: 'Pellegrin', commune: 'grasse', street: '3 place aux Aires', mode: 'cpts', structure: 'cpts-azur', software: ['Doctolib'], refusesEditorSlots: true, pattern: 'evenings' },
	{ first: 'Céline', last: 'Roux', commune: 'marseille4', street: '27 boulevard de la Libération', mode: 'cpts', structure: 'cpts-activ', pattern: 'full' },
	{ first: 'Olivier', last: 'Sauvan', commune: 'marseille5', street: '15 rue de Lodi', mode: 'cpts', structure: 'cpts-activ', pattern: 'evenings' },
	{ first: 'Marion', last: 'Tardieu', commune: 'marseille4', street: '9 rue Saint-Savournin', mode: 'cpts', structure: 'cpts-activ', pattern: 'short' },
	{ first: 'Romain', last: 'Vidal', commune: 'marseille5', street: '58 boulevard Baille', mode: 'cpts', structure: 'cpts-activ', software: ['Clickdoc'], pattern: 'none' },
	{ first: 'Anne', last: 'Blanc', commune: 'marseille4', street: '4 place Sébastopol', mode: 'cpts', structure: 'cpts-activ', pattern: 'irregular', specialties: ['Pédiatrie'] },
	{ first: 'Florent', last: 'Coste', commune: 'gap', street: '12 rue Carnot', mode: 'cpts', structure: 'cpts-gap', pattern: 'full' },
	{ first: 'Isabelle', last: 'Durand', commune: 'gap', street: '30 avenue Jean Jaurès', mode: 'cpts', structure: 'cpts-gap', pattern: 'evenings' },
	{ first: 'Damien', last: 'Faure', commune: 'gap', street: '6 place Alsace-Lorraine', mode: 'cpts', structure: 'cpts-gap', pattern: 'short' },
	{ first: 'Nathalie', last: 'Garcin', commune: 'gap', street: '18 boulevard de la Libération', mode: 'cpts', structure: 'cpts-gap', software: ['Doctolib', 'Keldoc'], pattern: 'none' },
	{ first: 'Pauline', last: 'Jaubert', commune: 'bedoin', street: '2 route de Malaucène', mode: 'msp', structure: 'msp-ventoux', pattern: 'full' },
	{ first: 'Cédric', last: 'Lambert', commune: 'bedoin', street: '2 route de Malaucène', mode: 'msp', structure: 'msp-ventoux', pattern: 'evenings' },
	{ first: 'Émilie', last: 'Meyer', commune: 'bedoin', street: '2 route de Malaucène', mode: 'msp', structure: 'msp-ventoux', software: ['Doctolib'], pattern: 'none' },
	{ first: 'Benoît', last: 'Payan', commune: 'bedoin', street: '2 route de Malaucène', mode: 'msp', structure: 'msp-ventoux', pattern: 'short' },
	{ first: 'Sandrine', last: 'Reynaud', commune: 'avignon', street: '45 rue Carnot', mode: 'sos', structure: 'sos-avignon', pattern: 'night' },
	{ first: 'Fabien', last: 'Sicard', commune: 'avignon', street: '45 rue Carnot', mode: 'sos', structure: 'sos-avignon', pattern: 'night' },
	{ first: 'Agnès', last: 'Teissier', commune: 'avignon', street: '45 rue Carnot', mode: 'sos', structure: 'sos-avignon', pattern: 'night', leave: 'next-week' },
	{ first: 'Yannick', last: 'Bouvier', commune: 'avignon', street: '10 rue Joseph Vernet', mode: 'individual', pattern: 'full' },
	{ first: 'Manon', last: 'Castel', commune: 'carpentras', street: '52 avenue Victor Hugo', mode: 'individual', pattern: 'evenings' },
	{ first: 'Xavier', last: 'Ferrand', commune: 'cannes', street: '17 rue Hoche', mode: 'individual', software: ['Doctolib'], pattern: 'none' },
	{ first: 'Delphine', last: 'Gautier', commune: 'marseille5', street: '21 rue Ferrari', mode: 'individual', software: ['MonMédecin.org'], refusesEditorSlots: true, pattern: 'full' },
	{ first: 'Rémi', last: 'Marin', commune: 'gap', street: '9 rue de France', mode: 'individual', pattern: 'short' },
	{ first: 'Lucie', last: 'Hoarau', commune: 'saintDenis', street: '25 rue de Paris', mode: 'individual', pattern: 'full', info: 'Téléconsultation possible le soir.' },
	{ first: 'Hugo', last: 'Rostagni', commune: 'marseille4', street: '12 boulevard Françoise Duparc', mode: 'cds', structure: 'cds-chartreux', pattern: 'full' },
	{ first: 'Chloé', last: 'Barthélémy', commune: 'marseille4', street: '12 boulevard Françoise Duparc', mode: 'cds', structure: 'cds-chartreux', pattern: 'evenings' },
	{ first: 'Arnaud', last: 'Payet', commune: 'marseille4', street: '12 boulevard Françoise Duparc', mode: 'cds', structure: 'cds-chartreux', pattern: 'short' },
	{ first: 'Agathe', last: 'Ollivier', commune: 'marseille4', street: '12 boulevard Françoise Duparc', mode: 'cds', structure: 'cds-chartreux', pattern: 'irregular' }
];

export interface DemoData {
	structures: Structure[];
	practitioners: Practitioner[];
	addresses: Address[];
	participationSettings: ParticipationSettings[];
	availabilities: Availability[];
	unavailabilities: Unavailability[];
	complementaryInfo: ComplementaryInfo[];
	/** None at first: regulators make them. */
	orientations: Orientation[];
}

type WeeklyRange = Pick<Availability, 'start' | 'end' | 'kind' | 'slotMinutes' | 'capacity' | 'consultationTypes'> & { day: number };

const PATTERNS: Record<DoctorSpec['pattern'], WeeklyRange[]> = {
	full: [
		{ day: 1, start: '18:30', end: '19:30', kind: 'slot', slotMinutes: 15, capacity: null, consultationTypes: ['office'] },
		{ day: 4, start: '14:00', end: '15:30', kind: 'capacity', slotMinutes: null, capacity: 3, consultationTypes: ['office', 'teleconsultation'] },
		{ day: 6, start: '09:00', end: '11:00', kind: 'walk_in', slotMinutes: null, capacity: null, consultationTypes: ['office'] }
	],
	evenings: [
		{ day: 2, start: '18:00', end: '19:30', kind: 'slot', slotMinutes: 30, capacity: null, consultationTypes: ['office', 'home_visit'] },
		{ day: 5, start: '12:30', end: '13:30', kind: 'slot', slotMinutes: 20, capacity: null, consultationTypes: ['teleconsultation'] }
	],
	short: [{ day: 3, start: '18:00', end: '19:00', kind: 'slot', slotMinutes: null, capacity: null, consultationTypes: ['office'] }],
	night: [
		{ day: 1, start: '20:00', end: '00:00', kind: 'walk_in', slotMinutes: null, capacity: null, consultationTypes: ['home_visit'] },
		{ day: 6, start: '14:00', end: '20:00', kind: 'capacity', slotMinutes: null, capacity: 8, consultationTypes: ['office', 'home_visit'] }
	],
	irregular: [],
	none: []
};

function at(date: LocalDate, time: string, zone: string): string {
	return new Date(localToEpochMs(date, time, zone)).toISOString();
}

export function buildDemoData(today: LocalDate): DemoData {
	const monday = startOfIsoWeek(today);
	// Series began twelve weeks ago: the weekly records and the dashboards have a past at first start.
	const seriesStart = addDays(monday, -84);
	const data: DemoData = {
		structures: [],
		practitioners: [],
		addresses: [],
		participationSettings: [],
		availabilities: [],
		unavailabilities: [],
		complementaryInfo: [],
		orientations: []
	};

	STRUCTURES.forEach((s, i) => {
		const commune = COMMUNES[s.commune];
		data.structures.push({
			id: demoId(`structure:${s.key}`),
			kind: s.kind,
			name: s.name,
			finess: finess(s.department, 2_400 + i * 37),
			rorId: `ROR-${s.department}-${String(1_000 + i)}`,
			phone: s.phone,
			city: commune.city,
			postalCode: commune.postalCode,
			territory: s.department,
			zone: s.zone.map((c) => COMMUNES[c].inseeCode),
			participates: s.kind === 'CDS',
			honourDeclaration: s.kind === 'CDS',
			// SOS Médecins has no FINESS category: an association, known by its SIRET.
			siret: s.kind === 'SOS' ? withCheckDigit(`7${String(80_000_000_000_0 + i * 101).padStart(12, '0')}`) : null,
			street: `${10 + i * 3} place de la Mairie`,
			email: null,
			inseeCode: commune.inseeCode,
			latitude: commune.latitude,
			longitude: commune.longitude,
			closed: false
		});
	});

	DOCTORS.forEach((d, i) => {
		const id = demoId(`doctor:${d.first} ${d.last}`);
		const commune = COMMUNES[d.commune];
		const zone = timeZoneForPostalCode(commune.postalCode)!;
		const addressId = demoId(`address:${d.first} ${d.last}`);
		const structureId = d.structure ? demoId(`structure:${d.structure}`) : null;
		const registered = addDays('2024-05-15', i * 9);

		data.practitioners.push({
			id,
			rpps: demoRpps(i),
			lastName: d.last,
			firstName: d.first,
			specialties: d.specialties ?? ['Médecine générale'],
			phone: `06${String(12_345_678 + i * 104_729).slice(0, 8)}`,
			registeredAt: registered,
			healthCentreId: d.mode === 'cds' ? structureId : null
		});
		data.addresses.push({
			id: addressId,
			practitionerId: id,
			street: d.street,
			city: commune.city,
			postalCode: commune.postalCode,
			inseeCode: commune.inseeCode,
			phone: `${LANDLINE_PREFIX[commune.postalCode.slice(0, 2)] ?? '0490'}${String(210_000 + i * 3_571).slice(0, 6)}`,
			timeZone: zone
		});
		if (d.mode !== 'cds') {
			const usesSoftware = d.software !== undefined;
			data.participationSettings.push({
				id: singletonId('participationSettings', id),
				practitionerId: id,
				participates: true,
				mode: d.mode,
				structureId,
				cptsAddressIds: d.mode === 'cpts' ? [addressId] : [],
				usesSoftware,
				software: (d.software ?? []) as ParticipationSettings['software'],
				refusesEditorSlots: d.refusesEditorSlots ?? false,
				honourDeclaration: !usesSoftware || (d.refusesEditorSlots ?? false),
				forfaitReorientation: i % 3 === 0,
				declaredAt: registered
			});
		}

		const base = { practitionerId: id, addressId, timeZone: zone, exdates: [], seriesId: null, originalDate: null };
		PATTERNS[d.pattern].forEach((range, r) => {
			const first = addDays(seriesStart, range.day - 1);
			const { day: _day, ...fields } = range;
			const series: Availability = {
				...base,
				...fields,
				id: demoId(`availability:${id}:${r}`),
				date: first,
				rrule: formatRrule({ days: [range.day], until: null }),
				// Every other doctor skips the occurrence of the week after next: an exception in the demo.
				exdates: i % 2 === 0 && r === 0 ? [addDays(monday, 14 + range.day - 1)] : []
			};
			data.availabilities.push(series);
			if (i % 4 === 0 && r === 0) {
				// A detached occurrence this week: moved one hour later.
				const originalDate = addDays(monday, range.day - 1);
				data.availabilities.push({
					...series,
					id: demoId(`availability:${id}:${r}:detached`),
					rrule: null,
					exdates: [],
					seriesId: series.id,
					originalDate,
					date: originalDate,
					start: hourEarlier(range.start),
					end: hourEarlier(range.end)
				});
			}
		});
		if (d.pattern === 'irregular') {
			for (const [offset, start, end] of [[1, '09:00', '10:30'], [3, '17:00', '18:00'], [9, '10:00', '12:00']] as const) {
				data.availabilities.push({
					...base,
					id: demoId(`availability:${id}:single:${offset}`),
					date: addDays(monday, offset),
					start,
					end,
					kind: 'slot',
					slotMinutes: 15,
					capacity: null,
					consultationTypes: ['office'],
					rrule: null
				});
			}
		}

		if (d.leave === 'next-week') {
			data.unavailabilities.push({ id: demoId(`leave:${id}`), practitionerId: id, addressId: null, startsAt: at(addDays(monday, 7), '00:00', zone), endsAt: at(addDays(monday, 14), '00:00', zone), timeZone: zone });
		} else if (d.leave === 'indefinite') {
			data.unavailabilities.push({ id: demoId(`leave:${id}`), practitionerId: id, addressId: null, startsAt: at(addDays(monday, -3), '08:00', zone), endsAt: null, timeZone: zone });
		} else if (d.leave === 'afternoon') {
			const day = addDays(monday, 1);
			data.unavailabilities.push({ id: demoId(`leave:${id}`), practitionerId: id, addressId, startsAt: at(day, '12:00', zone), endsAt: at(day, '19:00', zone), timeZone: zone });
		}
		if (d.info) data.complementaryInfo.push({ id: singletonId('complementaryInfo', id), practitionerId: id, text: d.info });
	});
	return data;
}

function hourEarlier(time: string): string {
	const [h, m] = time.split(':');
	return `${String((Number(h) + 23) % 24).padStart(2, '0')}:${m}`;
}

/** A 13-digit body and its Luhn key: a SIRET that passes the check. */
const withCheckDigit = (body: string) => body + luhnCheckDigit(body);

const LANDLINE_PREFIX: Record<string, string> = { '84': '0490', '06': '0493', '13': '0491', '05': '0492', '97': '0262' };
