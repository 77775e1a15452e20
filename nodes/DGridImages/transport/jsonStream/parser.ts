import type { Base64Decoder } from './base64';
import type { StringValueOptions } from './stringValue';
import { StringValue } from './stringValue';

/**
 * An incremental JSON parser: text goes in piece by piece (`write`), the value comes out at the
 * end (`end`). It accepts and rejects exactly what JSON.parse does and builds the same value,
 * except that long base64 images in string values come out decoded (see StringValue). It
 * never holds the text: only the value built so far and the token being read.
 */

export class JsonSyntaxError extends Error {}

type Expect =
	| 'value'
	| 'valueOrArrayEnd'
	| 'commaOrArrayEnd'
	| 'keyOrObjectEnd'
	| 'key'
	| 'colon'
	| 'commaOrObjectEnd'
	| 'end';

type Frame =
	| { kind: 'object'; value: Record<string, unknown>; key: string; field: string | undefined }
	| { kind: 'array'; value: unknown[]; field: string | undefined };

interface StringToken {
	kind: 'string';
	/** Set for a value; a key is short and kept in `pieces`. */
	value: StringValue | undefined;
	pieces: string[];
	/**
	 * The one raw run in `pieces` not yet checked for control characters: a piece that is a
	 * single run may prove itself clean in the value's base64 fast path, which is cheaper.
	 */
	unchecked: { text: string; offset: number } | undefined;
	/** Inside an escape: after the backslash ('\\'), or reading the hex digits of \u ('u'). */
	escape: '' | '\\' | 'u';
	hex: string;
}

type Token =
	| StringToken
	| { kind: 'number'; text: string }
	| { kind: 'literal'; word: string; value: boolean | null; matched: number };

const ESCAPES: Record<string, string> = {
	'"': '"',
	'\\': '\\',
	'/': '/',
	b: '\b',
	f: '\f',
	n: '\n',
	r: '\r',
	t: '\t',
};
const LITERALS: Record<string, { word: string; value: boolean | null }> = {
	t: { word: 'true', value: true },
	f: { word: 'false', value: false },
	n: { word: 'null', value: null },
};
// A control character U+0000–U+001F, written as "any UTF-16 unit but U+0020–U+FFFF" so the pattern
// itself holds no control characters (ESLint's no-control-regex); without the u flag it matches the
// same units as [\u0000-\u001f], at the same place.
const CONTROL_CHARACTER = /[^\u0020-\uffff]/;
const NUMBER_CHARACTERS = /[-+0-9.eE]*/y;
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const HEX_DIGIT = /^[0-9a-fA-F]$/;

/**
 * Where the next `char` is in the piece being written, at or after an index; remembers it, so a
 * long piece is searched once. Forgotten between pieces: it keeps no text alive.
 */
class NextOf {
	private at = -1;

	constructor(private readonly char: string) {}

	forget() {
		this.at = -1;
	}

	from(text: string, index: number): number {
		if (this.at < index) {
			const found = text.indexOf(this.char, index);
			this.at = found < 0 ? text.length : found;
		}
		return this.at;
	}
}

const isWhitespace = (code: number) =>
	code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

/** Sets a property the way JSON.parse does: `__proto__` becomes an own property, not the prototype. */
function setProperty(target: Record<string, unknown>, key: string, value: unknown) {
	if (key === '__proto__') {
		Object.defineProperty(target, key, {
			value,
			writable: true,
			enumerable: true,
			configurable: true,
		});
	} else {
		target[key] = value;
	}
}

export class JsonStreamParser {
	private expect: Expect = 'value';
	private readonly stack: Frame[] = [];
	private token: Token | undefined;
	private root: unknown;
	/** Characters read before the current piece, for error positions. */
	private offset = 0;
	private readonly quotes = new NextOf('"');
	private readonly backslashes = new NextOf('\\');

	constructor(private readonly options: StringValueOptions) {}

	write(text: string): void {
		this.quotes.forget();
		this.backslashes.forget();
		let index = 0;
		while (index < text.length) {
			const token = this.token;
			if (token?.kind === 'string') index = this.continueString(token, text, index);
			else if (token?.kind === 'number') index = this.continueNumber(token, text, index);
			else if (token) index = this.continueLiteral(token, text, index);
			else index = this.structure(text, index);
		}
		this.offset += text.length;
	}

	/**
	 * The decoder of the string value being read, when its next characters may go to it as bytes:
	 * inside a long base64 value or data URL, not in an escape, nothing held back.
	 */
	letterDecoder(): Base64Decoder | undefined {
		const token = this.token;
		if (token?.kind !== 'string' || !token.value || token.escape || token.pieces.length > 0)
			return undefined;
		return token.value.letterDecoder;
	}

	/** Counts characters the reader gave the value's decoder as bytes (letters: one byte each). */
	skip(characters: number): void {
		this.offset += characters;
	}

	/** The value, once the whole text was written. */
	end(): unknown {
		if (this.token?.kind === 'number') this.endNumber(this.token);
		if (this.token || this.expect !== 'end') {
			throw new JsonSyntaxError(
				`the answer ends in the middle of the JSON, after ${this.offset} characters`,
			);
		}
		return this.root;
	}

	private fail(text: string, index: number): never {
		const found = JSON.stringify(text[index]);
		throw new JsonSyntaxError(`unexpected ${found} at character ${this.offset + index + 1}`);
	}

	/** Reads whitespace or one structural character at `index`; returns where to go on. */
	private structure(text: string, index: number): number {
		const code = text.charCodeAt(index);
		if (isWhitespace(code)) return index + 1;
		const char = text[index];
		switch (this.expect) {
			case 'valueOrArrayEnd':
				if (char === ']') return this.close(index);
				return this.startValue(text, index);
			case 'value':
				return this.startValue(text, index);
			case 'commaOrArrayEnd':
				if (char === ',') return this.next('value', index);
				if (char === ']') return this.close(index);
				break;
			case 'keyOrObjectEnd':
				if (char === '}') return this.close(index);
				if (char === '"') return this.startString(index, true);
				break;
			case 'key':
				if (char === '"') return this.startString(index, true);
				break;
			case 'colon':
				if (char === ':') return this.next('value', index);
				break;
			case 'commaOrObjectEnd':
				if (char === ',') return this.next('key', index);
				if (char === '}') return this.close(index);
				break;
			case 'end':
				break;
		}
		return this.fail(text, index);
	}

	private next(expect: Expect, index: number): number {
		this.expect = expect;
		return index + 1;
	}

	private startValue(text: string, index: number): number {
		const char = text[index];
		const field = this.fieldOfNextValue();
		if (char === '{') {
			this.stack.push({ kind: 'object', value: {}, key: '', field });
			return this.next('keyOrObjectEnd', index);
		}
		if (char === '[') {
			this.stack.push({ kind: 'array', value: [], field });
			return this.next('valueOrArrayEnd', index);
		}
		if (char === '"') return this.startString(index, false);
		if (char === '-' || (char >= '0' && char <= '9')) {
			this.token = { kind: 'number', text: '' };
			return index;
		}
		const literal = LITERALS[char];
		if (literal) {
			this.token = { kind: 'literal', ...literal, matched: 1 };
			return index + 1;
		}
		return this.fail(text, index);
	}

	/** The key a value is stored under (for an array element: the array's key). */
	private fieldOfNextValue(): string | undefined {
		const top = this.stack[this.stack.length - 1];
		if (!top) return undefined;
		return top.kind === 'object' ? top.key : top.field;
	}

	private startString(index: number, isKey: boolean): number {
		this.token = {
			kind: 'string',
			value: isKey ? undefined : new StringValue(this.fieldOfNextValue(), this.options),
			pieces: [],
			unchecked: undefined,
			escape: '',
			hex: '',
		};
		return index + 1;
	}

	private continueString(token: StringToken, text: string, start: number): number {
		let index = start;
		while (index < text.length) {
			if (token.escape) {
				index = this.continueEscape(token, text, index);
				continue;
			}
			const runEnd = Math.min(this.quotes.from(text, index), this.backslashes.from(text, index));
			if (runEnd > index) this.addRun(token, text.slice(index, runEnd), this.offset + index);
			index = runEnd;
			if (index >= text.length) break;
			if (text[index] === '"') {
				this.endString(token);
				return index + 1;
			}
			token.escape = '\\';
			index++;
		}
		// The piece ends inside the string: a value takes what it has so far.
		if (token.value) this.flush(token, token.value);
		return index;
	}

	/** Adds characters between quotes and escapes; all but a lone run are checked right away. */
	private addRun(token: StringToken, run: string, offset: number) {
		this.checkUnchecked(token);
		if (token.value && token.pieces.length === 0) token.unchecked = { text: run, offset };
		else this.rejectControlCharacters(run, offset);
		token.pieces.push(run);
	}

	private checkUnchecked(token: StringToken) {
		if (!token.unchecked) return;
		this.rejectControlCharacters(token.unchecked.text, token.unchecked.offset);
		token.unchecked = undefined;
	}

	/** JSON strings may not hold raw control characters (U+0000–U+001F), only escaped ones. */
	private rejectControlCharacters(run: string, offset: number) {
		const found = CONTROL_CHARACTER.exec(run);
		if (found)
			throw new JsonSyntaxError(
				`unexpected ${JSON.stringify(found[0])} at character ${offset + found.index + 1}`,
			);
	}

	/** Hands the value what was read of it; a lone run the value's fast path took needs no check. */
	private flush(token: StringToken, value: StringValue) {
		if (token.pieces.length === 0) return;
		const lone = token.unchecked !== undefined && token.pieces.length === 1;
		const clean = value.append(token.pieces.length === 1 ? token.pieces[0] : token.pieces.join(''));
		if (!(lone && clean)) this.checkUnchecked(token);
		token.unchecked = undefined;
		token.pieces = [];
	}

	private continueEscape(token: StringToken, text: string, index: number): number {
		const char = text[index];
		if (token.escape === '\\') {
			if (char === 'u') {
				token.escape = 'u';
				token.hex = '';
				return index + 1;
			}
			const unescaped = ESCAPES[char];
			if (unescaped === undefined) this.fail(text, index);
			this.checkUnchecked(token);
			token.pieces.push(unescaped);
			token.escape = '';
			return index + 1;
		}
		if (!HEX_DIGIT.test(char)) this.fail(text, index);
		token.hex += char;
		if (token.hex.length === 4) {
			this.checkUnchecked(token);
			token.pieces.push(String.fromCharCode(parseInt(token.hex, 16)));
			token.escape = '';
		}
		return index + 1;
	}

	private endString(token: StringToken) {
		this.token = undefined;
		if (!token.value) {
			const top = this.stack[this.stack.length - 1] as Frame & { kind: 'object' };
			top.key = token.pieces.join('');
			this.expect = 'colon';
			return;
		}
		this.flush(token, token.value);
		this.emit(token.value.finish());
	}

	private continueNumber(
		token: { kind: 'number'; text: string },
		text: string,
		index: number,
	): number {
		NUMBER_CHARACTERS.lastIndex = index;
		NUMBER_CHARACTERS.test(text);
		const end = NUMBER_CHARACTERS.lastIndex;
		token.text += text.slice(index, end);
		if (end < text.length) this.endNumber(token, end);
		return end;
	}

	private endNumber(token: { kind: 'number'; text: string }, index?: number) {
		if (!JSON_NUMBER.test(token.text)) {
			const at = index === undefined ? 'at the end' : `before character ${this.offset + index + 1}`;
			throw new JsonSyntaxError(`invalid number ${JSON.stringify(token.text.slice(0, 40))} ${at}`);
		}
		this.token = undefined;
		this.emit(Number(token.text));
	}

	private continueLiteral(
		token: { word: string; value: boolean | null; matched: number },
		text: string,
		index: number,
	): number {
		if (text[index] !== token.word[token.matched]) this.fail(text, index);
		token.matched++;
		if (token.matched === token.word.length) {
			this.token = undefined;
			this.emit(token.value);
		}
		return index + 1;
	}

	private close(index: number): number {
		const frame = this.stack.pop()!;
		this.emit(frame.value);
		return index + 1;
	}

	private emit(value: unknown) {
		const top = this.stack[this.stack.length - 1];
		if (!top) {
			this.root = value;
			this.expect = 'end';
		} else if (top.kind === 'array') {
			top.value.push(value);
			this.expect = 'commaOrArrayEnd';
		} else {
			setProperty(top.value, top.key, value);
			this.expect = 'commaOrObjectEnd';
		}
	}
}
