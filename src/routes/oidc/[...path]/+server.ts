import type { RequestHandler } from './$types';
import { appOrigin } from '$lib/server/access';
import { pscSandbox } from '$lib/server/auth/psc';
import { runtime } from '$lib/server/runtime';

/** The Pro Santé Connect sandbox: only when enabled (PSC_SANDBOX or DEMO_DATA) and no real PSC is configured. */
const sandbox: RequestHandler = async (event) => {
	const { db, config } = await runtime();
	if (!config.pscSandbox) return new Response('Introuvable', { status: 404 });
	return (await pscSandbox(config, await appOrigin(event), db)).handle(event.request);
};

export const GET = sandbox;
export const POST = sandbox;
