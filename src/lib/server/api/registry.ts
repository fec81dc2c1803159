import type { Operation } from './operation';
import * as agenda from './operations/agenda';
import * as identity from './operations/identity';
import * as proof from './operations/proof';
import * as regulation from './operations/regulation';
import * as structures from './operations/structures';
import * as sync from './operations/sync';
import * as system from './operations/system';

function operationsOf(module: Record<string, unknown>): Operation[] {
	return Object.values(module).filter((v): v is Operation => typeof v === 'object' && v !== null && 'operationId' in v);
}

/** Every operation of the API; the OpenAPI document and the route-coverage test read this list. */
export const OPERATIONS: Operation[] = [...operationsOf(system), ...operationsOf(identity), ...operationsOf(agenda), ...operationsOf(structures), ...operationsOf(sync), ...operationsOf(regulation), ...operationsOf(proof)];
