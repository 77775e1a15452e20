import type { IDataObject } from 'n8n-workflow';

import { toBuffer } from '../shared/bytes';
import { parseJsonText, asDict, asList } from '../shared/json';
import type { Dict } from '../shared/json';
import { excerpt } from '../shared/text';
import type { BrokenBodyInfo } from '../transport/body';
import { BrokenBodyError } from '../transport/body';

/**
 * Streaming chat answers (`stream: true`): server-sent events parsed as the bytes arrive, the
 * `chat.completion.chunk` deltas assembled back into one `chat.completion`, so the same reader
 * (message.ts) serves streamed and whole answers and both give identical items.
 * An image arrives whole inside one `delta.content` event (megabytes of base64), so events
 * are collected in pieces and bounded in size instead of re-scanning a growing string.
 * A stream that breaks off (cut, or stalled past the Timeout option) is a BrokenBodyError that
 * says how many events had arrived and whether image data was among them: only a stream that
 * broke before any image data is sent again (a new request is a new, paid generation).
 */

/** A stream that cannot be read as a chat answer; the operation names item and operation. */
export class ChatStreamError extends Error {
	constructor(
		message: string,
		readonly description?: string,
	) {
		super(message);
	}
}

const MB = 1024 * 1024;
/** DGrid's own request limit; an event (or a JSON answer) above it is not a real answer. */
export const DEFAULT_MAX_EVENT_BYTES = 128 * MB;

const LF = 0x0a;
const CR = 0x0d;
const EXCERPT = 120;

/** Image data (or a link to an image) in an answer's text: a data URL, markdown image, image part. */
const IMAGE_DATA = /data:image|!\[[^\]\n]{0,500}\]\(|image_url/;

/**
 * The event-stream format: lines end in LF, CR or CRLF (split on bytes, which is safe for
 * UTF-8), `data:` lines accumulate, a blank line ends the event, `:` lines are comments.
 */
export class SseParser {
	private lineParts: Buffer[] = [];
	private lineBytes = 0;
	private dataLines: string[] = [];
	private eventBytes = 0;
	private skipLeadingLf = false;
	private firstLine = true;

	constructor(private readonly maxEventBytes = DEFAULT_MAX_EVENT_BYTES) {}

	/** Feeds bytes; returns the data of every event they complete. */
	push(chunk: Buffer | Uint8Array | string): string[] {
		const bytes = toBuffer(chunk);
		const events: string[] = [];
		let start = 0;
		if (this.skipLeadingLf && bytes.length > 0) {
			if (bytes[0] === LF) start = 1;
			this.skipLeadingLf = false;
		}
		// Next LF / CR positions are cached so a chunk with many lines is scanned once.
		let nextLf = bytes.indexOf(LF, start);
		let nextCr = bytes.indexOf(CR, start);
		while (start < bytes.length) {
			if (nextLf !== -1 && nextLf < start) nextLf = bytes.indexOf(LF, start);
			if (nextCr !== -1 && nextCr < start) nextCr = bytes.indexOf(CR, start);
			const end = nextLf === -1 ? nextCr : nextCr === -1 ? nextLf : Math.min(nextLf, nextCr);
			if (end === -1) {
				this.appendToLine(bytes.subarray(start));
				break;
			}
			this.appendToLine(bytes.subarray(start, end));
			const payload = this.acceptLine(this.takeLine());
			if (payload !== undefined) events.push(payload);
			if (bytes[end] === CR) {
				if (end + 1 === bytes.length) this.skipLeadingLf = true;
				start = bytes[end + 1] === LF ? end + 2 : end + 1;
			} else {
				start = end + 1;
			}
		}
		return events;
	}

	/** At the end of the stream: the data of an event that was never closed by a blank line. */
	end(): string | undefined {
		if (this.lineBytes > 0) this.acceptLine(this.takeLine());
		if (this.dataLines.length === 0) return undefined;
		const pending = this.dataLines.join('\n');
		this.dataLines = [];
		this.eventBytes = 0;
		return pending;
	}

	/** Whether the event still being received (not yet complete) matches `pattern`. */
	pendingMatches(pattern: RegExp): boolean {
		if (this.dataLines.some((line) => pattern.test(line))) return true;
		return this.lineBytes > 0 && pattern.test(Buffer.concat(this.lineParts).toString('utf8'));
	}

	private appendToLine(part: Buffer) {
		if (part.length === 0) return;
		this.lineBytes += part.length;
		if (this.lineBytes + this.eventBytes > this.maxEventBytes) {
			throw new ChatStreamError(
				`an event of DGrid's stream is larger than ${Math.round(this.maxEventBytes / MB)} MB`,
				'The stream does not look like a chat answer. Turn off the Stream option to get the answer in one piece.',
			);
		}
		this.lineParts.push(part);
	}

	private takeLine(): string {
		let line =
			this.lineParts.length === 1
				? this.lineParts[0].toString('utf8')
				: Buffer.concat(this.lineParts).toString('utf8');
		this.lineParts = [];
		this.lineBytes = 0;
		if (this.firstLine) {
			this.firstLine = false;
			if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
		}
		return line;
	}

	private acceptLine(line: string): string | undefined {
		if (line === '') {
			if (this.dataLines.length === 0) return undefined;
			const payload = this.dataLines.join('\n');
			this.dataLines = [];
			this.eventBytes = 0;
			return payload;
		}
		if (line.startsWith(':')) return undefined;
		const colon = line.indexOf(':');
		const field = colon === -1 ? line : line.slice(0, colon);
		if (field !== 'data') return undefined; // event, id, retry: not used by chat streams
		let value = colon === -1 ? '' : line.slice(colon + 1);
		if (value.startsWith(' ')) value = value.slice(1);
		this.dataLines.push(value);
		this.eventBytes += value.length;
		return undefined;
	}
}

interface ChoiceState {
	index: number;
	role?: string;
	/** Content deltas in arrival order: strings, or parts when a gateway streams part arrays. */
	content: unknown[];
	images: unknown[];
	refusal: string[];
	finishReason?: unknown;
}

/** Builds one `chat.completion` from the `chat.completion.chunk` events of a stream. */
export class ChatStreamAssembler {
	/** `[DONE]` was received. */
	done = false;
	/** An event carried `{error: …}`: the stream failed at DGrid or upstream. */
	error?: IDataObject;
	private chunks = 0;
	private header: Dict = {};
	private usage: unknown;
	private choices = new Map<number, ChoiceState>();

	/** Takes the data of one event. Throws ChatStreamError when it is not a chunk. */
	accept(payload: string): void {
		if (this.done || this.error) return;
		const trimmed = payload.trim();
		if (trimmed === '') return;
		if (trimmed === '[DONE]') {
			this.done = true;
			return;
		}
		const parsed = parseJsonText(trimmed);
		if (!parsed.ok) {
			throw new ChatStreamError(
				"DGrid's stream contains an event that is not JSON",
				`The event starts with: ${excerpt(trimmed, EXCERPT)}`,
			);
		}
		const chunk = asDict(parsed.value);
		if (!chunk) {
			throw new ChatStreamError(
				"DGrid's stream contains an event that is not a chat completion chunk",
				`The event is: ${excerpt(trimmed, EXCERPT)}`,
			);
		}
		if (chunk.error !== undefined && chunk.error !== null && chunk.error !== '') {
			this.error = chunk as IDataObject;
			return;
		}
		this.readChunk(chunk);
	}

	private readChunk(chunk: Dict) {
		this.chunks++;
		for (const key of ['id', 'object', 'created', 'model', 'system_fingerprint']) {
			if (this.header[key] === undefined && chunk[key] !== undefined) this.header[key] = chunk[key];
		}
		if (chunk.usage !== undefined && chunk.usage !== null) this.usage = chunk.usage;
		for (const item of asList(chunk.choices)) {
			const choice = asDict(item);
			if (!choice) continue;
			const index =
				typeof choice.index === 'number' && Number.isInteger(choice.index) ? choice.index : 0;
			let state = this.choices.get(index);
			if (!state) {
				state = { index, content: [], images: [], refusal: [] };
				this.choices.set(index, state);
			}
			const delta = asDict(choice.delta) ?? asDict(choice.message) ?? {};
			if (typeof delta.role === 'string') state.role = delta.role;
			if (typeof delta.content === 'string') state.content.push(delta.content);
			else state.content.push(...asList(delta.content));
			state.images.push(...asList(delta.images));
			if (typeof delta.refusal === 'string') state.refusal.push(delta.refusal);
			if (choice.finish_reason !== undefined && choice.finish_reason !== null) {
				state.finishReason = choice.finish_reason;
			}
		}
	}

	/** Whether the stream said it was complete: `[DONE]`, or a finish_reason for a choice. */
	get finished(): boolean {
		return (
			this.done || [...this.choices.values()].some((choice) => choice.finishReason !== undefined)
		);
	}

	get chunkCount(): number {
		return this.chunks;
	}

	/** Whether any image (data, link or part) arrived so far. Scans the content: error path only. */
	get hasImageData(): boolean {
		return [...this.choices.values()].some(
			(state) =>
				state.images.length > 0 ||
				state.content.some((piece) =>
					IMAGE_DATA.test(typeof piece === 'string' ? piece : JSON.stringify(piece)),
				),
		);
	}

	/** The answer as a non-streamed `chat.completion` would have carried it. */
	completion(): IDataObject {
		const choices = [...this.choices.values()]
			.sort((a, b) => a.index - b.index)
			.map((state) => {
				const message: IDataObject = {
					role: state.role ?? 'assistant',
					content: joinContent(state.content) as IDataObject[string],
				};
				if (state.images.length > 0) message.images = state.images as IDataObject[];
				if (state.refusal.length > 0) message.refusal = state.refusal.join('');
				return {
					index: state.index,
					message,
					finish_reason: (state.finishReason ?? null) as IDataObject[string],
				};
			});
		return {
			...(this.header as IDataObject),
			object: 'chat.completion',
			choices,
			...(this.usage !== undefined ? { usage: this.usage as IDataObject } : {}),
		};
	}
}

/** Text deltas joined into one string; with part arrays, consecutive text merged into parts. */
function joinContent(pieces: unknown[]): string | unknown[] {
	if (pieces.every((piece) => typeof piece === 'string')) return (pieces as string[]).join('');
	const parts: unknown[] = [];
	let text = '';
	for (const piece of pieces) {
		const record = asDict(piece);
		const pieceText =
			typeof piece === 'string'
				? piece
				: record && record.type === 'text' && typeof record.text === 'string'
					? record.text
					: undefined;
		if (pieceText !== undefined) {
			text += pieceText;
			continue;
		}
		if (text !== '') parts.push({ type: 'text', text });
		text = '';
		parts.push(piece);
	}
	if (text !== '') parts.push({ type: 'text', text });
	return parts;
}

const isWhitespace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === LF || byte === CR;

/** Index of the first byte that is not whitespace or a UTF-8 byte-order mark, or -1. */
function firstContentByte(bytes: Buffer): number {
	let index = 0;
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) index = 3;
	while (index < bytes.length && isWhitespace(bytes[index])) index++;
	return index < bytes.length ? index : -1;
}

function parseWholeJson(bytes: Buffer): unknown {
	const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
	const parsed = parseJsonText(text);
	if (!parsed.ok) {
		throw new ChatStreamError(
			"DGrid's answer is neither a stream of server-sent events nor valid JSON",
			`The answer starts with: ${excerpt(text.trim(), EXCERPT) || '(empty)'}`,
		);
	}
	return parsed.value;
}

export interface ChatStreamOptions {
	/** The Content-Type of the answer; JSON (an error, or a gateway that ignored `stream`) is read whole. */
	contentType?: string;
	maxEventBytes?: number;
}

/**
 * Reads a streamed chat answer. Resolves with a `chat.completion`-shaped body — or with the
 * body as it came when the server answered JSON instead of events, or with the error event's
 * body — for the caller to check for `error` and read like a non-streamed answer. Throws
 * ChatStreamError for malformed streams and BrokenBodyError for streams that broke off.
 */
export async function readChatStream(
	body: AsyncIterable<Buffer | Uint8Array | string>,
	options: ChatStreamOptions = {},
): Promise<unknown> {
	const maxBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
	let mode: 'sniff' | 'sse' | 'json' = /json/i.test(options.contentType ?? '') ? 'json' : 'sniff';
	const held: Buffer[] = [];
	let heldBytes = 0;
	let bytes = 0;
	const parser = new SseParser(maxBytes);
	const assembler = new ChatStreamAssembler();

	const hold = (chunk: Buffer) => {
		heldBytes += chunk.length;
		if (heldBytes > maxBytes) {
			throw new ChatStreamError(`DGrid's answer is larger than ${Math.round(maxBytes / MB)} MB`);
		}
		held.push(chunk);
	};

	/**
	 * The break, with what this reader knows: events received, and whether to send the request
	 * again. `unfinished` is an event that was cut off (already taken out of the parser).
	 */
	const broken = (info: Omit<BrokenBodyInfo, 'retryable' | 'events'>, unfinished = '') => {
		const imageData =
			assembler.hasImageData ||
			parser.pendingMatches(IMAGE_DATA) ||
			IMAGE_DATA.test(unfinished) ||
			held.some((chunk) => IMAGE_DATA.test(chunk.toString('utf8')));
		return new BrokenBodyError({
			...info,
			events: assembler.chunkCount,
			retryable: !imageData,
			notRetriedBecause: imageData
				? 'Image data had already arrived, so the request was not sent again: a new request is a new, paid generation.'
				: undefined,
		});
	};

	try {
		for await (const chunk of body) {
			const piece = toBuffer(chunk);
			bytes += piece.length;
			if (mode === 'sniff') {
				hold(piece);
				const all = Buffer.concat(held);
				const first = firstContentByte(all);
				if (first === -1) continue;
				// A JSON body ("{…}") instead of events: an error, or a gateway that ignored `stream`.
				if (all[first] === 0x7b || all[first] === 0x5b) {
					held.length = 0;
					held.push(all);
					mode = 'json';
					continue;
				}
				held.length = 0;
				heldBytes = 0;
				mode = 'sse';
				for (const payload of parser.push(all)) assembler.accept(payload);
			} else if (mode === 'json') {
				hold(piece);
			} else {
				for (const payload of parser.push(piece)) assembler.accept(payload);
			}
			if (assembler.done || assembler.error) break;
		}
	} catch (error) {
		// Cut or stalled underneath (transport/body.ts): add what only this reader knows.
		throw error instanceof BrokenBodyError ? broken(error.info) : error;
	}

	if (mode === 'json') return parseWholeJson(Buffer.concat(held));
	if (mode === 'sniff') {
		throw broken({ kind: 'cut', bytes, detail: 'the connection closed before the first event' });
	}
	if (!assembler.done && !assembler.error) {
		const pending = parser.end();
		if (pending !== undefined) {
			const trimmed = pending.trim();
			if (trimmed !== '[DONE]' && !parseJsonText(trimmed).ok) {
				throw broken({ kind: 'cut', bytes, detail: 'in the middle of an event' }, trimmed);
			}
			assembler.accept(pending);
		}
	}
	if (assembler.error) return assembler.error;
	if (!assembler.finished) {
		throw broken({ kind: 'cut', bytes, detail: 'neither a finish_reason nor [DONE] had arrived' });
	}
	return assembler.completion();
}
