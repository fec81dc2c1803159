import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';

export interface Mail {
	to: string;
	subject: string;
	text: string;
}

export interface MailSettings {
	smtpUrl: string | undefined;
	from: string;
	/** Where messages are written when there is no SMTP server. */
	outbox: string;
}

/** Sends through SMTP when SMTP_URL is set; otherwise writes an .eml file and logs where. */
export async function sendMail(settings: MailSettings, mail: Mail): Promise<{ delivered: 'smtp' | 'file'; path?: string }> {
	const message = { from: settings.from, to: mail.to, subject: mail.subject, text: mail.text };
	if (settings.smtpUrl) {
		await nodemailer.createTransport(settings.smtpUrl).sendMail(message);
		return { delivered: 'smtp' };
	}
	const { message: raw } = await nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }).sendMail(message);
	await mkdir(settings.outbox, { recursive: true });
	// Time first (files sort in sending order), a random part so that two messages of one millisecond never overwrite each other.
	const path = join(settings.outbox, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}-${mail.to.replace(/[^a-z0-9@._-]/gi, '_')}.eml`);
	await writeFile(path, raw as Buffer);
	console.info(`[agenda-sas] e-mail pour ${mail.to} écrit dans ${path}`);
	return { delivered: 'file', path };
}
