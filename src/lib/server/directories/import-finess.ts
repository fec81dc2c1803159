import { basename } from 'node:path';
import { newId } from '$lib/domain/ids';
import { STRUCTURE_KINDS, type StructureKind } from '$lib/domain/reference';
import { structureFields } from '$lib/domain/schemas';
import type { DB } from '../db';
import { nextChange } from '../sync/stamp';
import { readFinessFields, type FinessStructure } from './finess';
import type { LonLat } from './projections';
import { detectEncoding, readLines, refuse, splitQuoted, type Encoding, type Refusal } from './text';

export type { Refusal } from './text';

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
}

const LABEL = 'Import FINESS';

interface Read {
	structure: FinessStructure;
	line: number;
	location: LonLat | null;
}

/** Reads the file: the establishments kept and their locations (a few thousand, held in memory). */
async function readFile(path: string, summary: FinessSummary): Promise<Map<string, Read>> {
	const kept = new Map<string, Read>();
	let number = 0;
	let pending = '';
	let pendingLine = 0;
	for await (const text of readLines(path, summary.encoding)) {
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
	return kept;
}

type Values = Record<string, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Imports the FINESS establishment extract: the CPTS, MSP and centres de santé it lists are
 * created or updated by FINESS number, with their WGS84 location; a structure an earlier import
 * brought that the file no longer lists is closed (its members and history stay). Running it twice
 * changes nothing: a structure is written only when a value differs. One transaction: a failure
 * leaves the directory as it was.
 */
export async function importFiness(db: DB, path: string): Promise<FinessSummary> {
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
		refusals: []
	};
	const kept = await readFile(path, summary);
	await db.transaction().execute(async (trx) => {
		const existing = await trx
			.selectFrom('structures')
			.leftJoin('structureSources', 'structureSources.structureId', 'structures.id')
			.selectAll('structures')
			.select(['structureSources.source', 'structureSources.cardEditedAt'])
			.where((eb) => eb.or([eb('structures.finess', 'is not', null), eb('structureSources.source', '=', 'finess')]))
			.execute();
		const byFiness = new Map(existing.filter((s) => s.finess).map((s) => [s.finess!, s]));
		const now = new Date();
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
			if (before && Object.entries(next).every(([key, value]) => same((before as Values)[key], value))) {
				summary.unchanged++;
				continue;
			}
			const seq = await nextChange(trx);
			const meta = { seq, updatedAt: now, updatedBy: LABEL };
			if (before) {
				await trx.updateTable('structures').set({ ...next, ...meta, version: before.version + 1, deleted: false } as never).where('id', '=', before.id).execute();
				summary.updated++;
			} else {
				const value = candidate.data;
				await trx.insertInto('structures').values({ ...value, zone: value.inseeCode ? [value.inseeCode] : [], ...meta, version: 1 } as never).execute();
				summary.created++;
			}
			await trx
				.insertInto('structureSources')
				.values({ structureId: candidate.data.id, source: before?.source ?? 'finess', finessEj: s.finessEj, importedAt: now })
				.onConflict((oc) => oc.column('structureId').doUpdateSet({ finessEj: s.finessEj, importedAt: now }))
				.execute();
		}
		for (const gone of existing) {
			if (gone.source !== 'finess' || gone.closed || (gone.finess && kept.has(gone.finess))) continue;
			const seq = await nextChange(trx);
			await trx.updateTable('structures').set({ closed: true, seq, updatedAt: now, updatedBy: LABEL, version: gone.version + 1 }).where('id', '=', gone.id).execute();
			summary.closed++;
		}
		await trx.insertInto('directoryImports').values({ id: newId(), kind: 'finess', file: summary.file, startedAt: started, finishedAt: new Date(), summary: JSON.stringify(summary) }).execute();
	});
	return summary;
}
