// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Platform {
			/** adapter-node's Node request (absent under `vite dev`'s own server for some requests). */
			req?: import('node:http').IncomingMessage;
		}
		interface Locals {
			db: import('$lib/server/db').DB;
			/** Whether the database answers, as this server sees it. */
			watch: import('$lib/server/db/watch').DatabaseWatch;
			/** The signed-in account, or null. */
			actor: import('$lib/server/auth/actor').ServerActor | null;
			/** The session cookie's token, when it names a live session. */
			sessionToken: string | null;
		}
	}
}

export {};
