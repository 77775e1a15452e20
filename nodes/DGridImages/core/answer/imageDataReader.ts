import type { IDataObject } from 'n8n-workflow';

import {
	dashScopeExplanation,
	mergeUpstreamImages,
	readDashScopeMetadata,
	upstreamImages,
} from './dashScopeMetadata';
import { base64FieldImage, urlFieldImage } from './inlineImage';
import { isRecord, isText } from '../../shared/json';
import type { ImageCandidate } from '../operation';

/**
 * Reads the `{created, data:[{url, b64_json, revised_prompt}], usage?, metadata?}` answers of
 * DGrid's images routes: the OpenAI shape (Generate, Edit) and the Qwen/Wan answers, which use
 * the same `data[]` list plus DashScope's raw answer in `metadata` (dashScopeMetadata.ts). The
 * gateway fills all three keys and leaves the unused ones as `""`, so an empty string counts
 * as absent everywhere.
 */
export interface ImageDataAnswer {
	images: ImageCandidate[];
	/** Everything the answer said besides the pixels: created, usage, size, metadata… */
	json: IDataObject;
	/** Set when no entry carries an image: what the answer offers as an explanation. */
	noImageReason?: string;
}

/** Keys of a `data[]` entry that hold the image itself, never copied into json. */
const IMAGE_KEYS = new Set(['url', 'b64_json']);

/** The output json names keys the way the node's documented contract does (README "What comes out"). */
const OUTPUT_NAMES: Record<string, string> = { revised_prompt: 'revisedPrompt' };

/** One `data[]` entry → an image candidate, or undefined when it holds no image. */
function readEntry(entry: IDataObject): ImageCandidate | undefined {
	const json: IDataObject = {};
	for (const [key, value] of Object.entries(entry)) {
		if (IMAGE_KEYS.has(key) || value === undefined || value === null || value === '') continue;
		json[OUTPUT_NAMES[key] ?? key] = value;
	}
	const candidate: ImageCandidate = {};
	// `b64_json` is plain base64; some upstreams send a whole data URL in it instead.
	const inline = base64FieldImage(entry.b64_json);
	if (inline) Object.assign(candidate, inline);
	const url = urlFieldImage(entry.url);
	if (url && 'url' in url) {
		// Kept even beside b64 bytes: the output json shows where the image lives.
		candidate.url = url.url;
	} else if (url && !candidate.data) {
		// A data: URL is the image itself, not something to download.
		Object.assign(candidate, url);
	}
	if (!candidate.data && !candidate.url) return undefined;
	if (Object.keys(json).length > 0) candidate.json = json;
	return candidate;
}

function reasonWithoutImage(body: IDataObject, entries: unknown[]): string {
	const texts = entries
		.filter(isRecord)
		.map((entry) => entry.revised_prompt)
		.filter(isText);
	if (texts.length > 0) return `The model answered with text only: "${texts.join(' ')}"`;
	if (!Array.isArray(body.data)) return 'The answer has no "data" list.';
	if (entries.length === 0) return 'The answer\'s "data" list is empty.';
	return 'No entry of the answer\'s "data" list has a "url" or "b64_json".';
}

export function readImageData(body: unknown): ImageDataAnswer {
	const record: IDataObject = isRecord(body) ? body : {};
	const entries: unknown[] = Array.isArray(record.data) ? record.data : [];
	const json: IDataObject = {};
	for (const [key, value] of Object.entries(record)) {
		if (key === 'data' || value === undefined || value === null || value === '') continue;
		json[key] = value;
	}
	const fromData = entries
		.filter(isRecord)
		.map(readEntry)
		.filter((candidate): candidate is ImageCandidate => candidate !== undefined);
	// Answers for Alibaba models: DashScope's raw answer lists the images data[] leaves out.
	if (json.metadata !== undefined)
		json.metadata = readDashScopeMetadata(json.metadata) as IDataObject;
	const images = mergeUpstreamImages(fromData, upstreamImages(json.metadata));
	if (images.length > 0) return { images, json };
	const noImageReason = [reasonWithoutImage(record, entries), dashScopeExplanation(json.metadata)]
		.filter(Boolean)
		.join(' ');
	return { images, json, noImageReason };
}
