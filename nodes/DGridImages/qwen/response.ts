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
