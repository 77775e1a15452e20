/** A piece of a body, in whichever form an HTTP client or a test hands it over. */
export type Chunk = Buffer | Uint8Array | ArrayBuffer | string;

/** A chunk as a Buffer: text as UTF-8, a Buffer as it is, other bytes wrapped (an ArrayBuffer) or copied. */
export function toBuffer(chunk: Chunk): Buffer {
	if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
	if (Buffer.isBuffer(chunk)) return chunk;
	if (chunk instanceof ArrayBuffer) return Buffer.from(chunk);
	return Buffer.from(chunk);
}
