import { getProofPdf } from '$lib/server/api/operations/proof';
import { appOrigin, requirePractitioner } from '$lib/server/access';
import { download } from '$lib/server/http/download';
import { endpoint } from '$lib/server/http/endpoint';
import { proofPdf } from '$lib/server/proof/pdf';
import { issueProof } from '$lib/server/proof/records.service';

export const GET = endpoint(getProofPdf, async ({ event, params, query }) => {
	const actor = event.locals.actor!;
	await requirePractitioner(event.locals.db, actor, params.id, 'practitioner.read');
	const proof = await issueProof(event.locals.db, params.id, query.quarter, actor.accountId);
	const pdf = await proofPdf(proof, `${await appOrigin(event)}/verification/${proof.code}`);
	return download(pdf, 'application/pdf', `attestation-sas-${proof.practitioner.rpps}-${proof.quarter}.pdf`);
});
