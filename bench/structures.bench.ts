import { fromEpochDay, timeFromMinutes, toEpochDay } from '../src/lib/domain/civil';
import { groupIndicators } from '../src/lib/domain/indicators';
import { summarizeMember, type MemberInput } from '../src/lib/domain/members';
import { formatRrule } from '../src/lib/domain/recurrence';
import type { Availability, ParticipationSettings, Practitioner } from '../src/lib/domain/schemas';
import { defaultParticipation } from '../src/lib/domain/schemas';
import { weekStarts } from '../src/lib/domain/time';
import { migrate, openDatabase, type DatabaseHandle } from '../src/lib/server/db';
import { rowFromEntity } from '../src/lib/server/rows';
import { wipe } from '../src/lib/server/seed';
import { indicators, type StructureRef } from '../src/lib/server/services/structure.service';
import { measure, mulberry32, type Output } from './harness';

/**
 * A territory at scale: 50 CPTS of 60 members (3,000 doctors, ~5 weekly rules each, a third of
 * them with interfaced software). What an account manager's « Indicateurs » reads on the server (the
 * membership, and the closed week's aggregates since issue 16),
 * and what a coordinator's home page computes on the device for one CPTS of 60 members.
 */
const STRUCTURES = 50;
const MEMBERS = 60;
const MONDAY = '2026-11-23';

const uuid = (kind: number, n: number) => `0190a0a0-${String(kind).padStart(4, '0')}-7000-8000-${String(n).padStart(12, '0')}`;

function generate() {
	const random = mulberry32(6);
	const structures: StructureRef[] = Array.from({ length: STRUCTURES }, (_, s) => ({ id: uuid(1, s), kind: 'CPTS', name: `CPTS n° ${s + 1}`, finess: null }));
	const members: MemberInput[] = [];
	for (let s = 0; s < STRUCTURES; s++) {
		for (let m = 0; m < MEMBERS; m++) {
			const n = s * MEMBERS + m;
			const practitioner: Practitioner = { id: uuid(2, n), rpps: String(20_000_000_000 + n), lastName: `Nom${n}`, firstName: 'Prénom', specialties: ['Médecine générale'], phone: null, registeredAt: '2024-05-15', healthCentreId: null };
			const interfaced = m % 3 === 0;
			const participation: ParticipationSettings = {
				...defaultParticipation(uuid(3, n), practitioner.id),
				participates: true,
				mode: 'cpts',
				structureId: structures[s]!.id,
				usesSoftware: interfaced,
				software: interfaced ? ['Doctolib'] : [],
				honourDeclaration: !interfaced
			};
			const availabilities: Availability[] = Array.from({ length: 3 + Math.floor(random() * 5) }, (_, r) => {
				const day = 1 + Math.floor(random() * 7);
				const start = 8 * 60 + Math.floor(random() * 20) * 30;
				return {
					id: uuid(4, n * 10 + r),
					practitionerId: practitioner.id,
					addressId: uuid(5, n),
					date: fromEpochDay(toEpochDay('2026-11-02') + day - 1),
					start: timeFromMinutes(start),
					end: timeFromMinutes(start + 30 + Math.floor(random() * 4) * 30),
					timeZone: 'Europe/Paris',
					kind: 'slot',
					slotMinutes: null,
					capacity: null,
					consultationTypes: ['office'],
					rrule: formatRrule({ days: [day], until: null }),
					exdates: [],
					seriesId: null,
					originalDate: null
				};
			});
			members.push({ practitioner, participation, availabilities, unavailabilities: [], timeZone: 'Europe/Paris' });
		}
	}
	return { structures, members };
}

export async function structuresBench(runs: number, out: Output): Promise<void> {
	const { structures, members } = generate();
	// On the device: one coordinator's list (60 members, this week and next week).
	const one = members.slice(0, MEMBERS);
	const weeks = weekStarts(MONDAY, 2);
	const device = await measure(`liste d’une CPTS de ${MEMBERS} membres (2 semaines contrôlées), appareil`, runs, () => one.map((m) => summarizeMember(m, weeks)));
	out.time(device);
	out.note(`${((device.median / MEMBERS) * 1000).toFixed(0)} µs par membre`);

	// On the server: the indicators of the territory, on PGlite and on PostgreSQL when there is one.
	const pglite = await openDatabase({ dataDir: 'memory://' });
	try {
		await serverSuite('PGlite', pglite, structures, members, runs, out);
	} finally {
		await pglite.close();
	}
	const url = process.env.BENCH_DATABASE_URL;
	if (url) {
		const postgres = await openDatabase({ databaseUrl: url });
		try {
			await serverSuite('PostgreSQL', postgres, structures, members, runs, out);
		} finally {
			await postgres.close();
		}
	} else out.note('PostgreSQL : non mesuré (BENCH_DATABASE_URL absent)');
}

async function serverSuite(label: string, handle: DatabaseHandle, structures: StructureRef[], members: MemberInput[], runs: number, out: Output): Promise<void> {
	await migrate(handle.db);
	await wipe(handle.db);
	await handle.db
		.insertInto('structures')
		.values(structures.map((s) => ({ ...rowFromEntity('structures', { ...s, rorId: null, phone: null, city: null, postalCode: null, territory: '84', zone: [], participates: false, honourDeclaration: false }), updatedBy: 'bench' })) as never)
		.execute();
	const insert = async (table: 'practitioners' | 'participationSettings' | 'addresses' | 'availabilities', rows: Record<string, unknown>[]) => {
		for (let i = 0; i < rows.length; i += 500) await handle.db.insertInto(table).values(rows.slice(i, i + 500).map((r) => ({ ...r, updatedBy: 'bench' })) as never).execute();
	};
	await insert('practitioners', members.map((m) => rowFromEntity('practitioners', m.practitioner)));
	await insert('participationSettings', members.map((m) => rowFromEntity('participationSettings', m.participation!)));
	await insert('addresses', members.map((m, n) => rowFromEntity('addresses', { id: uuid(5, n), practitionerId: m.practitioner.id, street: '1 rue de la Gare', postalCode: '84200', city: 'Carpentras', inseeCode: null, phone: null, timeZone: 'Europe/Paris' })));
	await insert('availabilities', members.flatMap((m) => m.availabilities.map((a) => rowFromEntity('availabilities', a))));

	let total = 0;
	const server = await measure(`[${label}] indicateurs d’un territoire : ${STRUCTURES} CPTS, ${members.length} médecins`, runs, async () => {
		total = groupIndicators(await indicators(handle.db, structures, MONDAY))[0]!.totals.members;
	});
	const inMemory = await measure(`[${label}] le seul contrôle des 2 h des mêmes médecins, en mémoire`, runs, () => members.map((m) => summarizeMember(m, [MONDAY])));
	out.time(inMemory);
	out.time(server, { baseline: inMemory });
	out.note(`${total} effecteurs comptés ; « objectif atteint » lu dans les agrégats de la semaine close (weekly_stats), aucune disponibilité lue : le contrôle en mémoire n’est plus qu’un repère`);
}
