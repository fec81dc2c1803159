import { verifyProof } from '$lib/server/api/operations/proof';
import { assertAttemptsAllowed, recordAttempt, VERIFICATION_LIMITS } from '$lib/server/auth/rate-limit';
import { endpoint } from '$lib/server/http/endpoint';
import { HttpProblem } from '$lib/server/http/problem';
import { verifyProof as verify } from '$lib/server/proof/records.service';

export const GET = endpoint(verifyProof, async ({ event, params }) => {
	const ip = event.getClientAddress();
	const [all, misses] = [`verify-ip:${ip}`, `verify-miss-ip:${ip}`];
	await assertAttemptsAllowed(
		event.locals.db,
		[
			{ key: all, limit: VERIFICATION_LIMITS.perAddress, message: 'Trop de vérifications depuis votre adresse réseau.' },
			{ key: misses, limit: VERIFICATION_LIMITS.missesPerAddress, message: 'Trop de codes inconnus depuis votre adresse réseau.' }
		],
		VERIFICATION_LIMITS.windowMinutes
	);
	const proof = await verify(event.locals.db, params.code);
	await recordAttempt(event.locals.db, proof ? [all] : [all, misses]);
	if (!proof) throw new HttpProblem(404, 'Aucune attestation ne porte ce code.');
	// What the PDF shows, nothing more: no places, no detail by kind.
	return { ...proof, weeks: proof.weeks.map((w) => ({ weekStart: w.weekStart, minutes: w.minutes, status: w.status, recordedAt: w.recordedAt! })) };
});
