import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: session cookies, invitation links, sign-in flows. */
export function randomToken(): string {
	return randomBytes(32).toString('base64url');
}

/** Tokens are stored hashed: whoever reads the database cannot use what is in it. */
export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}
