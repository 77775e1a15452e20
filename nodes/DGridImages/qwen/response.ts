import type { IDataObject } from 'n8n-workflow';

import { readImageData } from '../core/imageDataReader';
import { isRecord, isText } from '../core/jsonShapes';
import type { OperationResult } from '../core/operation';

/**
 * `metadata` holds DashScope's raw answer. The gateway embeds it as JSON, but a gateway that
 * serialises it as bytes sends a base64 string, and a proxy may send it as a JSON string:
 * all three come out as an object when they can.
 */
export function readQwenMetadata(value: unknown): unknown {
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

/** What DashScope said when it produced no image (task status, code, message). */
function upstreamExplanation(metadata: unknown): string | undefined {
	if (!isRecord(metadata)) return undefined;
	const output = isRecord(metadata.output) ? metadata.output : {};
	const parts = [
		output.task_status ?? metadata.task_status,
		output.code ?? metadata.code,
		output.message ?? metadata.message,
	].filter(isText);
	return parts.length > 0 ? `DashScope said: ${parts.join(' — ')}` : undefined;
}

/**
 * Qwen/Wan answers: `{created, data:[{url, b64_json, revised_prompt}], metadata}`. Images are
 * URLs (the gateway ignores response_format) with "" in the unused keys; the model's text is
 * in revised_prompt; metadata is kept in json for whoever needs the raw upstream answer.
 */
export function readQwenAnswer(body: unknown): OperationResult {
	const reading = readImageData(body);
	const json: IDataObject = { ...reading.json };
	if (json.metadata !== undefined) json.metadata = readQwenMetadata(json.metadata) as IDataObject;
	const result: OperationResult = { images: reading.images, json };
	if (reading.images.length === 0) {
		const upstream = upstreamExplanation(json.metadata);
		result.noImageReason = [reading.noImageReason, upstream].filter(Boolean).join(' ');
	}
	return result;
}
