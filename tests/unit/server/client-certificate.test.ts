import { describe, expect, it } from 'vitest';
import { admit, admitFromProxy, parseDistinguishedName } from '../../../src/lib/server/fhir/client-certificate';
import { loadConfig } from '../../../src/lib/server/config';

const accepted = { allowedCn: ['sas-client'], allowedOu: ['SAS'] };
const proxy = { verifyHeader: 'x-ssl-client-verify', dnHeader: 'x-ssl-client-s-dn', addresses: ['127.0.0.1', '::1'] };

describe('client certificates checked behind a reverse proxy', () => {
	it('reads both forms of distinguished name proxies write', () => {
		expect(parseDistinguishedName('CN=sas-client,OU=SAS,O=Editeur\\, SA,C=FR')).toEqual({ cn: 'sas-client', ou: ['SAS'] });
		expect(parseDistinguishedName('/C=FR/O=Editeur/OU=SAS/OU=Prod/CN=sas-client')).toEqual({ cn: 'sas-client', ou: ['SAS', 'Prod'] });
	});

	it('lets in a verified certificate with an accepted CN and OU, and nothing else', () => {
		const headers = (verify: string | null, dn: string | null) => new Headers([...(verify ? [['x-ssl-client-verify', verify]] : []), ...(dn ? [['x-ssl-client-s-dn', dn]] : [])] as [string, string][]);
		expect(admitFromProxy(headers('SUCCESS', 'CN=sas-client,OU=SAS'), proxy, accepted, '127.0.0.1')).toEqual({ allowed: true, caller: 'sas-client' });
		expect(admitFromProxy(headers(null, null), proxy, accepted, '127.0.0.1')).toMatchObject({ allowed: false, status: 401 });
		expect(admitFromProxy(headers('FAILED:certificate revoked', 'CN=sas-client,OU=SAS'), proxy, accepted, '127.0.0.1')).toMatchObject({ allowed: false, status: 403 });
		expect(admitFromProxy(headers('SUCCESS', 'CN=intrus,OU=SAS'), proxy, accepted, '127.0.0.1')).toMatchObject({ allowed: false, status: 403 });
		expect(admitFromProxy(headers('SUCCESS', 'CN=sas-client,OU=Autre'), proxy, accepted, '127.0.0.1')).toMatchObject({ allowed: false, status: 403 });
		expect(admit({ cn: 'n-importe', ou: [] }, { allowedCn: [], allowedOu: [] })).toEqual({ allowed: true, caller: 'n-importe' });
	});
});

describe('the proxy’s headers', () => {
	const headers = new Headers({ 'x-ssl-client-verify': 'SUCCESS', 'x-ssl-client-s-dn': 'CN=sas-client,OU=SAS' });

	it('count from the proxy’s addresses only: anyone else sending them is refused', () => {
		const behind = { ...proxy, addresses: ['10.0.0.0/8', '192.0.2.7', 'fd00::/8'] };
		for (const address of ['10.1.2.3', '::ffff:10.1.2.3', '192.0.2.7', 'fd00::1']) expect(admitFromProxy(headers, behind, accepted, address)).toEqual({ allowed: true, caller: 'sas-client' });
		for (const address of ['192.0.2.8', '127.0.0.1', '2001:db8::1', '', 'not-an-ip']) expect(admitFromProxy(headers, behind, accepted, address)).toMatchObject({ allowed: false, status: 403 });
		// Unset: the proxy runs on the same machine.
		expect(loadConfig({ FHIR_CLIENT_CERT_FROM_PROXY: 'true' } as NodeJS.ProcessEnv).fhir.proxy?.addresses).toEqual(['127.0.0.1', '::1']);
		expect(() => loadConfig({ FHIR_CLIENT_CERT_FROM_PROXY: 'true', FHIR_PROXY_ADDRESSES: '10.0.0.0/33' } as NodeJS.ProcessEnv)).toThrow(/FHIR_PROXY_ADDRESSES invalide/);
	});
});

describe('the FHIR access configuration', () => {
	it('is open only in the demo without TLS, and wants the four TLS variables together', () => {
		expect(loadConfig({ DEMO_DATA: 'true' } as NodeJS.ProcessEnv).fhir.open).toBe(true);
		expect(loadConfig({ DEMO_DATA: 'false' } as NodeJS.ProcessEnv).fhir.open).toBe(false);
		expect(loadConfig({ DEMO_DATA: 'true', FHIR_CLIENT_CERT_FROM_PROXY: 'true' } as NodeJS.ProcessEnv).fhir).toMatchObject({ open: false, proxy });
		expect(() => loadConfig({ FHIR_TLS_PORT: '8443' } as NodeJS.ProcessEnv)).toThrow(/vont ensemble/);
		const tls = loadConfig({ DEMO_DATA: 'true', FHIR_TLS_PORT: '8443', FHIR_TLS_CERT: 'c', FHIR_TLS_KEY: 'k', FHIR_TLS_CA: 'a', FHIR_CLIENT_CN: 'sas-client, autre', FHIR_CLIENT_OU: 'SAS' } as NodeJS.ProcessEnv).fhir;
		expect(tls).toMatchObject({ open: false, tls: { port: 8443, crl: null }, allowedCn: ['sas-client', 'autre'], allowedOu: ['SAS'] });
		expect(loadConfig({ DEMO_DATA: 'true' } as NodeJS.ProcessEnv).editorSimulator).toBe(true);
		expect(loadConfig({ DEMO_DATA: 'true', EDITORS_FILE: 'editeurs.json' } as NodeJS.ProcessEnv).editorSimulator).toBe(false);
	});
});
