import { demoId } from '$lib/demo';
import { addDays, startOfIsoWeek, timeFromMinutes, type LocalDate } from '$lib/domain/civil';
import { luhnCheckDigit, singletonId } from '$lib/domain/ids';
import { formatRrule } from '$lib/domain/recurrence';
import type { Address, Availability, ParticipationSettings, Practitioner } from '$lib/domain/schemas';
import type { DB } from '../db';
import { rowFromEntity } from '../rows';

/** The CPTS the generated members join: the demo coordinator's, so that her account sees them. */
export const GENERATED_STRUCTURE = demoId('structure:cpts-comtat');

const LAST_NAMES = ['Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon', 'Michel', 'Lefebvre', 'Leroy', 'Roux', 'David'];
const FIRST_NAMES = ['Alice', 'Bruno', 'Chloé', 'Denis', 'Emma', 'François', 'Gabrielle', 'Henri', 'Inès', 'Jules', 'Léa', 'Marc', 'Nina', 'Olivier', 'Pauline', 'Romain'];

export interface GeneratedMembers {
	practitioners: Practitioner[];
	addresses: Address[];
	participationSettings: ParticipationSettings[];
	availabilities: Availability[];
}

/**
 * `count` fictional doctors of the demo CPTS, for measuring a coordinator with hundreds of members
 * (`npm run seed -- --members 500`): each has an address in Carpentras, participation settings
 * (one in four with interfaced software) and three to six weekly ranges — about 6.5 rows a member,
 * like the platform's CPTS. Deterministic: the same count gives the same rows.
 */
export function buildGeneratedMembers(count: number, today: LocalDate): GeneratedMembers {
	const data: GeneratedMembers = { practitioners: [], addresses: [], participationSettings: [], availabilities: [] };
	const seriesStart = addDays(startOfIsoWeek(today), -14);
	for (let i = 0; i < count; i++) {
		const id = demoId(`generated:doctor:${i}`);
		const addressId = demoId(`generated:address:${i}`);
		const body = `18${String(i).padStart(8, '0')}`;
		const registered = addDays('2024-01-08', i % 600);
		data.practitioners.push({
			id,
			rpps: body + luhnCheckDigit(body),
			lastName: `${LAST_NAMES[i % LAST_NAMES.length]}-${i + 1}`,
			firstName: FIRST_NAMES[Math.floor(i / LAST_NAMES.length) % FIRST_NAMES.length]!,
			specialties: ['Médecine générale'],
			phone: null,
			registeredAt: registered,
			healthCentreId: null
		});
		data.addresses.push({ id: addressId, practitionerId: id, street: `${(i % 90) + 1} avenue Jean Jaurès`, postalCode: '84200', city: 'Carpentras', inseeCode: '84031', phone: null, timeZone: 'Europe/Paris' });
		const interfaced = i % 4 === 3;
		data.participationSettings.push({
			id: singletonId('participationSettings', id),
			practitionerId: id,
			participates: true,
			mode: 'cpts',
			structureId: GENERATED_STRUCTURE,
			cptsAddressIds: [addressId],
			usesSoftware: interfaced,
			software: interfaced ? ['Doctolib'] : [],
			refusesEditorSlots: false,
			honourDeclaration: !interfaced,
			forfaitReorientation: false,
			declaredAt: registered
		});
		const ranges = 3 + (i % 4);
		for (let r = 0; r < ranges; r++) {
			const day = ((i + r * 2) % 6) + 1;
			const start = 8 * 60 + ((i * 7 + r * 5) % 20) * 30;
			data.availabilities.push({
				id: demoId(`generated:availability:${i}:${r}`),
				practitionerId: id,
				addressId,
				date: addDays(seriesStart, day - 1),
				start: timeFromMinutes(start),
				end: timeFromMinutes(start + 30 * (1 + ((i + r) % 4))),
				timeZone: 'Europe/Paris',
				kind: r % 3 === 0 ? 'capacity' : 'slot',
				slotMinutes: r % 3 === 0 ? null : 30,
				capacity: r % 3 === 0 ? 3 : null,
				consultationTypes: ['office'],
				rrule: formatRrule({ days: [day], until: null }),
				exdates: [],
				seriesId: null,
				originalDate: null
			});
		}
	}
	return data;
}

/** Inserts the generated members, 500 rows a statement, in one transaction. */
export async function seedGeneratedMembers(db: DB, count: number, today: LocalDate): Promise<GeneratedMembers> {
	const data = buildGeneratedMembers(count, today);
	await db.transaction().execute(async (trx) => {
		for (const entity of ['practitioners', 'addresses', 'participationSettings', 'availabilities'] as const) {
			const values = data[entity];
			for (let i = 0; i < values.length; i += 500) {
				await trx
					.insertInto(entity)
					.values(values.slice(i, i + 500).map((v) => ({ ...rowFromEntity(entity, v as never), updatedBy: null })) as never)
					.execute();
			}
		}
	});
	return data;
}
