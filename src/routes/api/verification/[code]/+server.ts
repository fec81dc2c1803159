import { verifyProof } from '$lib/server/api/operations/proof';
import { endpoint } from '$lib/server/http/endpoint';
import { HttpProblem } from '$lib/server/http/problem';
import { verifyProof as verify } from '$lib/server/proof/records.service';

export const GET = endpoint(verifyProof, async ({ event, params }) => {
	const proof = await verify(event.locals.db, params.code);
	if (!proof) throw new HttpProblem(404, 'Aucune attestation ne porte ce code.');
	// What the PDF shows, nothing more: no places, no detail by kind.
	return { ...proof, weeks: proof.weeks.map((w) => ({ weekStart: w.weekStart, minutes: w.minutes, status: w.status, recordedAt: w.recordedAt! })) };
});
