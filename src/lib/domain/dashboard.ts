import { addDays, datesBetween, formatDateNumeric, startOfIsoWeek, type LocalDate } from './civil';
import { frenchCsv, type CsvCell } from './csv';
import { DECLARATION_KINDS, DECLARATION_LABELS, ORIENTATION_KINDS, ORIENTATION_STATUSES, ORIENTATION_STATUS_LABELS, type OrientationStatus } from './schemas/orientation';

/**
 * The dashboards of seed 001 (« les orientations réalisées par les régulateurs, les déclarations
 * renseignées par les régulateurs, les indisponibilités déclarées par les effecteurs ») and the
 * share of participating doctors meeting the 2 hours, week by week (Europe/Paris weeks).
 */

export type OrientationKind = (typeof ORIENTATION_KINDS)[number];
export type DeclarationKind = (typeof DECLARATION_KINDS)[number];

export const ORIENTATION_KIND_LABELS: Record<OrientationKind, string> = {
	creneau: 'Créneau',
	plage: 'Plage',
	surnumeraire: 'Surnuméraire (hors créneau)',
	editeur: 'Logiciel de l’éditeur'
};

/** The longest period a dashboard covers, and the one it shows first. */
export const MAX_DASHBOARD_WEEKS = 53;
export const DEFAULT_DASHBOARD_WEEKS = 12;

export interface WeekCounts<K extends string> {
	week: LocalDate;
	counts: Record<K, number>;
	total: number;
}

export type UnavailabilityKind = 'temporary' | 'indefinite';
export const UNAVAILABILITY_KIND_LABELS: Record<UnavailabilityKind, string> = {
	temporary: 'Indisponibilité temporaire',
	indefinite: 'Indisponibilité pour une durée indéterminée'
};

export interface UnavailabilityCounts {
	kind: UnavailabilityKind;
	past: number;
	ongoing: number;
	upcoming: number;
}

export interface TargetWeek {
	week: LocalDate;
	participants: number;
	ok: number;
	short: number;
	leave: number;
	software: number;
	/** ok / doctors on the manual agenda (participants − software); null when there is none. */
	share: number | null;
}

export interface Dashboard {
	from: LocalDate;
	to: LocalDate;
	weeks: LocalDate[];
	scope: { label: string; departement: string | null; structureId: string | null };
	structures: { id: string; name: string }[];
	orientationsByStatus: WeekCounts<OrientationStatus>[];
	orientationsByKind: WeekCounts<OrientationKind>[];
	declarations: WeekCounts<DeclarationKind>[];
	unavailabilities: UnavailabilityCounts[];
	target: TargetWeek[];
}

/** The Mondays from `from`'s week to `to`'s week, MAX_DASHBOARD_WEEKS at most. */
export function weeksBetween(from: LocalDate, to: LocalDate): LocalDate[] {
	return datesBetween(startOfIsoWeek(from), to, 7, MAX_DASHBOARD_WEEKS);
}

export function defaultPeriod(today: LocalDate): { from: LocalDate; to: LocalDate } {
	const monday = startOfIsoWeek(today);
	return { from: addDays(monday, -7 * (DEFAULT_DASHBOARD_WEEKS - 1)), to: monday };
}

/**
 * The period a dashboard shows: both bounds as asked; one bound alone goes with the
 * DEFAULT_DASHBOARD_WEEKS before it (an end) or the weeks up to this one (a start); neither, the
 * default period. The result still has to pass `periodIssue`.
 */
export function dashboardPeriod(query: { from?: LocalDate | undefined; to?: LocalDate | undefined }, today: LocalDate): { from: LocalDate; to: LocalDate } {
	const period = defaultPeriod(today);
	if (query.from && query.to) return { from: query.from, to: query.to };
	if (query.to) return { from: addDays(startOfIsoWeek(query.to), -7 * (DEFAULT_DASHBOARD_WEEKS - 1)), to: query.to };
	if (query.from) return { from: query.from, to: period.to < query.from ? query.from : period.to };
	return period;
}

/** What is wrong with a period of weeks, if anything: the end before the start, more than 53 weeks. */
export function periodIssue(from: LocalDate, to: LocalDate): { path: 'from' | 'to'; message: string } | null {
	if (to < from) return { path: 'to', message: 'La fin de la période doit suivre son début' };
	if (startOfIsoWeek(to) > addDays(startOfIsoWeek(from), 7 * (MAX_DASHBOARD_WEEKS - 1))) return { path: 'to', message: `${MAX_DASHBOARD_WEEKS} semaines au plus` };
	return null;
}

/** Rows (week, key, count) summed into one line per week of the period, every key present. */
export function countsByWeek<K extends string>(weeks: readonly LocalDate[], keys: readonly K[], rows: readonly { week: LocalDate; key: string; count: number }[]): WeekCounts<K>[] {
	const zero = () => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
	const by = new Map(weeks.map((w) => [w, { week: w, counts: zero(), total: 0 }]));
	for (const row of rows) {
		const line = by.get(row.week);
		if (!line || !(keys as readonly string[]).includes(row.key)) continue;
		line.counts[row.key as K] += row.count;
		line.total += row.count;
	}
	return [...by.values()];
}

/** Doctors' declarations by when they run relative to this week: past, ongoing, to come. */
export function unavailabilityCounts(rows: readonly { startWeek: LocalDate; endWeek: string; count: number }[], thisWeek: LocalDate): UnavailabilityCounts[] {
	const lines: Record<UnavailabilityKind, UnavailabilityCounts> = {
		temporary: { kind: 'temporary', past: 0, ongoing: 0, upcoming: 0 },
		indefinite: { kind: 'indefinite', past: 0, ongoing: 0, upcoming: 0 }
	};
	for (const r of rows) {
		const line = lines[r.endWeek === 'infinity' ? 'indefinite' : 'temporary'];
		if (r.startWeek > thisWeek) line.upcoming += r.count;
		else if (r.endWeek !== 'infinity' && r.endWeek < thisWeek) line.past += r.count;
		else line.ongoing += r.count;
	}
	return [lines.temporary, lines.indefinite];
}

export function targetWeeks(weeks: readonly LocalDate[], rows: readonly Omit<TargetWeek, 'share'>[]): TargetWeek[] {
	const by = new Map(rows.map((r) => [r.week, r]));
	return weeks.flatMap((week) => {
		const r = by.get(week);
		if (!r) return [];
		const manual = r.participants - r.software;
		return [{ ...r, share: manual > 0 ? r.ok / manual : null }];
	});
}

export function percent(share: number | null): string {
	return share === null ? '—' : `${Math.round(share * 100)} %`;
}

/** Each table of the dashboard as CSV for French Excel, with the same columns as on screen. */
export const DASHBOARD_TABLES = {
	orientationsByStatus: (d: Dashboard): CsvCell[][] => [
		['Semaine du', ...ORIENTATION_STATUSES.map((s) => ORIENTATION_STATUS_LABELS[s]), 'Total'],
		...d.orientationsByStatus.map((l) => [formatDateNumeric(l.week), ...ORIENTATION_STATUSES.map((s) => l.counts[s]), l.total])
	],
	orientationsByKind: (d: Dashboard): CsvCell[][] => [
		['Semaine du', ...ORIENTATION_KINDS.map((k) => ORIENTATION_KIND_LABELS[k]), 'Total'],
		...d.orientationsByKind.map((l) => [formatDateNumeric(l.week), ...ORIENTATION_KINDS.map((k) => l.counts[k]), l.total])
	],
	declarations: (d: Dashboard): CsvCell[][] => [
		['Semaine du', ...DECLARATION_KINDS.map((k) => DECLARATION_LABELS[k]), 'Total'],
		...d.declarations.map((l) => [formatDateNumeric(l.week), ...DECLARATION_KINDS.map((k) => l.counts[k]), l.total])
	],
	unavailabilities: (d: Dashboard): CsvCell[][] => [
		['Type de déclaration', 'Passé', 'En cours', 'À venir'],
		...d.unavailabilities.map((l) => [UNAVAILABILITY_KIND_LABELS[l.kind], l.past, l.ongoing, l.upcoming])
	],
	target: (d: Dashboard): CsvCell[][] => [
		['Semaine du', 'Effecteurs participants', 'Objectif atteint', 'Moins de 2 h', 'Indisponibilité déclarée', 'Créneaux via son logiciel', 'Part atteignant 2 h (agenda SAS)'],
		...d.target.map((l) => [formatDateNumeric(l.week), l.participants, l.ok, l.short, l.leave, l.software, percent(l.share)])
	]
} as const;

export type DashboardTable = keyof typeof DASHBOARD_TABLES;

export function dashboardCsv(d: Dashboard, table: DashboardTable): string {
	return frenchCsv(DASHBOARD_TABLES[table](d));
}
