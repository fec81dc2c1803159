import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (19 MiB, 2 passes, 1 lane): the OWASP recommendation.
const OPTIONS = { algorithm: 2 as const };

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

/** Compared against this when the account does not exist, so that timing does not tell. */
const NO_ACCOUNT = hash('no account has this password', OPTIONS);

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash ?? (await NO_ACCOUNT), password);
	} catch {
		return false;
	}
}
