import { basename } from 'node:path';
import { newId } from '$lib/domain/ids';
import { STRUCTURE_KINDS, type StructureKind } from '$lib/domain/reference';
import { structureFields } from '$lib/domain/schemas';
import type { DB } from '../db';
import { nextChange } from '../sync/stamp';
import { readFinessFields, type FinessStructure } from './finess';
import type { LonLat } from './projections';
import { checkWholeFile, detectEncoding, DirectoryFileRefused, readLines, refuse, splitQuoted, type Encoding, type LineEnd, type Refusal } from './text';

export { DirectoryFileRefused, type Refusal } from './text';

export interface FinessSummary {
	file: string;
	encoding: Encoding;
	/** The extraction date of the metadata line. */
	extractedOn: string | null;
	lines: number;
	establishments: number;
	kept: Record<StructureKind, number>;
	/** Establishments of other categories, not kept. */
	skipped: number;
	located: number;
	created: number;
	updated: number;
	unchanged: number;
	/** In the SAS from an earlier import and no longer in the file: closed, never deleted. */
	closed: number;
	refused: number;
	/** The first 100 refusals, with their line numbers. */
	refusals: Refusal[];
	/** --dry-run: what would change; nothing was written. */
	dryRun: boolean;
}

const LABEL = 'Import FINESS';

interface Read {
	structure: FinessStructure;
	line: number;
	location: LonLat | null;
}

/** Reads the file: the establishments kept and their locations (a few thousand, held in memory). */
async function readFile(path: string, summary: FinessSummary, end: LineEnd): Promise<{ kept: Map<string, Read>; metadata: boolean }> {
	const kept = new Map<string, Read>();
	let number = 0;
	let pending = '';
	let pendingLine = 0;
	let metadata = false;
	for await (const text of readLines(path, summary.encoding, end)) {
		number++;
		const line = pending ? `${pending}\n${text}` : text;
		const at = pending ? pendingLine : number;
		if (!line.trim()) continue;
		const fields = splitQuoted(line, ';');
		if (!fields) {
			// A quoted field goes on on the next line (RFC 4180), unless the quote is never closed.
			if (line.length > 10_000) {
				refuse(summary, at, 'guillemet jamais refermé');
				pending = '';
			} else [pending, pendingLine] = [line, at];
			continue;
		}
		pending = '';
		const read = readFinessFields(fields);
		switch (read.type) {
			case 'metadata':
				summary.extractedOn = read.extractedOn;
				metadata ||= at === 1;
				break;
			case 'structure':
				summary.establishments++;
				summary.kept[read.structure.kind]++;
				kept.set(read.structure.finess, { structure: read.structure, line: at, location: kept.get(read.structure.finess)?.location ?? null });
				break;
			case 'skipped':
				summary.establishments++;
				summary.skipped++;
				break;
			case 'location': {
				const entry = kept.get(read.finess);
				if (entry && read.location) entry.location = read.location;
				break;
			}
			case 'refused':
				if (fields[0] === 'structureet') summary.establishments++;
				refuse(summary, at, read.reason);
		}
	}
	if (pending) refuse(summary, pendingLine, 'guillemet jamais refermé');
	summary.lines = number;
	return { kept, metadata };
}

type Values = Record<string, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Structures written per transaction: the sync's change lock is held for one batch at a time, never for the whole file. */
const BATCH = 50;

type Existing = Awaited<ReturnType<typeof existingStructures>>[number];
type Step =
	| { op: 'create'; value: Values; finessEj: string | null }
	| { op: 'update'; before: Existing; next: Values; finessEj: string | null }
	| { op: 'close'; before: Existing };

function existingStructures(db: DB) {
	return db
		.selectFrom('structures')
		.leftJoin('structureSources', 'structureSources.structureId', 'structures.id')
		.selectAll('structures')
		.select(['structureSources.source', 'structureSources.cardEditedAt'])
		.where((eb) => eb.or([eb('structures.finess', 'is not', null), eb('structureSources.source', '=', 'finess')]))
		.execute();
}

/** What the file changes: structures to create, to update (a value differs), to close (no longer listed). */
function plan(existing: Existing[], kept: Map<string, Read>, summary: FinessSummary): Step[] {
	const byFiness = new Map(existing.filter((s) => s.finess).map((s) => [s.finess!, s]));
	const steps: Step[] = [];
	for (const { structure: s, line, location } of kept.values()) {
		if (location) summary.located++;
		const before = byFiness.get(s.finess);
		// A manager who edited the card keeps their address and phone.
		const card = before?.cardEditedAt ? { street: before.street, postalCode: before.postalCode, city: before.city, phone: before.phone } : { street: s.street, postalCode: s.postalCode, city: s.city, phone: s.phone };
		const next: Values = {
			kind: s.kind,
			name: s.name,
			finess: s.finess,
			siret: s.siret,
			territory: s.territory,
			inseeCode: s.inseeCode,
			latitude: location?.latitude ?? before?.latitude ?? null,
			longitude: location?.longitude ?? before?.longitude ?? null,
			closed: false,
			...card
		};
		const candidate = structureFields.safeParse({ id: before?.id ?? newId(), rorId: null, zone: [], participates: false, honourDeclaration: false, email: null, ...before, ...next });
		if (!candidate.success) {
			refuse(summary, line, candidate.error.issues.map((i) => `${i.path.join('.')} : ${i.message}`).join(' ; '));
			continue;
		}
		if (before && Object.entries(next).every(([key, value]) => same((before as Values)[key], value))) summary.unchanged++;
		else if (before) {
			steps.push({ op: 'update', before, next, finessEj: s.finessEj });
			summary.updated++;
		} else {
			steps.push({ op: 'create', value: candidate.data, finessEj: s.finessEj });
			summary.created++;
		}
	}
	for (const gone of existing) {
		if (gone.source !== 'finess' || gone.closed || (gone.finess && kept.has(gone.finess))) continue;
		steps.push({ op: 'close', before: gone });
		summary.closed++;
	}
	return steps;
}

async function apply(trx: DB, step: Step, now: Date): Promise<void> {
	const seq = await nextChange(trx);
	const meta = { seq, updatedAt: now, updatedBy: LABEL };
	if (step.op === 'close') {
		await trx.updateTable('structures').set({ closed: true, ...meta, version: step.before.version + 1 }).where('id', '=', step.before.id).execute();
		return;
	}
	let id: string;
	if (step.op === 'update') {
		id = step.before.id;
		await trx.updateTable('structures').set({ ...step.next, ...meta, version: step.before.version + 1, deleted: false } as never).where('id', '=', id).execute();
	} else {
		id = step.value.id as string;
		await trx.insertInto('structures').values({ ...step.value, zone: step.value.inseeCode ? [step.value.inseeCode] : [], ...meta, version: 1 } as never).execute();
	}
	await trx
		.insertInto('structureSources')
		.values({ structureId: id, source: step.op === 'update' ? (step.before.source ?? 'finess') : 'finess', finessEj: step.finessEj, importedAt: now })
		.onConflict((oc) => oc.column('structureId').doUpdateSet({ finessEj: step.finessEj, importedAt: now }))
		.execute();
}

export interface ImportOptions {
	/** Say what would change, write nothing. */
	dryRun?: boolean;
	/** Import a file that would close (or drop) much of what the previous import brought. */
	force?: boolean;
}

/**
 * Imports the FINESS establishment extract: the CPTS, MSP and centres de santé it lists are
 * created or updated by FINESS number, with their WGS84 location; a structure an earlier import
 * brought that the file no longer lists is closed (its members and history stay). Running it twice
 * changes nothing: a structure is written only when a value differs.
 *
 * The whole file is read and checked before anything is written (`checkWholeFile`: empty, mostly
 * refused, cut short, closing a large part of the structures without --force): a refused file
 * changes nothing. The changes are then written BATCH at a time, each batch its own transaction,
 * so that pushes never wait on the import for longer than one batch; an import stopped half-way
 * is finished by running it again.
 */
export async function importFiness(db: DB, path: string, options: ImportOptions = {}): Promise<FinessSummary> {
	const started = new Date();
	const summary: FinessSummary = {
		file: basename(path),
		encoding: await detectEncoding(path),
		extractedOn: null,
		lines: 0,
		establishments: 0,
		kept: Object.fromEntries(STRUCTURE_KINDS.map((k) => [k, 0])) as Record<StructureKind, number>,
		skipped: 0,
		located: 0,
		created: 0,
		updated: 0,
		unchanged: 0,
		closed: 0,
		refused: 0,
		refusals: [],
		dryRun: options.dryRun === true
	};
	const end: LineEnd = { lastLineEnded: true };
	const { kept, metadata } = await readFile(path, summary, end);
	if (!metadata) throw new DirectoryFileRefused(summary.lines === 0 ? 'Le fichier est vide. Rien n’a été importé.' : 'La première ligne n’est pas l’en-tête d’une extraction FINESS (« finess;etalab;… ») : ce n’est pas le bon fichier. Rien n’a été importé.');
	const existing = await existingStructures(db);
	const steps = plan(existing, kept, summary);
	const listed = existing.filter((s) => s.source === 'finess' && !s.closed).length;
	const previous = await db.selectFrom('directoryImports').select('finishedAt').where('kind', '=', 'finess').orderBy('finishedAt', 'desc').executeTakeFirst();
	checkWholeFile({
		records: summary.establishments - summary.refused,
		refused: summary.refused,
		firstRefusal: summary.refusals[0],
		label: 'établissement',
		cutShort: !end.lastLineEnded && summary.refusals.at(-1)?.line === summary.lines,
		loss: previous ? { now: listed - summary.closed, before: listed, at: previous.finishedAt, what: 'fermerait {n} structures' } : null,
		force: options.force === true
	});
	if (options.dryRun) return summary;
	const now = new Date();
	for (let i = 0; i < steps.length; i += BATCH) {
		await db.transaction().execute(async (trx) => {
			for (const step of steps.slice(i, i + BATCH)) await apply(trx, step, now);
		});
	}
	await db.insertInto('directoryImports').values({ id: newId(), kind: 'finess', file: summary.file, startedAt: started, finishedAt: new Date(), summary: JSON.stringify(summary) }).execute();
	return summary;
}
