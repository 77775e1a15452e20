import type { IDataObject } from 'n8n-workflow';

import { readImageData } from '../core/answer/imageDataReader';
import type { OperationResult } from '../core/operation';

/**
 * Qwen/Wan answers: `{created, data:[{url, b64_json, revised_prompt}], metadata}`. Images are
 * URLs (the gateway ignores response_format) with "" in the unused keys; readImageData also
 * takes the images and rewritten prompts `data[]` leaves out from `metadata`, and explains a
 * missing image with DashScope's own words.
 */
export function readQwenAnswer(body: unknown): OperationResult {
	const { images, json, noImageReason } = readImageData(body);
	return { images, json, ...(noImageReason ? { noImageReason } : {}) };
}

/**
 * The answer as the operation's result: beside what DGrid said, the prompt as sent, the negative
 * prompt, and the options that were set but had no place in the request.
 */
export function qwenResult(
	body: unknown,
	prompt: string,
	options: IDataObject,
	ignoredOptions: string[],
): OperationResult {
	const result = readQwenAnswer(body);
	const negativePrompt = (options.negativePrompt as string | undefined)?.trim();
	result.json = {
		prompt,
		...(negativePrompt ? { negativePrompt } : {}),
		...result.json,
		...(ignoredOptions.length > 0 ? { ignoredOptions } : {}),
	};
	return result;
}
