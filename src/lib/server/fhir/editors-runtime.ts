import { addDays } from '$lib/domain/civil';
import type { EditorOffer } from '$lib/domain/fhir/editor-slots';
import { BOOKING_SOFTWARE } from '$lib/domain/reference';
import { epochMsToWallClock, localEndToEpochMs } from '$lib/domain/time';
import type { DB } from '../db';
import { EditorClient, offersOf, type Editor } from './editor-client';
import { loadEditorsFile, type ConfiguredEditor } from './editors';
import { createEditorSimulator, slug, SIMULATOR_FAILURES, type EditorSimulator, type SimulatedPractitioner, type SimulatorBehaviour } from './simulator';

/** What a practitioner's booking software publishes, as the SAS last read it. */
export interface PractitionerEditorSlots {
	practitionerId: string;
	editor: string;
	/** 'unavailable': the editor does not answer (slots shown, if any, are the last ones read). */
	state: 'ok' | 'unavailable';
	lastReadAt: string | null;
	failingSince: string | null;
	/** The end of the window read: the end of the day after tomorrow. */
	until: string;
	slots: (Omit<EditorOffer, 'start' | 'end' | 'rpps'> & { start: string; end: string })[];
}

/** The window the platform reads: from now to the end of the day after tomorrow, in the doctor's zone. */
export function editorWindow(now: number, zone: string): { from: number; to: number } {
	const today = epochMsToWallClock(now, zone).date;
	return { from: now, to: localEndToEpochMs(addDays(today, 2), '00:00', zone) - 1 };
}

/** Where the simulated editors live, below the app's own origin. */
export const SIMULATOR_PATH = '/simulateur-editeur';

/**
 * The editors of this server: those of EDITORS_FILE, and in the demo the simulator standing in for
 * every other booking software. One client (cache, circuit breakers) for all of them.
 */
export class Editors {
	readonly list: ConfiguredEditor[];
	readonly client: EditorClient;
	private readonly simulators = new Map<string, { simulator: EditorSimulator; behaviour: SimulatorBehaviour }>();

	constructor(
		private readonly db: DB,
		options: { editorsFile: string | null; simulatorOrigin: string | null; client?: EditorClient; now?: () => number }
	) {
		this.client = options.client ?? new EditorClient(options.now ? { now: options.now } : {});
		this.list = options.editorsFile ? loadEditorsFile(options.editorsFile) : [];
		if (options.simulatorOrigin) {
			for (const name of BOOKING_SOFTWARE) {
				if (this.list.some((e) => e.name === name)) continue;
				const baseUrl = `${options.simulatorOrigin}${SIMULATOR_PATH}/${slug(name)}/fhir`;
				const entry = { simulator: null as unknown as EditorSimulator, behaviour: { latencyMs: 0, failure: 'aucune' } as SimulatorBehaviour };
				entry.simulator = createEditorSimulator({ name, baseUrl, lookUp: (rpps) => this.simulatedPractitioners(name, rpps), behaviour: () => entry.behaviour, now: options.now });
				this.simulators.set(slug(name), entry);
				this.list.push({ name, baseUrl, certificateCn: null });
			}
		}
	}

	byName(name: string): ConfiguredEditor | undefined {
		return this.list.find((e) => e.name === name);
	}

	/** The editor a client certificate's CN names (appointments sent back), if any. */
	byCertificate(cn: string): ConfiguredEditor | undefined {
		return this.list.find((e) => e.certificateCn === cn);
	}

	simulator(slugName: string) {
		return this.simulators.get(slugName) ?? null;
	}

	/** Switches a simulated editor's behaviour (demo: « Logiciel injoignable »). */
	setBehaviour(slugName: string, behaviour: Partial<SimulatorBehaviour>): SimulatorBehaviour | null {
		const entry = this.simulators.get(slugName);
		if (!entry) return null;
		if (behaviour.failure !== undefined && !SIMULATOR_FAILURES.includes(behaviour.failure)) return null;
		entry.behaviour = { ...entry.behaviour, ...behaviour };
		// A switched editor is asked again at once (the demo shows the change on the next page load).
		if (behaviour.failure !== undefined || behaviour.latencyMs !== undefined) {
			const editor = this.list.find((e) => slug(e.name) === slugName);
			if (editor) this.client.expire(editor);
		}
		return entry.behaviour;
	}

	/** The demo doctors who name this software: the simulated editor's own clients. */
	private async simulatedPractitioners(name: string, rpps: readonly string[]): Promise<SimulatedPractitioner[]> {
		if (rpps.length === 0) return [];
		const rows = await this.db
			.selectFrom('practitioners')
			.innerJoin('participationSettings', 'participationSettings.practitionerId', 'practitioners.id')
			.select(['practitioners.id', 'practitioners.rpps', 'practitioners.lastName', 'practitioners.firstName', 'practitioners.specialties', 'participationSettings.software'])
			.where('practitioners.rpps', 'in', [...rpps])
			.where('practitioners.deleted', '=', false)
			.where('participationSettings.deleted', '=', false)
			.execute();
		const clients = rows.filter((r) => r.software.includes(name));
		if (clients.length === 0) return [];
		const addresses = await this.db.selectFrom('addresses').selectAll().where('practitionerId', 'in', clients.map((c) => c.id)).where('deleted', '=', false).orderBy('id').execute();
		return clients.map((c) => ({
			...c,
			addresses: addresses.filter((a) => a.practitionerId === c.id).map((a) => ({ id: a.id, street: a.street, postalCode: a.postalCode, city: a.city, phone: a.phone, timeZone: a.timeZone }))
		}));
	}

	/**
	 * The editor slots of these practitioners over the next 48 hours (to the end of the day after
	 * tomorrow): only those who use a configured booking software and have not refused its slots.
	 * Editors are asked in parallel; one that fails or is slow never holds the others.
	 */
	async slotsOf(practitionerIds: readonly string[], now = Date.now()): Promise<PractitionerEditorSlots[]> {
		if (practitionerIds.length === 0) return [];
		const rows = await this.db
			.selectFrom('practitioners')
			.innerJoin('participationSettings', 'participationSettings.practitionerId', 'practitioners.id')
			.leftJoin('addresses', (join) => join.onRef('addresses.practitionerId', '=', 'practitioners.id').on('addresses.deleted', '=', false))
			.select(['practitioners.id', 'practitioners.rpps', 'participationSettings.software', 'participationSettings.usesSoftware', 'participationSettings.refusesEditorSlots', 'addresses.timeZone'])
			.where('practitioners.id', 'in', [...practitionerIds])
			.where('practitioners.deleted', '=', false)
			.where('participationSettings.deleted', '=', false)
			.where('practitioners.healthCentreId', 'is', null)
			.execute();
		type Asked = { id: string; rpps: string; editor: ConfiguredEditor; zone: string };
		const asked = new Map<string, Asked>();
		for (const row of rows) {
			if (asked.has(row.id) || row.usesSoftware !== true || row.refusesEditorSlots) continue;
			const editor = row.software.map((name) => this.byName(name)).find(Boolean);
			if (editor) asked.set(row.id, { id: row.id, rpps: row.rpps, editor, zone: row.timeZone ?? 'Europe/Paris' });
		}
		const groups = new Map<string, Asked[]>();
		for (const a of asked.values()) {
			const key = `${a.editor.name}|${a.zone}`;
			groups.set(key, [...(groups.get(key) ?? []), a]);
		}
		const answers = await Promise.all(
			[...groups.values()].map(async (group) => {
				const { editor, zone } = group[0]!;
				const window = editorWindow(now, zone);
				const results = await this.client.search(editor, group.map((g) => g.rpps), window);
				return { group, editor, window, offers: offersOf(results), health: this.client.health(editor) };
			})
		);
		const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
		return answers.flatMap(({ group, editor, window, offers, health }) =>
			group.map((a) => ({
				practitionerId: a.id,
				editor: editor.name,
				state: health.failingSince !== null ? ('unavailable' as const) : ('ok' as const),
				lastReadAt: iso(health.lastSuccessAt),
				failingSince: iso(health.failingSince),
				until: new Date(window.to).toISOString(),
				slots: offers
					.filter((o) => o.rpps === a.rpps && o.end > now && o.start <= window.to)
					.map(({ rpps: _rpps, start, end, ...offer }) => ({ ...offer, start: new Date(start).toISOString(), end: new Date(end).toISOString() }))
			}))
		);
	}
}

export type { Editor };
