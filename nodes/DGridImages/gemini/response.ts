import type { IDataObject } from 'n8n-workflow';

import { base64FieldImage, textOf } from '../core/answer/inlineImage';
import type { Dict } from '../shared/json';
import { asDict, asLabel, asList, asText } from '../shared/json';
import type { ImageCandidate } from '../core/operation';
import { quoteText } from '../shared/text';

/**
 * Reads a Gemini `generateContent` answer as DGrid passes it through from Google:
 * `candidates[].content.parts[]` with `{text}` and `{inlineData:{mimeType,data}}` parts in any
 * order and number, `finishReason`, `safetyRatings`, `usageMetadata`, and for a blocked prompt
 * no candidates but `promptFeedback.blockReason`. Never throws, whatever the body: an answer
 * it cannot use simply has no images and says why.
 */

export interface GeminiAnswer {
	images: ImageCandidate[];
	/** What the answer said besides the pixels: text, finish reason, safety ratings, usage. */
	json: IDataObject;
	/** The model's text parts, joined. */
	text: string;
	/** The prompt or the output was blocked (safety, policy): never a usable text-only answer. */
	blocked: boolean;
	/** Why there is no image, quoting finish / block reasons and the text; for the error. */
	noImageReason: string;
}

// Google's REST answers use camelCase; some proxies relay the proto's snake_case names.
const pick = (record: Dict, camel: string, snake: string): unknown =>
	record[camel] ?? record[snake];

/** Finish reasons that mean the output was withheld, not merely that no image was made. */
const BLOCKING_FINISH = /SAFETY|PROHIBITED|BLOCKLIST|SPII|RECITATION/;

const FINISH_EXPLANATIONS: Record<string, string> = {
	STOP: 'the model finished without drawing an image; it may have answered with text only',
	NO_IMAGE: 'the model did not produce an image',
	SAFETY: "the output was blocked by Gemini's safety filters",
	IMAGE_SAFETY: "the generated image was blocked by Gemini's safety filters",
	PROHIBITED_CONTENT: 'the request was judged to involve prohibited content',
	IMAGE_PROHIBITED_CONTENT: 'the image was judged to show prohibited content',
	BLOCKLIST: 'the request contained blocked terms',
	SPII: 'the output may have contained sensitive personal information',
	RECITATION: 'the output was too close to existing material',
	IMAGE_RECITATION: 'the image was too close to existing material',
	IMAGE_OTHER: 'image generation failed for an unspecified reason',
	MAX_TOKENS: 'the output token limit was reached before an image was made',
	OTHER: 'the model stopped for an unspecified reason',
};

/** Joins a reason and a message Google wrote as a sentence, without doubling its full stop. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

interface FoundInParts {
	images: ImageCandidate[];
	texts: string[];
}

function readPart(part: Dict, candidateJson: IDataObject | undefined, reading: FoundInParts) {
	// "Thinking" models send draft images and reasoning marked `thought`: not the answer.
	if (part.thought === true) return;
	const text = textOf(part.text);
	if (text !== undefined) reading.texts.push(text);
	const inline = asDict(pick(part, 'inlineData', 'inline_data'));
	// Long base64 comes decoded from the streaming reader; an empty string still counts (as no bytes).
	const bytes = inline
		? (base64FieldImage(inline.data)?.data ??
			(typeof inline.data === 'string' ? Buffer.alloc(0) : undefined))
		: undefined;
	if (inline && bytes) {
		const mimeType = pick(inline, 'mimeType', 'mime_type');
		reading.images.push({
			data: bytes,
			...(typeof mimeType === 'string' ? { declaredMimeType: mimeType } : {}),
			...(candidateJson ? { json: candidateJson } : {}),
		});
	}
	const file = asDict(pick(part, 'fileData', 'file_data'));
	const uri = file ? asText(pick(file, 'fileUri', 'file_uri')) : undefined;
	if (file && uri) {
		const mimeType = pick(file, 'mimeType', 'mime_type');
		reading.images.push({
			url: uri,
			...(typeof mimeType === 'string' ? { declaredMimeType: mimeType } : {}),
			...(candidateJson ? { json: candidateJson } : {}),
		});
	}
}

function describeFinish(reason: string, message: string | undefined): string {
	const explanation = FINISH_EXPLANATIONS[reason];
	return sentence(
		`Gemini stopped with finishReason ${reason}${explanation ? ` (${explanation})` : ''}${message ? `: ${message.trim()}` : ''}`,
	);
}

function blockedCategories(ratings: unknown): string[] {
	return asList(ratings)
		.map(asDict)
		.filter((rating): rating is Dict => rating?.blocked === true)
		.map(
			(rating) =>
				`${asLabel(rating.category)}${rating.probability ? ` (${asLabel(rating.probability)})` : ''}`,
		);
}

export function readGeminiResponse(body: unknown): GeminiAnswer {
	const root = asDict(body) ?? {};
	const candidates = asList(root.candidates).map((candidate) => asDict(candidate) ?? {});
	const several = candidates.length > 1;
	const reading: FoundInParts = { images: [], texts: [] };
	const reasons: string[] = [];
	let blocked = false;

	const feedback = asDict(pick(root, 'promptFeedback', 'prompt_feedback'));
	const blockReason = feedback ? asText(pick(feedback, 'blockReason', 'block_reason')) : undefined;
	if (blockReason) {
		blocked = true;
		const blockMessage = asText(pick(feedback!, 'blockReasonMessage', 'block_reason_message'));
		reasons.push(
			sentence(
				`Gemini blocked the prompt (blockReason ${blockReason})${blockMessage ? `: ${blockMessage.trim()}` : ''}`,
			),
		);
	}

	candidates.forEach((candidate, index) => {
		const content = asDict(candidate.content);
		const parts = asList(content?.parts);
		const candidateJson = several ? { candidateIndex: index } : undefined;
		for (const part of parts) {
			const record = asDict(part);
			if (record) readPart(record, candidateJson, reading);
		}
		const finishReason = asText(pick(candidate, 'finishReason', 'finish_reason'));
		if (finishReason && BLOCKING_FINISH.test(finishReason)) blocked = true;
		if (finishReason) {
			reasons.push(
				describeFinish(finishReason, asText(pick(candidate, 'finishMessage', 'finish_message'))),
			);
		}
		const categories = blockedCategories(pick(candidate, 'safetyRatings', 'safety_ratings'));
		if (categories.length > 0) {
			blocked = true;
			reasons.push(`Blocked safety categories: ${categories.join(', ')}.`);
		}
	});

	const text = reading.texts.join('\n').trim();
	if (candidates.length === 0 && !blockReason) {
		reasons.push(
			asDict(body)
				? 'The answer has no candidates.'
				: "DGrid's answer is not a Gemini generateContent response.",
		);
	}
	if (candidates.length > 0 && reasons.length === 0)
		reasons.push('The answer holds no image part.');
	if (text) reasons.push(`The model's text: ${quoteText(text)}`);

	return {
		images: reading.images,
		json: buildJson(root, candidates, text),
		text,
		blocked,
		noImageReason: reasons.join(' '),
	};
}

function buildJson(root: Dict, candidates: Dict[], text: string): IDataObject {
	const json: IDataObject = {};
	if (text) json.text = text;
	const first = candidates[0];
	if (first) {
		const finishReason = pick(first, 'finishReason', 'finish_reason');
		const finishMessage = pick(first, 'finishMessage', 'finish_message');
		const safetyRatings = pick(first, 'safetyRatings', 'safety_ratings');
		if (finishReason !== undefined) json.finishReason = finishReason as IDataObject[string];
		if (finishMessage !== undefined) json.finishMessage = finishMessage as IDataObject[string];
		if (safetyRatings !== undefined) json.safetyRatings = safetyRatings as IDataObject[string];
	}
	if (candidates.length > 1) {
		json.candidates = candidates.map((candidate, index) => ({
			index,
			finishReason: pick(candidate, 'finishReason', 'finish_reason') as IDataObject[string],
			safetyRatings: pick(candidate, 'safetyRatings', 'safety_ratings') as IDataObject[string],
		}));
	}
	const copies: Array<[string, string, string]> = [
		['usageMetadata', 'usageMetadata', 'usage_metadata'],
		['promptFeedback', 'promptFeedback', 'prompt_feedback'],
		['modelVersion', 'modelVersion', 'model_version'],
		['responseId', 'responseId', 'response_id'],
	];
	for (const [name, camel, snake] of copies) {
		const value = pick(root, camel, snake);
		if (value !== undefined && value !== null) json[name] = value as IDataObject[string];
	}
	return json;
}
