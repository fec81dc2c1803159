/**
 * A certificate authority of its own for the mTLS tests, made with Debian's openssl: the server's
 * certificate, a valid client one (CN sas-client, OU SAS), one with a wrong CN, one with a wrong OU,
 * one revoked and listed in the CRL. Nothing of it is kept: a temporary folder per run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CA_CONFIG = `[ ca ]
default_ca = local
[ local ]
dir = .
database = db/index.txt
serial = db/serial
crlnumber = db/crlnumber
new_certs_dir = db
unique_subject = no
default_md = sha256
default_days = 30
default_crl_days = 30
policy = anything
copy_extensions = copy
[ anything ]
commonName = supplied
organizationalUnitName = optional
organizationName = optional
`;

export interface TestPki {
	dir: string;
	/** Paths of the PEM files. */
	ca: string;
	crl: string;
	server: { cert: string; key: string };
	clients: Record<'valid' | 'wrongCn' | 'wrongOu' | 'revoked', { cert: string; key: string }>;
	read: (path: string) => string;
}

export function makeTestPki(): TestPki {
	const dir = mkdtempSync(join(tmpdir(), 'agenda-sas-pki-'));
	const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
	mkdirSync(join(dir, 'db'));
	writeFileSync(join(dir, 'db/index.txt'), '');
	writeFileSync(join(dir, 'db/serial'), '1000\n');
	writeFileSync(join(dir, 'db/crlnumber'), '1000\n');
	writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
	run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/O=IGC-Santé de test/CN=AC de test');
	const issue = (name: string, subject: string, ...extra: string[]) => {
		run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject, ...extra);
		run('ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', `${name}.csr`, '-out', `${name}.pem`, '-notext');
		return { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
	};
	const server = issue('server', '/O=Agenda SAS/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1');
	const clients = {
		valid: issue('valid', '/O=Editeur/OU=SAS/CN=sas-client'),
		wrongCn: issue('wrong-cn', '/O=Editeur/OU=SAS/CN=intrus'),
		wrongOu: issue('wrong-ou', '/O=Editeur/OU=Autre/CN=sas-client'),
		revoked: issue('revoked', '/O=Editeur/OU=SAS/CN=sas-client')
	};
	run('ca', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-revoke', 'revoked.pem');
	run('ca', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-gencrl', '-out', 'crl.pem');
	return { dir, ca: join(dir, 'ca.pem'), crl: join(dir, 'crl.pem'), server, clients, read: (path) => readFileSync(path, 'utf8') };
}
