import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../../src/lib/server/db';
import { PGliteDialect } from '../../../src/lib/server/db/pglite-dialect';
import { CamelCasePlugin, Kysely } from 'kysely';

/**
 * Creating a PGlite data folder takes ~5 s; loading a dump of one takes ~1 s. So the migrated
 * schema is built once per run and each test file starts from its dump.
 */
export default async function setup(project: TestProject) {
	if (process.env.DATABASE_URL) return;
	const pglite = await PGlite.create('memory://');
	const db = new Kysely({ dialect: new PGliteDialect(pglite), plugins: [new CamelCasePlugin()] });
	await migrate(db as Parameters<typeof migrate>[0]);
	const dump = await pglite.dumpDataDir('none');
	const path = join(tmpdir(), `agenda-sas-template-${process.pid}.tar`);
	await writeFile(path, Buffer.from(await dump.arrayBuffer()));
	await db.destroy();
	project.provide('pgliteTemplate', path);
}

declare module 'vitest' {
	export interface ProvidedContext {
		pgliteTemplate: string | undefined;
	}
}
