import type { IDataObject } from 'n8n-workflow';

import { decodeDataUrl } from '../core/dataUrl';
import type { Dict } from '../core/jsonShapes';
import { asDict, asList, asText } from '../core/jsonShapes';
import type { ImageCandidate } from '../core/operation';
import { quoteText } from '../core/text';

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
 */
const IMAGE_MARKUP = new RegExp(
	[
		String.raw`!\[[^\]\n]{0,500}\]\(\s*<?((?:data:|https?:\/\/)[^\s)>]+)>?(?:\s+"[^"\n]{0,500}")?\s*\)`,
		String.raw`\[[^\]\n]{0,500}\]\(\s*<?(https?:\/\/[^\s)>]+)>?\s*\)`,
		String.raw`(data:image\/[\w.+-]{1,100}(?:;[\w.+-]{1,100}=[\w.+-]{1,100}){0,5};base64,[A-Za-z0-9+/=_-]+)`,
		String.raw`(https?:\/\/[^\s<>()"'[\]{}|\\^\x60]+)`,
	].join('|'),
	'gi',
);

const IMAGE_PATH = /\.(?:png|jpe?g|webp|gif|avif|bmp)$/i;
const TRAILING_PUNCTUATION = /[.,;:!?]+$/;

function pointsAtImageFile(url: string): boolean {
	const path = url.split(/[?#]/, 1)[0];
	return IMAGE_PATH.test(path);
}

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

/** Finds the images in a text answer and returns the text without them. */
export function extractImagesFromText(text: string): TextImages {
	const urls: string[] = [];
	const remaining = text.replace(
		IMAGE_MARKUP,
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

/** `{url}`, `"url"` or `{image_url:{url}}` / `{image_url:"url"}` → the URL. */
function urlOf(value: unknown): string | undefined {
	if (typeof value === 'string') return asText(value);
	const record = asDict(value);
	if (!record) return undefined;
	return asText(record.url) ?? urlOf(record.image_url ?? record.imageUrl);
}

/** Base64 parts (`b64_json`, `data`, `inline_data`) as data: URLs, so every image is a URL. */
function base64Url(record: Dict): string | undefined {
	const inline = asDict(record.inline_data ?? record.inlineData);
	const source = asDict(record.source);
	const data = asText(record.b64_json) ?? asText(inline?.data) ?? asText(source?.data) ?? asText(record.data);
	if (!data) return undefined;
	const mimeType =
		asText(record.mime_type) ??
		asText(record.mimeType) ??
		asText(inline?.mime_type) ??
		asText(inline?.mimeType) ??
		asText(source?.media_type) ??
		'image/png';
	return data.startsWith('data:') ? data : `data:${mimeType};base64,${data}`;
}

interface MessageReading {
	urls: string[];
	texts: string[];
}

function readContentPart(part: unknown, reading: MessageReading) {
	if (typeof part === 'string') {
		readText(part, reading);
		return;
	}
	const record = asDict(part);
	if (!record) return;
	const type = typeof record.type === 'string' ? record.type : '';
	if (typeof record.text === 'string' && (type === '' || type === 'text' || type === 'output_text')) {
		readText(record.text, reading);
	}
	if (type === 'image_url' || 'image_url' in record || 'imageUrl' in record) {
		const url = urlOf(record.image_url ?? record.imageUrl);
		if (url) reading.urls.push(url);
		return;
	}
	if (type === 'image' || type === 'output_image') {
		const url = urlOf(record) ?? base64Url(record);
		if (url) reading.urls.push(url);
	}
}

function readText(text: string, reading: MessageReading) {
	const found = extractImagesFromText(text);
	reading.urls.push(...found.urls);
	if (found.text) reading.texts.push(found.text);
}

export interface ChatMessageReading {
	urls: string[];
	text: string;
	refusal?: string;
}

/** The images and the text of one `choices[].message`. */
export function readChatMessage(message: unknown): ChatMessageReading {
	const record = asDict(message) ?? {};
	const reading: MessageReading = { urls: [], texts: [] };
	const content = record.content;
	if (typeof content === 'string') readText(content, reading);
	else for (const part of asList(content)) readContentPart(part, reading);
	for (const image of asList(record.images)) {
		const url = urlOf(image) ?? (asDict(image) ? base64Url(asDict(image)!) : undefined);
		if (url) reading.urls.push(url);
	}
	const refusal = asText(record.refusal);
	return {
		// Some gateways repeat an image in `images` and in the content; one file is enough.
		urls: [...new Set(reading.urls.map((url) => url.trim()))],
		text: tidy(reading.texts.join('\n')),
		...(refusal ? { refusal } : {}),
	};
}

/** A URL from the answer as an image candidate: data: URLs decoded, http(s) left to download. */
export function imageCandidateFromUrl(url: string, json?: IDataObject): ImageCandidate {
	const extra = json ? { json } : {};
	if (!/^data:/i.test(url)) return { url, ...extra };
	const decoded = decodeDataUrl(url);
	// An undecodable data URL still counts as an image, so the output path reports it as broken.
	return { data: decoded?.data ?? Buffer.alloc(0), ...(decoded ? { declaredMimeType: decoded.mimeType } : {}), ...extra };
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
	const blocked = refusals.length > 0 || finishReasons.some((reason) => /content_filter|safety/i.test(reason));

	const reasons: string[] = [];
	if (choices.length === 0) {
		reasons.push(asDict(body) ? 'The answer has no choices.' : "DGrid's answer is not a chat completion.");
	}
	for (const reason of new Set(finishReasons)) {
		const explanation = FINISH_EXPLANATIONS[reason];
		reasons.push(`The model stopped with finish_reason ${reason}${explanation ? ` (${explanation})` : ''}.`);
	}
	for (const refusal of refusals) reasons.push(`The model refused: ${quoteText(refusal)}`);
	if (text) reasons.push(`The model's text: ${quoteText(text)}`);
	if (reasons.length === 0) reasons.push('The answer holds no image.');

	const json: IDataObject = {};
	if (text) json.text = text;
	const finishReason = asText(choices[0]?.finish_reason) ?? finishReasons[0];
	if (finishReason) json.finishReason = finishReason;
	if (refusals.length > 0) json.refusal = refusals.join('\n\n');
	if (root.usage !== undefined && root.usage !== null) json.usage = root.usage as IDataObject[string];
	return { images, json, text, blocked, noImageReason: reasons.join(' ') };
}
