import type { Base64Decoder } from './base64';
import { Base64Shape, base64DecoderFor } from './base64';
import type { DataUrlPrefix } from './dataUrlPrefix';
import { findDataUrlPrefix } from './dataUrlPrefix';
import { DecodedImage, DecodedText, referenceTo } from '../../shared/decoded';

export interface StringValueOptions {
	/**
	 * Base64 shorter than this stays text: holding it costs nothing, and a value without long
	 * base64 comes out exactly as JSON.parse gives it.
	 */
	minDecodedLength: number;
	/** At most how many bytes of the answer are still to come (from Content-Length), if known. */
	remainingBytes(): number | undefined;
}

/** Keys whose string value is an image in bare base64: OpenAI's `b64_json`, Gemini's `inlineData.data`. */
const BASE64_FIELDS = new Set(['b64_json', 'data']);
/** Keys holding one URL: a data URL there, as in a base64 field, may have line breaks in its base64. */
const WHOLE_VALUE_FIELDS = new Set([...BASE64_FIELDS, 'url', 'image_url', 'imageUrl']);

// Base64 of a data URL inside prose ends at the first character outside the alphabet…
const RUN = /^[A-Za-z0-9+/=_-]*/;
// …while a data URL that is the whole value may have line breaks, as base64 from MIME encoders does.
const RUN_WITH_LINE_BREAKS = /^[A-Za-z0-9+/=_\-\t\n\r ]*/;
const ONLY_WHITESPACE = /^[\t\n\r ]*$/;

interface DataUrlRun {
	prefix: DataUrlPrefix;
	lineBreaksAllowed: boolean;
	/** Base64 read before it was known to be long enough to decode. */
	pending: string;
	decoder?: Base64Decoder;
}

/**
 * Builds one JSON string value from its (unescaped) text as it arrives. Plain text stays text;
 * a long bare-base64 value of a base64 field becomes a DecodedImage; long data URLs become
 * DecodedImages too — the value itself when it is nothing but the data URL, otherwise a
 * DecodedText holding references. Only the decoded bytes and a short window are kept.
 */
export class StringValue {
	private text = '';
	/** The text before this index has been searched for data URL prefixes. */
	private searched = 0;
	/** Data URL prefixes start at or after this index (the end of the last reference). */
	private floor = 0;
	private run: DataUrlRun | undefined;
	/** Set while the whole value is being decoded as bare base64. */
	private base64Value: Base64Decoder | undefined;
	/** Still possibly a bare-base64 value (a base64 field, nothing else seen yet). */
	private base64Shape: Base64Shape | undefined;
	private readonly images: DecodedImage[] = [];

	constructor(
		private readonly field: string | undefined,
		private readonly options: StringValueOptions,
	) {
		if (field !== undefined && BASE64_FIELDS.has(field)) this.base64Shape = new Base64Shape();
	}

	/**
	 * Adds the next piece of the value. Returns true when the piece went whole into a decoder's
	 * fast path, which proves it held only base64 letters (so no control characters either).
	 */
	append(chunk: string): boolean {
		if (this.base64Value) {
			if (this.base64Value.pushLetters(chunk)) return true;
			if (this.base64Shape?.add(chunk)) {
				this.base64Value.push(chunk);
				return false;
			}
			// Not base64 after all (a long text in a field named "data"): back to text.
			this.text = this.base64Value.abandon();
			this.base64Value = undefined;
			this.base64Shape = undefined;
		}
		if (this.run?.decoder?.pushLetters(chunk)) return true;
		let rest = chunk;
		while (rest !== '') rest = this.run ? this.continueRun(rest) : this.appendText(rest);
		return false;
	}

	/** The decoder the value's next base64 letters go to, while there is one (see Base64Decoder.pushLetterBytes). */
	get letterDecoder(): Base64Decoder | undefined {
		return this.base64Value ?? this.run?.decoder;
	}

	finish(): unknown {
		if (this.base64Value) return new DecodedImage(this.base64Value.finish());
		if (this.run) this.endRun();
		if (this.images.length === 0) return this.text;
		if (this.images.length === 1 && this.text === referenceTo(0)) return this.images[0];
		return new DecodedText(this.text, this.images);
	}

	/** Adds text outside any data URL; returns what follows a data URL prefix found in it. */
	private appendText(chunk: string): string {
		this.text += chunk;
		if (this.base64Shape) {
			if (!this.base64Shape.add(chunk)) {
				this.base64Shape = undefined;
			} else {
				if (this.text.length >= this.options.minDecodedLength) {
					this.base64Value = this.newDecoder();
					this.base64Value.push(this.text);
					this.text = '';
				}
				// Plain base64 has no ':', so no data URL can start in it.
				return '';
			}
		}
		const prefix = findDataUrlPrefix(this.text, this.searched, this.floor);
		if (!prefix) {
			this.searched = this.text.length;
			return '';
		}
		const afterPrefix = this.text.slice(prefix.end);
		this.text = this.text.slice(0, prefix.end);
		this.searched = this.text.length;
		this.run = {
			prefix,
			lineBreaksAllowed:
				this.field !== undefined &&
				WHOLE_VALUE_FIELDS.has(this.field) &&
				this.images.length === 0 &&
				ONLY_WHITESPACE.test(this.text.slice(0, prefix.start)),
			pending: '',
		};
		return afterPrefix;
	}

	/** Adds base64 of the current data URL; returns the text after its end, if it ends here. */
	private continueRun(chunk: string): string {
		const run = this.run!;
		const base64 = (run.lineBreaksAllowed ? RUN_WITH_LINE_BREAKS : RUN).exec(chunk)![0];
		if (run.decoder) {
			if (!run.decoder.pushLetters(base64)) run.decoder.push(base64);
		} else {
			run.pending += base64;
			if (run.pending.length >= this.options.minDecodedLength) {
				run.decoder = this.newDecoder();
				run.decoder.push(run.pending);
				run.pending = '';
			}
		}
		if (base64.length === chunk.length) return '';
		this.endRun();
		return chunk.slice(base64.length);
	}

	private endRun() {
		const run = this.run!;
		this.run = undefined;
		if (!run.decoder) {
			// Too short to be worth decoding: it stays in the text as it was.
			this.text += run.pending;
			this.searched = this.text.length;
			return;
		}
		const { mimeType, parameters } = run.prefix;
		this.text = this.text.slice(0, run.prefix.start) + referenceTo(this.images.length);
		this.images.push(new DecodedImage(run.decoder.finish(), { mimeType, parameters }));
		this.floor = this.searched = this.text.length;
	}

	private newDecoder(): Base64Decoder {
		return base64DecoderFor(this.options.remainingBytes());
	}
}
