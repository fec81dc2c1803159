// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			db: import('$lib/server/db').DB;
		}
	}
}

export {};
