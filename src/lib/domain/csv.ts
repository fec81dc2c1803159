/**
 * CSV for a spreadsheet in French (Excel): « ; » between columns, CRLF, a BOM so that Excel reads
 * UTF-8. A cell that a spreadsheet would take for a formula is neutralised (CSV injection).
 */
export type CsvCell = string | number | null;

function cell(value: CsvCell): string {
	const text = value === null ? '' : typeof value === 'number' ? String(value).replace('.', ',') : value;
	return /[";\r\n]/.test(text) || /^[=+\-@\t]/.test(text) ? `"${text.replace(/^([=+\-@\t])/, "'$1").replace(/"/g, '""')}"` : text;
}

export function frenchCsv(lines: readonly (readonly CsvCell[])[]): string {
	return '\uFEFF' + lines.map((line) => line.map(cell).join(';')).join('\r\n') + '\r\n';
}
