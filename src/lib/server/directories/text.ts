import { createReadStream } from 'node:fs';

export type Encoding = 'utf-8' | 'windows-1252';

/**
 * A directory file the import does not take, with why in French (and the line when there is one):
 * nothing is written then.
 */
export class DirectoryFileRefused extends Error {}

/** A line longer than this is not a line of a directory extract (a few hundred characters). */
export const MAX_LINE_CHARS = 64 * 1024;

/**
 * The encoding of a directory file: strict UTF-8 when every byte sequence is valid UTF-8, else
 * Windows-1252 (older FINESS extracts). One pass over the file before the import reads it, so that
 * no line is ever taken in the wrong encoding. A NUL byte is in neither: UTF-16, a compressed or
 * binary file is refused, at the line where it shows.
 */
export async function detectEncoding(path: string): Promise<Encoding> {
	const decoder = new TextDecoder('utf-8', { fatal: true });
	let utf8 = true;
	let line = 1;
	for await (const chunk of createReadStream(path)) {
		const bytes = chunk as Buffer;
		const nul = bytes.indexOf(0);
		if (nul !== -1) {
			for (let i = 0; i < nul; i++) if (bytes[i] === 10) line++;
			throw new DirectoryFileRefused(`Ligne ${line} : octet nul — ce fichier n’est pas un texte en UTF-8 ou Windows-1252 (UTF-16, fichier compressé ?). Rien n’a été importé.`);
		}
		for (const byte of bytes) if (byte === 10) line++;
		if (utf8) {
			try {
				decoder.decode(bytes, { stream: true });
			} catch (error) {
				if (!(error instanceof TypeError)) throw error;
				utf8 = false;
			}
		}
	}
	if (utf8) {
		try {
			decoder.decode();
		} catch {
			utf8 = false;
		}
	}
	return utf8 ? 'utf-8' : 'windows-1252';
}

/** What `readLines` saw of the file's end: a last line without its line end is a file cut short. */
export interface LineEnd {
	lastLineEnded: boolean;
}

/**
 * The lines of a file, decoded, without their end (\n or \r\n) and without a leading BOM; streamed.
 * A line longer than MAX_LINE_CHARS stops the reading (DirectoryFileRefused): a file without line
 * ends is never read into memory whole.
 */
export async function* readLines(path: string, encoding: Encoding, end: LineEnd = { lastLineEnded: true }): AsyncGenerator<string> {
	const decoder = new TextDecoder(encoding);
	let rest = '';
	let first = true;
	let number = 0;
	for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 })) {
		let text = rest + decoder.decode(chunk as Buffer, { stream: true });
		if (first) {
			text = text.replace(/^\uFEFF/, '');
			first = false;
		}
		let start = 0;
		for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
			number++;
			if (end - start > MAX_LINE_CHARS) throw tooLong(number);
			yield text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
			start = end + 1;
		}
		rest = text.slice(start);
		if (rest.length > MAX_LINE_CHARS) throw tooLong(number + 1);
	}
	rest += decoder.decode();
	if (rest.endsWith('\r')) rest = rest.slice(0, -1);
	end.lastLineEnded = rest === '';
	if (rest) yield rest;
}

function tooLong(line: number): DirectoryFileRefused {
	return new DirectoryFileRefused(`Ligne ${line} : plus de ${MAX_LINE_CHARS / 1024} Kio sans fin de ligne — ce n’est pas une extraction de l’annuaire. Rien n’a été importé.`);
}

/**
 * The checks a whole file passes before anything is written: records in it, most of them read, and
 * (unless forced) not a fraction of what the previous import of the same directory brought — a
 * file cut short or emptied by a failed download must never close or remove what it lacks.
 */
export function checkWholeFile(what: { records: number; refused: number; firstRefusal: Refusal | undefined; label: string; cutShort: boolean; loss: { now: number; before: number; at: Date; what: string } | null; force: boolean }): void {
	const nothing = 'Rien n’a été importé.';
	if (what.records === 0 && what.refused === 0) throw new DirectoryFileRefused(`Le fichier ne contient aucun ${what.label}. ${nothing}`);
	if (what.refused > what.records) {
		const first = what.firstRefusal ? ` (la première, ligne ${what.firstRefusal.line} : ${what.firstRefusal.reason})` : '';
		throw new DirectoryFileRefused(`${what.refused} lignes refusées pour ${what.records} lues${first} : ce fichier n’est pas au format attendu. ${nothing}`);
	}
	if (what.cutShort && what.firstRefusal && !what.force) {
		throw new DirectoryFileRefused(`Le fichier s’arrête au milieu d’une ligne (ligne ${what.firstRefusal.line} refusée) : il semble tronqué. Relancez avec --force pour l’importer quand même. ${nothing}`);
	}
	if (what.loss && !what.force) {
		const { now, before, at } = what.loss;
		const lost = before - now;
		if (lost > Math.max(LOSS_FLOOR, before * LOSS_SHARE)) {
			throw new DirectoryFileRefused(
				`Ce fichier ${what.loss.what.replace('{n}', String(lost))} sur ${before} par rapport au précédent import (le ${at.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })}) : fichier tronqué ou incomplet ? Relancez avec --force si c’est voulu. ${nothing}`
			);
		}
	}
}

/** A loss beyond 10 % of what the previous import brought, and more than 20 of them, is refused unless forced. */
const LOSS_SHARE = 0.1;
const LOSS_FLOOR = 20;

/**
 * Splits a `;`-separated line with RFC 4180 quoting (a quoted field may hold the separator and
 * doubled quotes). Returns null when a quote is left open: the record goes on on the next line.
 */
export function splitQuoted(line: string, separator: string): string[] | null {
	const fields: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i]!;
		if (quoted) {
			if (c === '"' && line[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"' && field === '') quoted = true;
		else if (c === separator) {
			fields.push(field);
			field = '';
		} else field += c;
	}
	if (quoted) return null;
	fields.push(field);
	return fields;
}

/** A line of a directory file the import could not take, and why. */
export interface Refusal {
	line: number;
	reason: string;
}

/** The first refusals are kept with their line numbers (the summary prints them); all are counted. */
const SHOWN_REFUSALS = 100;

export function refuse(summary: { refused: number; refusals: Refusal[] }, line: number, reason: string): void {
	summary.refused++;
	if (summary.refusals.length < SHOWN_REFUSALS) summary.refusals.push({ line, reason });
}

/** A 10-digit French number, whatever separates its digits; anything else is dropped (never refused: a phone is optional). */
export function phoneDigits(value: string | undefined): string | null {
	const digits = value?.replace(/\D/g, '') ?? '';
	return /^0[1-9]\d{8}$/.test(digits) ? digits : null;
}
