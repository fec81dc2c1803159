import type { z } from 'zod';

/** First message per field, from a zod error or from an API problem's `errors`. */
export type FieldErrors = Record<string, string>;

export function fromZod(error: z.ZodError): FieldErrors {
	const errors: FieldErrors = {};
	for (const issue of error.issues) errors[issue.path.map(String).join('.') || '_'] ??= issue.message;
	return errors;
}

export function fromProblem(errors: Record<string, string[]> | undefined): FieldErrors {
	return Object.fromEntries(Object.entries(errors ?? {}).map(([field, messages]) => [field, messages[0] ?? '']));
}
