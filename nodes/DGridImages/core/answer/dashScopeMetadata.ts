import type { IDataObject } from 'n8n-workflow';

import { asDict, asList, asText, isRecord, isText } from '../../shared/json';
import type { ImageCandidate } from '../operation';

/**
 * DGrid's answers for Alibaba models (Qwen Image, Wan) carry DashScope's raw answer in
 * `metadata`. It is the only complete record of the images: the gateway's `data[]` keeps one
 * image per choice (the last) and gives tasks an empty revised_prompt.
 */

/**
 * `metadata` holds DashScope's raw answer. The gateway embeds it as JSON, but a gateway that
 * serialises it as bytes sends a base64 string, and a proxy may send it as a JSON string:
 * all three come out as an object when they can.
 */
export function readDashScopeMetadata(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const attempts = [value, Buffer.from(value, 'base64').toString('utf8')];
	for (const text of attempts) {
		const trimmed = text.trim();
		if (!trimmed.startsWith('{')) continue;
		try {
			return JSON.parse(trimmed) as unknown;
		} catch {
			// not JSON in this form; try the next
		}
	}
	return value;
}

/** An image DashScope's raw answer lists, with what it says about it. */
interface UpstreamImage {
	url: string;
	/** The rewritten prompt: a choice's text part, or a task result's actual_prompt. */
	revisedPrompt?: string;
}

const isImageUrl = (value: unknown): value is string =>
	isText(value) && /^https?:\/\//i.test(value.trim());

/**
 * Every image in DashScope's raw answer, in order: the `{image}` parts of each choice
 * (synchronous models) and the `results[]` of a task (asynchronous Wan).
 */
export function upstreamImages(metadata: unknown): UpstreamImage[] {
	const output = asDict(asDict(metadata)?.output);
	if (!output) return [];
	const images: UpstreamImage[] = [];
	for (const choice of asList(output.choices)) {
		const content = asList(asDict(asDict(choice)?.message)?.content).map(asDict);
		const revisedPrompt = content.map((part) => asText(part?.text)).find(isText);
		for (const part of content) {
			if (isImageUrl(part?.image))
				images.push({ url: part.image.trim(), ...(revisedPrompt ? { revisedPrompt } : {}) });
		}
	}
	for (const result of asList(output.results).map(asDict)) {
		if (!isImageUrl(result?.url)) continue;
		const revisedPrompt = asText(result.actual_prompt);
		images.push({ url: result.url.trim(), ...(revisedPrompt ? { revisedPrompt } : {}) });
	}
	return images;
}

/**
 * The images of a Qwen answer. The gateway's `data[]` holds one image per choice — the last —
 * although DashScope made (and billed) n of them, and gives tasks an empty revised_prompt: the
 * complete list and the rewritten prompts are in `metadata`. So every image listed there comes
 * out, in DashScope's order, with what `data[]` said about it; `data[]` images that metadata
 * does not list (base64 ones) follow.
 */
export function mergeUpstreamImages(
	fromData: ImageCandidate[],
	upstream: UpstreamImage[],
): ImageCandidate[] {
	if (upstream.length === 0) return fromData;
	const byUrl = new Map(fromData.filter((image) => image.url).map((image) => [image.url, image]));
	const seen = new Set<string>();
	const merged: ImageCandidate[] = [];
	for (const { url, revisedPrompt } of upstream) {
		if (seen.has(url)) continue;
		seen.add(url);
		const known = byUrl.get(url);
		const json: IDataObject = { ...(revisedPrompt ? { revisedPrompt } : {}), ...known?.json };
		merged.push({ ...known, url, ...(Object.keys(json).length > 0 ? { json } : {}) });
	}
	return [...merged, ...fromData.filter((image) => !image.url || !seen.has(image.url))];
}

/** What DashScope said when it produced no image (task status, code, message). */
export function dashScopeExplanation(metadata: unknown): string | undefined {
	if (!isRecord(metadata)) return undefined;
	const output = isRecord(metadata.output) ? metadata.output : {};
	const parts = [
		output.task_status ?? metadata.task_status,
		output.code ?? metadata.code,
		output.message ?? metadata.message,
	].filter(isText);
	return parts.length > 0 ? `DashScope said: ${parts.join(' — ')}` : undefined;
}
