import { decodeDataUrl } from '../images/dataUrl';
import type { DecodedImage } from '../../shared/decoded';
import { isDecodedImage, isDecodedText } from '../../shared/decoded';

/**
 * Images an answer carries in itself (`b64_json`, Gemini `inlineData.data`, data URLs) reach
 * the readers in two forms: already decoded by the streaming JSON reader when long
 * (transport/jsonStream), or still as text when short. These helpers give both as bytes.
 */

export interface InlineImage {
	data: Buffer;
	/** The MIME type a data URL declared; never trusted for the binary. */
	declaredMimeType?: string;
}

/** A value that is one decoded image: the image itself, or a text holding nothing but one. */
export function decodedImageOf(value: unknown): DecodedImage | undefined {
	if (isDecodedImage(value)) return value;
	if (isDecodedText(value) && value.images.length === 1) return value.imageFor(value.text.trim());
	return undefined;
}

const fromDecoded = (image: DecodedImage): InlineImage => ({
	data: image.data,
	...(image.declaredMimeType ? { declaredMimeType: image.declaredMimeType } : {}),
});

/**
 * The bytes of a base64 field (`b64_json`, `inlineData.data`): bare base64, or — some
 * upstreams send one — a whole data URL. Undefined for anything else (empty, not text).
 */
export function base64FieldImage(value: unknown): InlineImage | undefined {
	const decoded = decodedImageOf(value);
	if (decoded) return fromDecoded(decoded);
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const inline = decodeDataUrl(value);
	if (inline) return { data: inline.data, declaredMimeType: inline.mimeType };
	return { data: Buffer.from(value.replace(/\s+/g, ''), 'base64') };
}

/** A URL field: the image itself when it holds a data URL, else the URL to download (trimmed). */
export function urlFieldImage(value: unknown): InlineImage | { url: string } | undefined {
	const decoded = decodedImageOf(value);
	if (decoded) return fromDecoded(decoded);
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const url = value.trim();
	const inline = decodeDataUrl(url);
	return inline ? { data: inline.data, declaredMimeType: inline.mimeType } : { url };
}

/** A text field as the answer wrote it (a text with decoded data URLs gets them back as text). */
export function textOf(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (isDecodedText(value) || isDecodedImage(value)) return value.toJSON();
	return undefined;
}
