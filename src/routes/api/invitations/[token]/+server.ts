import { getInvitation } from '$lib/server/api/operations/identity';
import { invitationInfo } from '$lib/server/auth/accounts.service';
import { endpoint } from '$lib/server/http/endpoint';

export const GET = endpoint(getInvitation, async ({ event, params }) => invitationInfo(event.locals.db, params.token));
