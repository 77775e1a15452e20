/**
 * What the streaming JSON reader puts where an answer had a long base64 image: the bytes,
 * already decoded, instead of the text. Readers recognise these; anything that serialises them
 * (n8n copies item json through `toJSON`) gets the original text back, so an image in a place
 * no reader expected is never lost, only re-encoded.
 */

/** The `data:` URL an image was written as. */
export interface DataUrlForm {
	/** As written; may be empty (`data:;base64,…`). */
	mimeType: string;
	/** Parameters between the MIME type and `;base64`, e.g. `;name=cat.png`. */
	parameters: string;
}

/** A string value that was one image: plain base64 (`b64_json`, `inlineData.data`) or a data URL. */
export class DecodedImage {
	constructor(
		readonly data: Buffer,
		/** Set when the value was a data URL rather than bare base64. */
		readonly dataUrl?: DataUrlForm,
	) {}

	/** The MIME type a data URL declared (an empty one reads as application/octet-stream). */
	get declaredMimeType(): string | undefined {
		if (!this.dataUrl) return undefined;
		return this.dataUrl.mimeType || 'application/octet-stream';
	}

	toJSON(): string {
		const base64 = this.data.toString('base64');
		if (!this.dataUrl) return base64;
		return `data:${this.dataUrl.mimeType}${this.dataUrl.parameters};base64,${base64}`;
	}

	toString(): string {
		return this.toJSON();
	}
}

/** How a reference to a decoded image starts; its number follows. */
export const DECODED_REFERENCE_PREFIX = 'dgrid-decoded-image:';
const REFERENCES = /dgrid-decoded-image:(\d+)/g;

/** The short text that stands in a DecodedText for its image number `index`. */
export const referenceTo = (index: number): string => `${DECODED_REFERENCE_PREFIX}${index}`;

/**
 * A string value with data URLs inside other text (a chat answer's markdown): the text keeps a
 * short reference where each image was (`![image](dgrid-decoded-image:0)`), the images hold
 * the bytes.
 */
export class DecodedText {
	constructor(
		/** The text with every decoded data URL replaced by its reference. */
		readonly text: string,
		readonly images: readonly DecodedImage[],
	) {}

	/** The image a reference stands for, or undefined when `url` is not one of this text's references. */
	imageFor(url: string): DecodedImage | undefined {
		if (!url.startsWith(DECODED_REFERENCE_PREFIX)) return undefined;
		const index = url.slice(DECODED_REFERENCE_PREFIX.length);
		return /^\d+$/.test(index) ? this.images[Number(index)] : undefined;
	}

	toJSON(): string {
		return this.text.replace(
			REFERENCES,
			(reference: string, index: string) => this.images[Number(index)]?.toJSON() ?? reference,
		);
	}

	toString(): string {
		return this.toJSON();
	}
}

export const isDecodedImage = (value: unknown): value is DecodedImage =>
	value instanceof DecodedImage;
export const isDecodedText = (value: unknown): value is DecodedText => value instanceof DecodedText;
/** A decoded image or text: what stands in an answer where a string was (never a JSON object). */
export const isDecoded = (value: unknown): value is DecodedImage | DecodedText =>
	isDecodedImage(value) || isDecodedText(value);
