import { ByteSink } from '../byteSink';

/**
 * Base64 decoding piece by piece, with exactly the result of `Buffer.from(whole, 'base64')` on
 * the whole text: Node reads both alphabets (`+/` and `-_`), skips every other character (white
 * space included) and stops at the first `=`.
 */

const NOT_ALPHABET = /[^A-Za-z0-9+/=_-]+/g;
const ALPHABET_ONLY = /^[A-Za-z0-9+/_-]*$/;
// Decoded in blocks of this many characters: few large writes instead of many small ones.
const BLOCK_CHARS = 64 * 1024;

/** Each byte's value as a base64 letter (both alphabets, as Node reads them); NOT_A_LETTER otherwise. */
const NOT_A_LETTER = 0xff;
const LETTER_VALUES = (() => {
	const values = new Uint8Array(256).fill(NOT_A_LETTER);
	const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
	for (let value = 0; value < letters.length; value++) values[letters.charCodeAt(value)] = value;
	values['-'.charCodeAt(0)] = 62;
	values['_'.charCodeAt(0)] = 63;
	return values;
})();
const isLetterByte = (byte: number) => LETTER_VALUES[byte] !== NOT_A_LETTER;

export class Base64Decoder {
	private pending = '';
	private stopped = false;
	private paddingSeen = 0;

	constructor(
		private readonly sink: ByteSink,
		private readonly blockChars = BLOCK_CHARS,
	) {}

	/**
	 * The fast way for the usual piece, nothing but base64 letters: Node's decoder writes
	 * straight into the image's buffer, and the byte count proves every character was a letter
	 * (each other character would have been skipped, and cost bytes). Returns false, having
	 * taken nothing, for any other piece; push() takes those.
	 */
	pushLetters(text: string): boolean {
		if (this.stopped || text.includes('=')) return false;
		// Letters a slow push left behind: join them once (rare) and go on from there.
		if (this.pending.length >= 4) return this.decodeLetters(this.pending + text, '');
		// The letters the last piece left over open the first group; the rest of this piece is
		// decoded where it stands (a slice of it is not a copy).
		const opening = Math.min(text.length, (4 - this.pending.length) % 4);
		const total = this.pending.length + text.length;
		const tail = text.slice(text.length - (total % 4));
		if (total < 4) {
			if (!ALPHABET_ONLY.test(text)) return false;
			this.pending += text;
			return true;
		}
		return this.decodeLetters(
			this.pending + text.slice(0, opening),
			text.slice(opening, text.length - tail.length),
			tail,
		);
	}

	/**
	 * The fastest way, for letters still in the network's bytes: decoded from the bytes straight
	 * into the image, without ever making text of them (text of a large image is as large as its
	 * answer, and the JavaScript engine collects it only later). Takes the letters from `start`
	 * up to the first byte that is not one, and returns where it stopped.
	 */
	pushLetterBytes(bytes: Uint8Array, start: number, end: number): number {
		if (this.stopped) return start;
		let index = start;
		// Letters left over from before open the first group.
		if (this.pending.length > 0) {
			let letters = '';
			const needed = (4 - (this.pending.length % 4)) % 4;
			while (letters.length < needed && index < end && isLetterByte(bytes[index]))
				letters += String.fromCharCode(bytes[index++]);
			this.pending += letters;
			if (this.pending.length % 4 !== 0) return index;
			this.decode(this.pending.length);
		}
		const { block, offset } = this.sink.reserve(Math.floor((end - index) / 4) * 3);
		let written = offset;
		for (; index + 4 <= end; index += 4) {
			const a = LETTER_VALUES[bytes[index]];
			const b = LETTER_VALUES[bytes[index + 1]];
			const c = LETTER_VALUES[bytes[index + 2]];
			const d = LETTER_VALUES[bytes[index + 3]];
			if ((a | b | c | d) > 63) break;
			block[written] = (a << 2) | (b >> 4);
			block[written + 1] = ((b & 15) << 4) | (c >> 2);
			block[written + 2] = ((c & 3) << 6) | d;
			written += 3;
		}
		this.sink.commit(written - offset);
		// Up to three letters before the end or before a byte that is not one wait for the next piece.
		while (index < end && this.pending.length < 3 && isLetterByte(bytes[index]))
			this.pending += String.fromCharCode(bytes[index++]);
		return index;
	}

	/** Decodes whole groups of letters (`head`, then `body`); keeps `tail` for the next piece. */
	private decodeLetters(head: string, body: string, tail = ''): boolean {
		if (tail === '' && head.length % 4 !== 0) {
			tail = head.slice(head.length - (head.length % 4));
			head = head.slice(0, head.length - tail.length);
		}
		if (!ALPHABET_ONLY.test(tail)) return false;
		const headBytes = (head.length / 4) * 3;
		const bodyBytes = (body.length / 4) * 3;
		const { block, offset } = this.sink.reserve(headBytes + bodyBytes);
		const written =
			(head === '' ? 0 : block.write(head, offset, headBytes, 'base64')) +
			(body === '' ? 0 : block.write(body, offset + headBytes, bodyBytes, 'base64'));
		if (written !== headBytes + bodyBytes) return false;
		this.sink.commit(written);
		this.pending = tail;
		return true;
	}

	push(text: string): void {
		let clean = text.replace(NOT_ALPHABET, '');
		if (this.stopped) {
			this.paddingSeen += clean.length;
			return;
		}
		const padding = clean.indexOf('=');
		if (padding >= 0) {
			this.paddingSeen = clean.length - padding;
			clean = clean.slice(0, padding);
			this.stopped = true;
		}
		this.pending += clean;
		if (this.pending.length >= this.blockChars)
			this.decode(this.pending.length - (this.pending.length % 4));
	}

	/** The decoded bytes; the decoder is spent afterwards. */
	finish(): Buffer {
		this.decode(this.pending.length);
		return this.sink.finish();
	}

	/**
	 * What was pushed, as text again (for a value that turned out not to be base64 after all):
	 * the characters exactly, except white space, which is gone.
	 */
	abandon(): string {
		const decodedText = this.sink.finish().toString('base64');
		return `${decodedText}${this.pending}${'='.repeat(this.paddingSeen)}`;
	}

	private decode(chars: number) {
		if (chars === 0) return;
		const text = this.pending.slice(0, chars);
		this.pending = this.pending.slice(chars);
		const { block, offset } = this.sink.reserve(Math.ceil(chars / 4) * 3);
		this.sink.commit(block.write(text, offset, block.length - offset, 'base64'));
	}
}

const NOT_BASE64_TEXT = /[^A-Za-z0-9+/=_\-\t\n\r ]/;
const NOT_PADDING = /[^=\t\n\r ]/;

/**
 * Follows a text arriving in pieces and tells whether it is still plain base64 (line breaks
 * allowed, `=` only at the end): only such a value is decoded as a whole.
 */
export class Base64Shape {
	private padded = false;

	/** Adds the next piece; false once the text is not plain base64. */
	add(text: string): boolean {
		if (NOT_BASE64_TEXT.test(text)) return false;
		const padding = this.padded ? 0 : text.indexOf('=');
		if (padding < 0) return true;
		this.padded = true;
		return !NOT_PADDING.test(text.slice(padding));
	}
}

/** A decoder whose buffer is sized for at most `textBytesHint` characters of base64 (unknown: grows as needed). */
export const base64DecoderFor = (textBytesHint: number | undefined): Base64Decoder =>
	new Base64Decoder(
		new ByteSink(textBytesHint === undefined ? undefined : Math.ceil(textBytesHint / 4) * 3 + 3),
	);
