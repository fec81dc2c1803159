import { createReadStream } from 'node:fs';

export type Encoding = 'utf-8' | 'windows-1252';

/**
 * The encoding of a directory file: strict UTF-8 when every byte sequence is valid UTF-8, else
 * Windows-1252 (older FINESS extracts). One pass over the file before the import reads it, so that
 * no line is ever taken in the wrong encoding.
 */
export async function detectEncoding(path: string): Promise<Encoding> {
	const decoder = new TextDecoder('utf-8', { fatal: true });
	try {
		for await (const chunk of createReadStream(path)) decoder.decode(chunk as Buffer, { stream: true });
		decoder.decode();
		return 'utf-8';
	} catch (error) {
		if (error instanceof TypeError) return 'windows-1252';
		throw error;
	}
}

/** The lines of a file, decoded, without their end (\n or \r\n) and without a leading BOM; streamed. */
export async function* readLines(path: string, encoding: Encoding): AsyncGenerator<string> {
	const decoder = new TextDecoder(encoding);
	let rest = '';
	let first = true;
	for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 })) {
		let text = rest + decoder.decode(chunk as Buffer, { stream: true });
		if (first) {
			text = text.replace(/^\uFEFF/, '');
			first = false;
		}
		let start = 0;
		for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
			yield text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
			start = end + 1;
		}
		rest = text.slice(start);
	}
	rest += decoder.decode();
	if (rest.endsWith('\r')) rest = rest.slice(0, -1);
	if (rest) yield rest;
}

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
