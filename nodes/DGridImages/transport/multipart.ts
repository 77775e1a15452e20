/**
 * multipart/form-data bodies built in memory. The package has no runtime dependencies
 * (n8n verifies only such packages), so no `form-data`; a Buffer body can also be sent
 * again unchanged when a call is retried, which a consumed stream could not.
 */
export type MultipartPart =
	| { name: string; value: string }
	| { name: string; data: Buffer; fileName: string; contentType: string };

export interface MultipartBody {
	contentType: string;
	body: Buffer;
}

const quote = (text: string) => text.replace(/[\r\n"\\]/g, (char) => encodeURIComponent(char));

export function buildMultipartBody(parts: MultipartPart[]): MultipartBody {
	const boundary = `----n8nDGridBoundary${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
	const chunks: Buffer[] = [];
	for (const part of parts) {
		let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"`;
		if ('data' in part) {
			head += `; filename="${quote(part.fileName)}"\r\nContent-Type: ${part.contentType}`;
		}
		chunks.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'));
		chunks.push('data' in part ? part.data : Buffer.from(part.value, 'utf8'));
		chunks.push(Buffer.from('\r\n', 'utf8'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
	return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}
