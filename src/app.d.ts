// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			db: import('$lib/server/db').DB;
			/** The signed-in account, or null. */
			actor: import('$lib/server/auth/actor').ServerActor | null;
			/** The session cookie's token, when it names a live session. */
			sessionToken: string | null;
		}
	}
}

export {};
