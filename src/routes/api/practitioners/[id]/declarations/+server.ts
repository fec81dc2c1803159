import { createDeclaration } from '$lib/server/api/operations/regulation';
import { endpoint } from '$lib/server/http/endpoint';
import { declare } from '$lib/server/services/orientation.service';

export const POST = endpoint(createDeclaration, async ({ event, params, body }) => declare(event.locals.db, event.locals.actor, params.id, body));
