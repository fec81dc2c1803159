/** A tiny HTTP client with a cookie jar: one per signed-in account of the fuzz. */
export class Client {
	private readonly jar = new Map<string, string>();

	constructor(
		readonly base: string,
		readonly name: string
	) {}

	async fetch(path: string, init: RequestInit = {}): Promise<Response> {
		const headers = new Headers(init.headers);
		if (this.jar.size) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
		const response = await fetch(path.startsWith('http') ? path : `${this.base}${path}`, { ...init, headers, redirect: 'manual' });
		for (const cookie of response.headers.getSetCookie()) {
			const [pair] = cookie.split(';');
			const [name, ...value] = pair!.split('=');
			if (/max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) this.jar.delete(name!);
			else this.jar.set(name!, value.join('='));
		}
		return response;
	}

	async signInWithPassword(email: string, password: string): Promise<void> {
		const response = await this.fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
		if (response.status !== 200) throw new Error(`${this.name}: connexion refusée (${response.status})`);
	}

	/** The Pro Santé Connect sandbox's code flow, as a browser goes through it. */
	async signInWithPsc(identity: { rpps: string; lastName: string; firstName: string }): Promise<void> {
		let response = await this.fetch('/auth/psc/login');
		let location = new URL(response.headers.get('location')!, this.base).href;
		response = await this.fetch(location);
		location = new URL(response.headers.get('location')!, location).href;
		await this.fetch(location);
		response = await this.fetch(`${location}/login`, { method: 'POST', headers: { origin: this.base }, body: new URLSearchParams(identity) });
		for (let hops = 0; hops < 6 && response.status >= 300 && response.status < 400; hops++) {
			location = new URL(response.headers.get('location')!, location).href;
			response = await this.fetch(location);
		}
		if (!(await this.fetch('/api/session')).ok) throw new Error(`${this.name}: connexion Pro Santé Connect impossible`);
	}
}
