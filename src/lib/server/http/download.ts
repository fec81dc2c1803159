/** A file the browser saves (CSV, PDF): named, never cached (it holds a person's figures). */
export function download(body: string | Uint8Array, type: string, filename: string): Response {
	return new Response(typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]), {
		headers: { 'content-type': type, 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'private, no-store' }
	});
}
