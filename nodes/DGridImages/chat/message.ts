import type { IDataObject } from 'n8n-workflow';

import { decodeDataUrl } from '../core/images/dataUrl';
import { decodedImageOf } from '../core/answer/inlineImage';
import type { Dict } from '../shared/json';
import { asDict, asList, asText } from '../shared/json';
import type { ImageCandidate } from '../core/operation';
import { quoteText } from '../shared/text';
import {
	DECODED_REFERENCE_PREFIX,
	DecodedImage,
	DecodedText,
	isDecodedImage,
	isDecodedText,
	referenceTo,
} from '../shared/decoded';

/**
 * Reads the images of an OpenAI-style chat answer from every shape gateways use:
 * - markdown in `message.content`: `![image](data:image/png;base64,…)` (DGrid / New API) or
 *   `![image](https://…)`, plain image links and bare `data:image/…` URLs;
 * - content-part arrays: `{type:"image_url", image_url:{url}}`, `{type:"image", …}`;
 * - `message.images[]` (OpenRouter and others).
 * Pure and total: any JSON gives a result; unusable answers have no images and say why.
 */

/*
 * One pass over the text, alternatives tried left to right at each position:
 * 1 markdown image ![alt](url "title") · 2 markdown link [text](url) · 3 bare data:image URL ·
 * 4 bare http(s) URL. Links and bare URLs only count when they point at an image file.
 * Quantifiers on alt/title text are bounded so hostile input cannot make this quadratic.
 * In a text whose data URLs the streaming reader decoded, a reference stands where each was
 * (`![image](dgrid-decoded-image:0)`), and counts as one.
 */
function imageMarkup(withReferences: boolean): RegExp {
	const referenceStart = withReferences ? `|${DECODED_REFERENCE_PREFIX}` : '';
	const bareReference = withReferences ? `|${DECODED_REFERENCE_PREFIX}\\d+` : '';
	return new RegExp(
		[
			String.raw`!\[[^\]\n]{0,500}\]\(\s*<?((?:data:|https?:\/\/${referenceStart})[^\s)>]+)>?(?:\s+"[^"\n]{0,500}")?\s*\)`,
			String.raw`\[[^\]\n]{0,500}\]\(\s*<?(https?:\/\/[^\s)>]+)>?\s*\)`,
			String.raw`(data:image\/[\w.+-]{1,100}(?:;[\w.+-]{1,100}=[\w.+-]{1,100}){0,5};base64,[A-Za-z0-9+/=_-]+${bareReference})`,
			String.raw`(https?:\/\/[^\s<>()"'[\]{}|\\^\x60]+)`,
		].join('|'),
		'gi',
	);
}

const IMAGE_MARKUP = imageMarkup(false);
const IMAGE_MARKUP_WITH_REFERENCES = imageMarkup(true);

const IMAGE_PATH = /\.(?:png|jpe?g|webp|gif|avif|bmp)$/i;
const TRAILING_PUNCTUATION = /[.,;:!?]+$/;

function pointsAtImageFile(url: string): boolean {
	const path = url.split(/[?#]/, 1)[0];
	return IMAGE_PATH.test(path);
}

/** Where an image of the answer is: a URL (https:// or data:), or bytes the streaming reader decoded already. */
export type ImageSource = string | DecodedImage;

export interface TextImages {
	/** Image URLs (https:// or data:) in the order they appear. */
	urls: string[];
	/** The text with the image markup taken out. */
	text: string;
}

function tidy(text: string): string {
	return text
		.replace(/[ \t]+\n/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

/** The pass over the text; `keepBare` leaves a bare match in the text (a reference to something not an image). */
function extractImages(
	text: string,
	markup: RegExp,
	keepBare?: (found: string) => boolean,
): TextImages {
	const urls: string[] = [];
	const remaining = text.replace(
		markup,
		(match: string, markdownImage?: string, link?: string, bareData?: string, bareUrl?: string) => {
			if (markdownImage) {
				urls.push(markdownImage);
				return '';
			}
			if (link) {
				if (!pointsAtImageFile(link)) return match;
				urls.push(link);
				return '';
			}
			if (bareData) {
				if (keepBare?.(bareData)) return match;
				urls.push(bareData);
				return '';
			}
			if (bareUrl) {
				const punctuation = TRAILING_PUNCTUATION.exec(bareUrl)?.[0] ?? '';
				const url = bareUrl.slice(0, bareUrl.length - punctuation.length);
				if (!pointsAtImageFile(url)) return match;
				urls.push(url);
				return punctuation;
			}
			return match;
		},
	);
	return { urls, text: tidy(remaining) };
}

/** Finds the images in a text answer and returns the text without them. */
export const extractImagesFromText = (text: string): TextImages =>
	extractImages(text, IMAGE_MARKUP);

/**
 * The same for a text whose data URLs were decoded: each reference in image markup is its
 * image; a bare one counts when it was a data:image/… URL, as a bare data URL does. What stays
 * text gets its data URLs back.
 */
function extractImagesFromDecodedText(decoded: DecodedText): {
	sources: ImageSource[];
	text: string;
} {
	const isImage = (reference: string) =>
		/^image\//i.test(decoded.imageFor(reference)?.dataUrl?.mimeType ?? '');
	const found = extractImages(
		decoded.text,
		IMAGE_MARKUP_WITH_REFERENCES,
		(bare) => decoded.imageFor(bare) !== undefined && !isImage(bare),
	);
	return {
		sources: found.urls.map((url) => decoded.imageFor(url) ?? url),
		text: new DecodedText(found.text, decoded.images).toJSON(),
	};
}

/** A value that is a URL, or an image the streaming reader decoded. */
const sourceOf = (value: unknown): ImageSource | undefined =>
	typeof value === 'string' ? asText(value) : decodedImageOf(value);

/** `{url}`, `"url"` or `{image_url:{url}}` / `{image_url:"url"}` → the URL (or the decoded image). */
function urlOf(value: unknown): ImageSource | undefined {
	const direct = sourceOf(value);
	if (direct) return direct;
	const record = asDict(value);
	if (!record) return undefined;
	return sourceOf(record.url) ?? urlOf(record.image_url ?? record.imageUrl);
}

/** Base64 parts (`b64_json`, `data`, `inline_data`) as data: URLs (or decoded images with that type). */
function base64Url(record: Dict): ImageSource | undefined {
	const inline = asDict(record.inline_data ?? record.inlineData);
	const source = asDict(record.source);
	const data = [record.b64_json, inline?.data, source?.data, record.data]
		.map(sourceOf)
		.find((found) => found !== undefined);
	if (!data) return undefined;
	const mimeType =
		asText(record.mime_type) ??
		asText(record.mimeType) ??
		asText(inline?.mime_type) ??
		asText(inline?.mimeType) ??
		asText(source?.media_type) ??
		'image/png';
	if (typeof data !== 'string')
		return data.dataUrl ? data : new DecodedImage(data.data, { mimeType, parameters: '' });
	return data.startsWith('data:') ? data : `data:${mimeType};base64,${data}`;
}

interface FoundInMessage {
	sources: ImageSource[];
	texts: string[];
}

function readContentPart(part: unknown, reading: FoundInMessage) {
	const record = asDict(part);
	if (!record) {
		readText(part, reading);
		return;
	}
	const type = typeof record.type === 'string' ? record.type : '';
	if (type === '' || type === 'text' || type === 'output_text') readText(record.text, reading);
	if (type === 'image_url' || 'image_url' in record || 'imageUrl' in record) {
		const url = urlOf(record.image_url ?? record.imageUrl);
		if (url) reading.sources.push(url);
		return;
	}
	if (type === 'image' || type === 'output_image') {
		const url = urlOf(record) ?? base64Url(record);
		if (url) reading.sources.push(url);
	}
}

/** A text (plain, or with decoded data URLs); anything else is not text and is skipped. */
function readText(value: unknown, reading: FoundInMessage) {
	let found: { sources: ImageSource[]; text: string } | undefined;
	if (typeof value === 'string') {
		const { urls, text } = extractImagesFromText(value);
		found = { sources: urls, text };
	} else if (isDecodedText(value)) {
		found = extractImagesFromDecodedText(value);
	} else if (isDecodedImage(value)) {
		// The whole text was one data URL.
		found = extractImagesFromDecodedText(new DecodedText(referenceTo(0), [value]));
	}
	if (!found) return;
	reading.sources.push(...found.sources);
	if (found.text) reading.texts.push(found.text);
}

export interface ChatMessageContent {
	urls: ImageSource[];
	text: string;
	refusal?: string;
}

const sameSource = (one: ImageSource, other: ImageSource) =>
	typeof one === 'string' || typeof other === 'string'
		? one === other
		: one.declaredMimeType === other.declaredMimeType && one.data.equals(other.data);

/** The images and the text of one `choices[].message`. */
export function readChatMessage(message: unknown): ChatMessageContent {
	const record = asDict(message) ?? {};
	const reading: FoundInMessage = { sources: [], texts: [] };
	const content = record.content;
	if (Array.isArray(content)) for (const part of content) readContentPart(part, reading);
	else readText(content, reading);
	const trimmed = (found: ImageSource) => (typeof found === 'string' ? found.trim() : found);
	const urls = reading.sources.map(trimmed);
	// Some gateways repeat the content's images in `images`; one file each is enough. (Two equal
	// images within the content are two images the model drew: both are kept.)
	const inContent = [...urls];
	for (const image of asList(record.images)) {
		const url = urlOf(image) ?? (asDict(image) ? base64Url(asDict(image)!) : undefined);
		if (url && !inContent.some((kept) => sameSource(kept, trimmed(url)))) urls.push(trimmed(url));
	}
	const refusal = asText(record.refusal);
	return { urls, text: tidy(reading.texts.join('\n')), ...(refusal ? { refusal } : {}) };
}

/** A URL from the answer as an image candidate: data: URLs decoded, http(s) left to download. */
export function imageCandidateFromUrl(url: ImageSource, json?: IDataObject): ImageCandidate {
	const extra = json ? { json } : {};
	if (typeof url !== 'string') {
		return {
			data: url.data,
			...(url.declaredMimeType ? { declaredMimeType: url.declaredMimeType } : {}),
			...extra,
		};
	}
	if (!/^data:/i.test(url)) return { url, ...extra };
	const decoded = decodeDataUrl(url);
	// An undecodable data URL still counts as an image, so the output path reports it as broken.
	return {
		data: decoded?.data ?? Buffer.alloc(0),
		...(decoded ? { declaredMimeType: decoded.mimeType } : {}),
		...extra,
	};
}

export interface ChatAnswer {
	images: ImageCandidate[];
	json: IDataObject;
	text: string;
	/** Refused or stopped by a content filter: never a usable text-only answer. */
	blocked: boolean;
	noImageReason: string;
}

const FINISH_EXPLANATIONS: Record<string, string> = {
	stop: 'the model finished without an image; it may have answered with text only',
	content_filter: 'the output was blocked by a content filter',
	length: 'the output token limit was reached',
};

/** Reads a whole chat completion (`{choices:[{message, finish_reason}], usage}`). */
export function readChatCompletion(body: unknown): ChatAnswer {
	const root = asDict(body) ?? {};
	const choices = asList(root.choices).map((choice) => asDict(choice) ?? {});
	const several = choices.length > 1;
	const images: ImageCandidate[] = [];
	const texts: string[] = [];
	const refusals: string[] = [];
	const finishReasons: string[] = [];
	choices.forEach((choice, index) => {
		const message = readChatMessage(choice.message ?? choice.delta);
		for (const url of message.urls) {
			images.push(imageCandidateFromUrl(url, several ? { choiceIndex: index } : undefined));
		}
		if (message.text) texts.push(message.text);
		if (message.refusal) refusals.push(message.refusal);
		const finish = asText(choice.finish_reason);
		if (finish) finishReasons.push(finish);
	});
	const text = texts.join('\n\n');
	const blocked =
		refusals.length > 0 || finishReasons.some((reason) => /content_filter|safety/i.test(reason));

	const reasons: string[] = [];
	if (choices.length === 0) {
		reasons.push(
			asDict(body) ? 'The answer has no choices.' : "DGrid's answer is not a chat completion.",
		);
	}
	for (const reason of new Set(finishReasons)) {
		const explanation = FINISH_EXPLANATIONS[reason];
		reasons.push(
			`The model stopped with finish_reason ${reason}${explanation ? ` (${explanation})` : ''}.`,
		);
	}
	for (const refusal of refusals) reasons.push(`The model refused: ${quoteText(refusal)}`);
	if (text) reasons.push(`The model's text: ${quoteText(text)}`);
	if (reasons.length === 0) reasons.push('The answer holds no image.');

	const json: IDataObject = {};
	if (text) json.text = text;
	const finishReason = asText(choices[0]?.finish_reason) ?? finishReasons[0];
	if (finishReason) json.finishReason = finishReason;
	if (refusals.length > 0) json.refusal = refusals.join('\n\n');
	if (root.usage !== undefined && root.usage !== null)
		json.usage = root.usage as IDataObject[string];
	return { images, json, text, blocked, noImageReason: reasons.join(' ') };
}
