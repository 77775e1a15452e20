import type { Chunk } from '../../shared/bytes';
import type { Base64Decoder } from './base64';
import { JsonStreamParser, JsonSyntaxError } from './parser';

/**
 * Reads DGrid's JSON answer from the response body as it arrives, without ever holding its
 * text: images in it (`b64_json`, Gemini `inlineData.data`, data URLs in chat text) come out as
 * decoded bytes (see shared/decoded.ts), everything else exactly as JSON.parse would give it.
 */

export interface JsonStreamOptions {
	/** Base64 shorter than this stays text (default 1024 characters). */
	minDecodedLength?: number;
	/** The body's length from its Content-Length header, to size image buffers right away. */
	expectedBytes?: number;
}

export type JsonStreamResult =
	| { ok: true; value: unknown }
	/** `start`: the first characters of the answer (for the error's excerpt); `problem`: what is wrong where. */
	| { ok: false; start: string; problem: string };

const DEFAULT_MIN_DECODED_LENGTH = 1024;
// Enough of the answer to quote in an error; the caller shortens it further.
const START_CHARACTERS = 1024;

/** The body as pieces, whatever form the HTTP helper handed it over in. */
async function* piecesOf(body: unknown): AsyncGenerator<Chunk> {
	if (body === undefined || body === null) return;
	if (typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer) {
		yield body;
		return;
	}
	if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
		for await (const piece of body as AsyncIterable<Chunk>) yield piece;
		return;
	}
	// Already parsed by something upstream: its JSON text is what was sent.
	yield JSON.stringify(body);
}

/** The first characters of the answer after leading white space. */
class StartOfAnswer {
	text = '';

	constructor(private readonly limit: number) {}

	get complete(): boolean {
		return this.text.length >= this.limit;
	}

	add(piece: string) {
		if (this.complete) return;
		const text = this.text === '' ? piece.trimStart() : piece;
		this.text += text.slice(0, this.limit - this.text.length);
	}
}

/** What is wrong with the JSON; anything but a syntax error is a fault of this code and goes on. */
function syntaxProblem(error: unknown): string {
	if (error instanceof JsonSyntaxError) return error.message;
	throw error;
}

const byteLength = (piece: Chunk) =>
	typeof piece === 'string' ? Buffer.byteLength(piece) : piece.byteLength;

export async function readJsonStream(
	body: unknown,
	options: JsonStreamOptions = {},
): Promise<JsonStreamResult> {
	const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
	let bytesBeforePiece = 0;
	const { expectedBytes } = options;
	let parser: JsonStreamParser | undefined = new JsonStreamParser({
		minDecodedLength: options.minDecodedLength ?? DEFAULT_MIN_DECODED_LENGTH,
		remainingBytes: () =>
			expectedBytes === undefined ? undefined : Math.max(0, expectedBytes - bytesBeforePiece),
	});
	const start = new StartOfAnswer(START_CHARACTERS);
	let problem = '';
	const write = (text: string) => {
		start.add(text);
		if (!parser) return;
		try {
			parser.write(text);
		} catch (error) {
			problem = syntaxProblem(error);
			parser = undefined; // lets go of whatever it decoded
		}
	};

	// Whether the text decoder may hold the start of a character from the last piece: then the
	// next bytes are not where the parser is, and must go through it.
	let textDecoderIdle = true;
	for await (const piece of piecesOf(body)) {
		if (typeof piece === 'string') {
			write(piece);
		} else {
			const bytes = piece instanceof ArrayBuffer ? new Uint8Array(piece) : piece;
			// Inside a long base64 image the letters go to its decoder as bytes, never as text.
			const decoder: Base64Decoder | undefined = textDecoderIdle
				? parser?.letterDecoder()
				: undefined;
			const taken: number = decoder ? decoder.pushLetterBytes(bytes, 0, bytes.length) : 0;
			parser?.skip(taken);
			if (taken < bytes.length) {
				const rest: Uint8Array = taken === 0 ? bytes : bytes.subarray(taken);
				write(utf8.decode(rest, { stream: true }));
				textDecoderIdle = rest[rest.length - 1] < 0x80;
			}
		}
		bytesBeforePiece += byteLength(piece);
		// Bad JSON: read on only as far as the error's excerpt needs.
		if (!parser && start.complete) break;
	}
	write(utf8.decode());
	if (parser) {
		try {
			return { ok: true, value: parser.end() };
		} catch (error) {
			problem = syntaxProblem(error);
		}
	}
	return { ok: false, start: start.text, problem };
}
