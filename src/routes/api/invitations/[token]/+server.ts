import { getInvitation } from '$lib/server/api/operations/identity';
import { passwordLinkInfo } from '$lib/server/auth/password-links.service';
import { endpoint } from '$lib/server/http/endpoint';

export const GET = endpoint(getInvitation, async ({ event, params }) => passwordLinkInfo(event.locals.db, params.token));
