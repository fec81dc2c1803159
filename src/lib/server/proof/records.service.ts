import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { LocalDate } from '$lib/domain/civil';
import { keepsManualAgenda, structureThrough } from '$lib/domain/members';
import { displayName } from '$lib/domain/schemas/practitioner';
import { currentWeek, verificationCode, weeklyFigures, weeksOfQuarter, type RecordRow, type WeekRecord } from '$lib/domain/weekly-records';
import type { DB } from '../db';
import type { WeeklyRecordsTable } from '../db/types';
import { HttpProblem } from '../http/problem';
import { getAgenda } from '../services/agenda.service';

type RecordDbRow = Omit<WeeklyRecordsTable, 'recordedAt'> & { recordedAt: Date };

export function recordFromRow(row: RecordDbRow): RecordRow {
	return {
		weekStart: row.weekStart,
		minutes: row.minutes,
		status: row.status,
		clockChange: row.clockChange,
		minutesByKind: row.minutesByKind as WeekRecord['minutesByKind'],
		minutesByPlace: row.minutesByPlace as WeekRecord['minutesByPlace'],
		unavailableMinutes: row.unavailableMinutes,
		unavailableIndefinite: row.unavailableIndefinite,
		source: row.source,
		recordedAt: row.recordedAt.toISOString(),
		rpps: row.rpps,
		practitionerName: row.practitionerName,
		structureName: row.structureName
	};
}

export interface PractitionerRecords {
	practitioner: { id: string; name: string; rpps: string; structureName: string | null };
	timeZone: string;
	/** The week in progress, live figures (« en cours »). */
	current: RecordRow;
	/** Recorded weeks, the most recent first. */
	records: RecordRow[];
}

/** « Mes heures SAS »: the recorded weeks, and the week in progress as it stands. */
export async function practitionerRecords(db: DB, practitionerId: string, nowMs = Date.now()): Promise<PractitionerRecords> {
	const agenda = await getAgenda(db, practitionerId);
	const rows = await db.selectFrom('weeklyRecords').selectAll().where('practitionerId', '=', practitionerId).orderBy('weekStart', 'desc').execute();
	const structureId = structureThrough({ healthCentreId: agenda.practitioner.healthCentreId, participation: agenda.participation });
	const structure = structureId ? await db.selectFrom('structures').select('name').where('id', '=', structureId).executeTakeFirst() : undefined;
	const interfaced = !keepsManualAgenda({ healthCentreId: agenda.practitioner.healthCentreId, participation: agenda.participation });
	const [live] = weeklyFigures(
		{ availabilities: agenda.availabilities, unavailabilities: agenda.unavailabilities, addresses: agenda.addresses, timeZone: agenda.timeZone, interfaced },
		[currentWeek(nowMs, agenda.timeZone)]
	);
	const practitioner = { id: practitionerId, name: displayName(agenda.practitioner), rpps: agenda.practitioner.rpps, structureName: structure?.name ?? null };
	return {
		practitioner,
		timeZone: agenda.timeZone,
		current: { ...live!, recordedAt: null, rpps: practitioner.rpps, practitionerName: practitioner.name, structureName: practitioner.structureName },
		records: rows.map(recordFromRow)
	};
}

export interface ProofDocument {
	code: string;
	quarter: string;
	issuedAt: string;
	practitioner: { name: string; rpps: string; structureName: string | null };
	weeks: RecordRow[];
}

/**
 * The proof of a quarter: its recorded weeks under a verification code. Asking again for the same
 * weeks gives the same code; a week recorded since gives a new document (the old one still checks).
 */
export async function issueProof(db: DB, practitionerId: string, quarter: string, issuedBy: string | null): Promise<ProofDocument> {
	const weeks = weeksOfQuarter(quarter);
	if (weeks.length === 0) throw new HttpProblem(422, 'Trimestre invalide.', { quarter: ['Trimestre invalide : attendu AAAA-T1 à AAAA-T4'] });
	const rows = await db
		.selectFrom('weeklyRecords')
		.selectAll()
		.where('practitionerId', '=', practitionerId)
		.where('weekStart', '>=', weeks[0]!)
		.where('weekStart', '<=', weeks.at(-1)!)
		.orderBy('weekStart')
		.execute();
	if (rows.length === 0) throw new HttpProblem(404, 'Aucune semaine de ce trimestre n’est encore enregistrée.');
	const ids = rows.map((r) => r.id).sort();
	const existing = await db
		.selectFrom('proofDocuments')
		.select(['code', 'issuedAt', 'recordIds'])
		.where('practitionerId', '=', practitionerId)
		.where('quarter', '=', quarter)
		.orderBy('issuedAt', 'desc')
		.execute();
	const same = existing.find((d) => [...d.recordIds].sort().join() === ids.join());
	const document = same ?? (await db.insertInto('proofDocuments').values({ code: verificationCode(randomBytes(16)), practitionerId, quarter, recordIds: ids, issuedBy }).returning(['code', 'issuedAt']).executeTakeFirstOrThrow());
	return proofDocument({ code: document.code, quarter, issuedAt: document.issuedAt }, rows.map(recordFromRow));
}

/** A document as the PDF and the verification page show it: who, from their latest week as recorded. */
function proofDocument(document: { code: string; quarter: string; issuedAt: Date }, weeks: RecordRow[]): ProofDocument {
	const last = weeks.at(-1);
	return {
		code: document.code,
		quarter: document.quarter,
		issuedAt: document.issuedAt.toISOString(),
		practitioner: { name: last?.practitionerName ?? '', rpps: last?.rpps ?? '', structureName: last?.structureName ?? null },
		weeks
	};
}

/** What /verification/{code} shows: the document's weeks as recorded, nothing else. */
export async function verifyProof(db: DB, code: string): Promise<ProofDocument | null> {
	const document = await db.selectFrom('proofDocuments').selectAll().where('code', '=', code).executeTakeFirst();
	if (!document) return null;
	const rows = document.recordIds.length ? await db.selectFrom('weeklyRecords').selectAll().where('id', 'in', document.recordIds).orderBy('weekStart').execute() : [];
	return proofDocument(document, rows.map(recordFromRow));
}

/** A structure's members' recorded weeks for a period, for its payment file. */
export async function structureRecords(db: DB, structureId: string, from: LocalDate, to: LocalDate): Promise<RecordRow[]> {
	const rows = await db
		.selectFrom('weeklyRecords')
		.selectAll()
		.where(sql<boolean>`structure_ids @> array[${structureId}::uuid]`)
		.where('weekStart', '>=', from)
		.where('weekStart', '<=', to)
		.orderBy('practitionerName')
		.orderBy('rpps')
		.orderBy('weekStart')
		.execute();
	return rows.map(recordFromRow);
}
