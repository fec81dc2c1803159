/**
 * The text of a PDF as a reader extracts it (pdf.js, Firefox's reader), page by page: what the
 * tests check of the proofs is what a person or a program reading the file finds in it.
 */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; content: string }> {
	const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
	const document = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
	const pages: string[] = [];
	for (let n = 1; n <= document.numPages; n++) {
		const page = await document.getPage(n);
		const text = await page.getTextContent();
		pages.push(text.items.map((item) => ('str' in item ? item.str : '')).join('\n'));
	}
	await document.destroy();
	return { pages: document.numPages, content: pages.join('\n') };
}
