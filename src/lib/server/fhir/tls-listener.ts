import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { FhirAccessConfig } from '../config';
import { nodeListener } from '../http/node-server';
import { admit, subjectOfPeer } from './client-certificate';
import { outcomeResponse } from './outcome';

/**
 * The FHIR endpoint's own HTTPS listener, as the guide requires: TLS 1.2 at least, a client
 * certificate issued by the configured CA (IGC-Santé) and not revoked (CRL), its CN and OU among
 * those accepted. A missing, unknown or revoked certificate fails the handshake; an unaccepted
 * CN or OU gets a 403 OperationOutcome. Requests go to `handle` with the caller's CN.
 */
export function startFhirListener(tls: NonNullable<FhirAccessConfig['tls']>, accepted: Pick<FhirAccessConfig, 'allowedCn' | 'allowedOu'>, handle: (request: Request, caller: string) => Promise<Response>): Promise<Server> {
	const server = createServer(
		{
			cert: readFileSync(tls.cert),
			key: readFileSync(tls.key),
			ca: readFileSync(tls.ca),
			...(tls.crl ? { crl: readFileSync(tls.crl) } : {}),
			requestCert: true,
			rejectUnauthorized: true,
			minVersion: 'TLSv1.2'
		},
		nodeListener(`https://localhost:${tls.port}`, async (request, req) => {
			const admission = admit(subjectOfPeer((req.socket as TLSSocket).getPeerCertificate().subject as never), accepted);
			if (!admission.allowed) return outcomeResponse(admission.status, 'security', admission.reason);
			return handle(request, admission.caller);
		})
	);
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(tls.port, tls.host, () => resolve(server));
	});
}
