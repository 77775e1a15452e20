// Reads a request body with a size cap and parses it as JSON or multipart.
import type { IncomingMessage } from 'node:http';
import type { ParsedBody } from './context';
import { boundaryOf, parseMultipart } from './multipart';

/**
 * Buffers up to `limit` bytes. Past the limit the rest is drained and dropped, so the
 * client finishes sending and reliably reads the 413 instead of hitting EPIPE.
 */
export function readBody(
	req: IncomingMessage,
	limit: number,
): Promise<{ body: Buffer; tooLarge: boolean }> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			if (tooLarge) return;
			if (size + chunk.length > limit) {
				tooLarge = true;
				return;
			}
			size += chunk.length;
			chunks.push(chunk);
		});
		const done = () => resolve({ body: Buffer.concat(chunks), tooLarge });
		req.on('end', done);
		req.on('error', done);
		req.on('aborted', done);
	});
}

export function isJsonContentType(ct: string | undefined): boolean {
	return ct !== undefined && /^application\/([\w.+-]+\+)?json\b/i.test(ct.trim());
}

export function parseBody(body: Buffer, contentType: string | undefined): ParsedBody {
	const boundary = boundaryOf(contentType);
	if (boundary !== undefined) {
		try {
			return { multipart: parseMultipart(body, boundary) };
		} catch (e) {
			return { multipartError: (e as Error).message };
		}
	}
	if (body.length === 0) return { jsonError: 'request body is empty' };
	try {
		return { json: JSON.parse(body.toString('utf8')) as unknown };
	} catch (e) {
		return { jsonError: (e as Error).message };
	}
}
