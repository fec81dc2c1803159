import { version } from '$app/environment';
import { openApiDocument } from '$lib/server/api/openapi';
import { getOpenApi } from '$lib/server/api/operations/system';
import { OPERATIONS } from '$lib/server/api/registry';
import { endpoint } from '$lib/server/http/endpoint';

export const GET = endpoint(getOpenApi, async () => openApiDocument(OPERATIONS, version));
