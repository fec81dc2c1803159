/** FHIR answers: JSON with the FHIR media type, and errors as an OperationOutcome in French. */

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export function fhirResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), { status, headers: { 'content-type': FHIR_JSON, 'cache-control': 'no-store', ...headers } });
}

export interface OutcomeIssue {
	/** FHIR issue type: invalid, required, business-rule, not-found, security, processing… */
	code: string;
	diagnostics: string;
	expression?: string[];
	severity?: 'error' | 'fatal' | 'warning';
}

export function operationOutcome(issues: OutcomeIssue[]) {
	return {
		resourceType: 'OperationOutcome',
		issue: issues.map(({ severity = 'error', code, diagnostics, expression }) => ({
			severity,
			code,
			details: { text: diagnostics },
			diagnostics,
			...(expression ? { expression } : {})
		}))
	};
}

/** An error answer: status and one issue. */
export function outcomeResponse(status: number, code: string, diagnostics: string, expression?: string[]): Response {
	return fhirResponse(operationOutcome([{ code, diagnostics, expression }]), status);
}
