import { api } from './api';

export interface Commune {
	code: string;
	name: string;
	department: string;
	postalCodes: string[];
}

/**
 * Names of communes by INSEE code, asked of the server once per code and shared by every screen
 * that shows communes (offline, a code stays shown as its code).
 */
class CommuneNames {
	names = $state<Record<string, string>>({});
	private asked = new Set<string>();

	/** Asks for the names not known yet of these codes; `names` fills in when the answer comes. */
	need(codes: readonly string[]): void {
		const missing = codes.filter((code) => !(code in this.names) && !this.asked.has(code));
		if (!missing.length) return;
		for (const code of missing) this.asked.add(code);
		void api<Commune[]>(`/api/communes?codes=${missing.join(',')}`).then((answer) => {
			if (answer.ok) this.remember(answer.data);
			// Not answered (offline): asked again next time.
			else for (const code of missing) this.asked.delete(code);
		});
	}

	remember(communes: readonly Pick<Commune, 'code' | 'name'>[]): void {
		this.names = { ...this.names, ...Object.fromEntries(communes.map((c) => [c.code, c.name])) };
	}

	/** The name of a commune, or its code while the name is not known. */
	of(code: string): string {
		return this.names[code] ?? code;
	}
}

export const communeNames = new CommuneNames();
