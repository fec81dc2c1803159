import { BlockList, isIP } from 'node:net';
/**
 * Who may call /fhir (the guide's mTLS: IGC-Santé certificates, CN and OU checked). Either the
 * app's own HTTPS listener verified the certificate (tls-listener.ts), or a reverse proxy did and
 * says so in headers; the subject is then checked here against the accepted CN and OU.
 */

export interface CertificateSubject {
	cn: string | null;
	ou: string[];
}

/**
 * The CN and OUs of a distinguished name as proxies write it: RFC 2253 (`CN=x,OU=y,O=z`, nginx
 * $ssl_client_s_dn) or the OpenSSL one-line form (`/C=FR/O=z/OU=y/CN=x`). Escaped commas kept.
 */
export function parseDistinguishedName(dn: string): CertificateSubject {
	const text = dn.trim();
	const parts = text.startsWith('/') ? text.slice(1).split('/') : text.split(/(?<!\\),\s*/);
	const subject: CertificateSubject = { cn: null, ou: [] };
	for (const part of parts) {
		const eq = part.indexOf('=');
		if (eq < 0) continue;
		const key = part.slice(0, eq).trim().toUpperCase();
		const value = part.slice(eq + 1).trim().replace(/\\(.)/g, '$1');
		if (key === 'CN') subject.cn = value;
		if (key === 'OU') subject.ou.push(value);
	}
	return subject;
}

/** The subject of a Node peer certificate (`getPeerCertificate().subject`). */
export function subjectOfPeer(subject: Record<string, string | string[] | undefined> | undefined): CertificateSubject {
	const values = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
	return { cn: values(subject?.CN)[0] ?? null, ou: values(subject?.OU) };
}

export type Admission = { allowed: true; caller: string } | { allowed: false; status: 401 | 403; reason: string };

/** Whether a verified certificate's subject is one we accept (empty lists: any the CA issued). */
export function admit(subject: CertificateSubject, accepted: { allowedCn: string[]; allowedOu: string[] }): Admission {
	if (!subject.cn) return { allowed: false, status: 403, reason: 'Certificat client sans CN.' };
	if (accepted.allowedCn.length > 0 && !accepted.allowedCn.includes(subject.cn)) return { allowed: false, status: 403, reason: `Certificat client refusé : CN « ${subject.cn} » non autorisé.` };
	if (accepted.allowedOu.length > 0 && !subject.ou.some((ou) => accepted.allowedOu.includes(ou))) return { allowed: false, status: 403, reason: 'Certificat client refusé : OU non autorisée.' };
	return { allowed: true, caller: subject.cn };
}

/** Behind a proxy: its verification verdict and the subject it read. Absent headers: refused. */
/** Whether `address` (as the socket gives it) is one of `allowed` (addresses or subnets). */
export function fromAllowedAddress(address: string, allowed: readonly string[]): boolean {
	const list = new BlockList();
	for (const entry of allowed) {
		const [ip, bits] = entry.split('/') as [string, string | undefined];
		const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
		if (bits === undefined) list.addAddress(ip, family);
		else list.addSubnet(ip, Number(bits), family);
	}
	// An IPv4 client on a dual-stack socket shows as ::ffff:10.0.0.5.
	const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
	const family = isIP(plain);
	return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
}

export function admitFromProxy(headers: Headers, proxy: { verifyHeader: string; dnHeader: string; addresses: string[] }, accepted: { allowedCn: string[]; allowedOu: string[] }, clientAddress: string): Admission {
	// Anyone can send these headers: they count only from the proxy itself.
	if (!fromAllowedAddress(clientAddress, proxy.addresses)) return { allowed: false, status: 403, reason: 'Cette adresse n’est pas celle du proxy de vérification des certificats (FHIR_PROXY_ADDRESSES).' };
	const verdict = headers.get(proxy.verifyHeader);
	const dn = headers.get(proxy.dnHeader);
	if (!verdict || !dn) return { allowed: false, status: 401, reason: 'Certificat client requis (authentification mutuelle TLS).' };
	if (verdict.trim().toUpperCase() !== 'SUCCESS') return { allowed: false, status: 403, reason: `Certificat client non vérifié (${verdict.slice(0, 60)}).` };
	return admit(parseDistinguishedName(dn), accepted);
}
