import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { addDays, formatDateNumeric, type LocalDate } from '$lib/domain/civil';
import { frenchDateOf, frenchDateTime, quarterLabel, statusLabel, weekLabel, type RecordRow } from '$lib/domain/weekly-records';
import { formatDuration } from '$lib/domain/time';
import { WEEKLY_TARGET_MINUTES } from '$lib/domain/weekly-check';
import type { ProofDocument } from './records.service';

/**
 * The PDFs of the proof, drawn with the standard Helvetica (no font file to ship): its WinAnsi
 * encoding has every French letter, « », ’ and —; anything else (narrow spaces of Intl) is mapped.
 */

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const INK = rgb(0.09, 0.09, 0.09);
const GREY = rgb(0.35, 0.35, 0.35);
const BLUE = rgb(0, 0, 0.57);

function winAnsi(text: string): string {
	return text
		.replace(/[\u202f\u00a0\u2009]/g, ' ')
		.replace(/[\u2010\u2011\u2012]/g, '-')
		.replace(/[^\u0000-\u00ff\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2122]/g, '?');
}

class Writer {
	page: PDFPage;
	y: number;
	constructor(
		private readonly doc: PDFDocument,
		readonly regular: PDFFont,
		readonly bold: PDFFont,
		private readonly footer: string
	) {
		this.page = this.newPage();
		this.y = A4[1] - MARGIN;
	}

	private newPage(): PDFPage {
		const page = this.doc.addPage(A4);
		page.drawText(winAnsi(this.footer), { x: MARGIN, y: MARGIN / 2, size: 8, font: this.regular, color: GREY });
		return page;
	}

	ensure(height: number): void {
		if (this.y - height >= MARGIN) return;
		this.page = this.newPage();
		this.y = A4[1] - MARGIN;
	}

	/** A paragraph, wrapped at the margins. */
	text(text: string, options: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; gap?: number } = {}): void {
		const size = options.size ?? 10;
		const font = options.bold ? this.bold : this.regular;
		const lines: string[] = [];
		for (const word of winAnsi(text).split(' ')) {
			const last = lines.at(-1);
			if (last !== undefined && font.widthOfTextAtSize(`${last} ${word}`, size) <= A4[0] - 2 * MARGIN) lines[lines.length - 1] = `${last} ${word}`;
			else lines.push(word);
		}
		lines.forEach((line, i) => {
			this.ensure(size + 4);
			this.page.drawText(line, { x: MARGIN, y: this.y - size, size, font, color: options.color ?? INK });
			this.y -= size + (i === lines.length - 1 ? (options.gap ?? 5) : 3);
		});
	}

	row(cells: readonly string[], widths: readonly number[], options: { bold?: boolean; size?: number } = {}): void {
		const size = options.size ?? 9;
		this.ensure(size + 8);
		let x = MARGIN;
		const font = options.bold ? this.bold : this.regular;
		cells.forEach((cell, i) => {
			let value = winAnsi(cell);
			while (value.length > 1 && font.widthOfTextAtSize(value, size) > widths[i]! - 6) value = value.slice(0, -2) + '…';
			this.page.drawText(value, { x, y: this.y - size, size, font, color: INK });
			x += widths[i]!;
		});
		this.y -= size + 4;
		this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: A4[0] - MARGIN, y: this.y }, thickness: 0.4, color: rgb(0.8, 0.8, 0.8) });
		this.y -= 4;
	}
}

async function writer(title: string, footer: string): Promise<{ doc: PDFDocument; w: Writer }> {
	const doc = await PDFDocument.create();
	doc.setTitle(winAnsi(title));
	doc.setProducer('Agenda SAS');
	doc.setCreator('Agenda SAS');
	doc.setLanguage('fr-FR');
	const [regular, bold] = await Promise.all([doc.embedFont(StandardFonts.Helvetica), doc.embedFont(StandardFonts.HelveticaBold)]);
	return { doc, w: new Writer(doc, regular, bold, footer) };
}

/** One page: the practitioner, each week of the quarter as recorded, the code to check it. */
export async function proofPdf(proof: ProofDocument, verificationUrl: string): Promise<Uint8Array> {
	const title = `Attestation des heures visibles SAS — ${quarterLabel(proof.quarter)}`;
	const { doc, w } = await writer(title, `Agenda SAS — document émis le ${frenchDateTime(proof.issuedAt)} — code ${proof.code}`);
	w.text('Service d’Accès aux Soins (SAS)', { size: 9, color: GREY });
	w.text(title, { size: 15, bold: true, gap: 12 });
	w.text(`Effecteur : ${proof.practitioner.name}`, { size: 11, bold: true });
	w.text(`RPPS : ${proof.practitioner.rpps}`, { size: 11 });
	w.text(`Structure : ${proof.practitioner.structureName ?? 'aucune (participation individuelle)'}`, { size: 11, gap: 12 });
	w.text(
		'Heures rendues visibles à la régulation chaque semaine (avenant 9 : au moins 2 heures par semaine), telles qu’enregistrées à la fin de chaque semaine ; un enregistrement ne change plus ensuite.',
		{ size: 8.5, color: GREY, gap: 10 }
	);
	const widths = [200, 80, 140, 80];
	w.row(['Semaine', 'Heures visibles', 'Statut', 'Enregistré le'], widths, { bold: true });
	for (const week of proof.weeks) w.row([weekLabel(week.weekStart), formatDuration(week.minutes), statusLabel(week), frenchDateOf(week.recordedAt!)], widths);
	const met = proof.weeks.filter((r) => r.minutes >= WEEKLY_TARGET_MINUTES).length;
	w.y -= 6;
	w.text(`Semaines enregistrées : ${proof.weeks.length} — dont ${met} avec au moins 2 heures visibles.`, { size: 10, bold: true, gap: 16 });
	w.text(`Code de vérification : ${proof.code}`, { size: 12, bold: true, color: BLUE });
	w.text(`Vérifiable sans compte sur ${verificationUrl}`, { size: 10, color: BLUE });
	return doc.save();
}

export interface MemberSummaryLine {
	name: string;
	rpps: string;
	weeks: number;
	met: number;
	minutes: number;
}

/** The members' totals for a period, grouped from their recorded weeks. */
export function memberSummaries(rows: readonly RecordRow[]): MemberSummaryLine[] {
	const by = new Map<string, MemberSummaryLine>();
	for (const r of rows) {
		const line = by.get(r.rpps) ?? { name: r.practitionerName, rpps: r.rpps, weeks: 0, met: 0, minutes: 0 };
		line.weeks += 1;
		line.met += r.minutes >= WEEKLY_TARGET_MINUTES ? 1 : 0;
		line.minutes += r.minutes;
		by.set(r.rpps, line);
	}
	return [...by.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** A structure's summary for its payment file: one line per member over the period. */
export async function structureSummaryPdf(structure: { name: string; finess: string | null }, from: LocalDate, to: LocalDate, rows: readonly RecordRow[], issuedAt: string): Promise<Uint8Array> {
	const title = `Heures visibles SAS des membres — ${structure.name}`;
	const { doc, w } = await writer(title, `Agenda SAS — édité le ${frenchDateTime(issuedAt)} — semaines enregistrées du ${formatDateNumeric(from)} au ${formatDateNumeric(addDays(to, 6))}`);
	w.text('Service d’Accès aux Soins (SAS)', { size: 9, color: GREY });
	w.text(title, { size: 14, bold: true, gap: 8 });
	if (structure.finess) w.text(`FINESS : ${structure.finess}`, { size: 10 });
	w.text(`Période : semaines du ${formatDateNumeric(from)} au ${formatDateNumeric(addDays(to, 6))}`, { size: 10, gap: 12 });
	const widths = [175, 85, 65, 110, 64];
	w.row(['Effecteur', 'RPPS', 'Semaines', 'Semaines à 2 h et +', 'Heures'], widths, { bold: true });
	const lines = memberSummaries(rows);
	for (const m of lines) w.row([m.name, m.rpps, String(m.weeks), String(m.met), formatDuration(m.minutes)], widths);
	const total = lines.reduce((acc, m) => ({ weeks: acc.weeks + m.weeks, met: acc.met + m.met, minutes: acc.minutes + m.minutes }), { weeks: 0, met: 0, minutes: 0 });
	w.row([`Total : ${lines.length} effecteur(s)`, '', String(total.weeks), String(total.met), formatDuration(total.minutes)], widths, { bold: true });
	w.y -= 8;
	w.text('Le détail semaine par semaine est dans l’export CSV ; chaque effecteur peut produire son attestation vérifiable.', { size: 8.5, color: GREY });
	return doc.save();
}
