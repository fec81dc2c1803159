import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BOOKING_SOFTWARE } from '$lib/domain/reference';
import { z } from '$lib/domain/zod';
import type { Editor } from './editor-client';
import { tlsFetch } from './tls-fetch';

/**
 * The booking software the SAS talks to, from EDITORS_FILE (JSON):
 * [{ "name": "Doctolib", "baseUrl": "https://…/fhir", "clientCert": "certs/sas.pem",
 *    "clientKey": "certs/sas.key", "ca": "certs/igc-sante.pem", "certificateCn": "api.doctolib.fr" }]
 * `name` is the software a doctor names in « Vos paramètres »; paths are relative to the file;
 * `certificateCn` is the CN of the editor's own client certificate when it calls us (appointments).
 */
const editorEntry = z.object({
	name: z.enum(BOOKING_SOFTWARE, { error: `Logiciel inconnu (attendu : ${BOOKING_SOFTWARE.join(', ')})` }),
	baseUrl: z.url({ protocol: /^https?$/, error: 'URL de base FHIR invalide' }),
	clientCert: z.string().min(1).optional(),
	clientKey: z.string().min(1).optional(),
	ca: z.string().min(1).optional(),
	certificateCn: z.string().min(1).optional()
});

export interface ConfiguredEditor extends Editor {
	certificateCn: string | null;
}

export function loadEditorsFile(path: string): ConfiguredEditor[] {
	let raw: unknown;
	try {
		raw = JSON.parse(readFileSync(path, 'utf8'));
	} catch (error) {
		throw new Error(`EDITORS_FILE illisible (${path}) : ${(error as Error).message}`);
	}
	const parsed = z.array(editorEntry).safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0] ?? { path: [], message: 'invalide' };
		throw new Error(`EDITORS_FILE (${path}), éditeur ${String(issue.path[0] ?? '')} ${issue.path.slice(1).join('.')} : ${issue.message}`);
	}
	const names = new Set<string>();
	const here = dirname(path);
	const pem = (file: string | undefined) => (file ? readFileSync(resolve(here, file), 'utf8') : undefined);
	return parsed.data.map((entry) => {
		if (names.has(entry.name)) throw new Error(`EDITORS_FILE (${path}) : ${entry.name} figure deux fois`);
		names.add(entry.name);
		if (Boolean(entry.clientCert) !== Boolean(entry.clientKey)) throw new Error(`EDITORS_FILE (${path}), ${entry.name} : clientCert et clientKey vont ensemble`);
		const tls = { cert: pem(entry.clientCert), key: pem(entry.clientKey), ca: pem(entry.ca) };
		return { name: entry.name, baseUrl: entry.baseUrl.replace(/\/$/, ''), fetch: tlsFetch(tls), certificateCn: entry.certificateCn ?? null };
	});
}
