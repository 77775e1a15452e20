import type { IDataObject } from 'n8n-workflow';

import { buildMessagesInput, buildWanTaskInput, qwenPromptText } from './messages';
import type { NegativePromptDelivery } from './parameters';
import { QWEN_NEGATIVE_PROMPT_FIELD, QWEN_PARAMETER_FIELDS } from './parameters';
import { isAsyncWanModel } from '../core/description/models';
import { resolveWireFields, writeJsonBody } from '../core/request/wireFields';
import type { MultipartPart } from '../transport/multipart';
import type { DGridCall } from '../transport/request';

export interface QwenRequestSpec {
	model: string;
	prompt: string;
	/** Input images as https:// or data: URLs (edits); empty for generation. */
	images: string[];
	/** The item's Options collection. */
	options: IDataObject;
}

/** A Qwen request body, and the options that were set but have no place in it (said in the output). */
export interface QwenRequestBody {
	json?: IDataObject;
	multipart?: MultipartPart[];
	ignoredOptions: string[];
}

/** How the negative prompt goes into the text (the default) or into `parameters` (newer gateways). */
export function negativePromptAsParameter(options: IDataObject): boolean {
	return (
		((options.negativePromptDelivery ?? 'promptText') as NegativePromptDelivery) === 'parameter'
	);
}

/**
 * The JSON body DGrid forwards to DashScope, by how the gateway runs the model:
 * - asynchronous Wan text-to-image (wanx*, wan2.0–2.5): `input: {prompt, negative_prompt}`, the
 *   fields DashScope's task API reads, and always `parameters.n` (DashScope makes 4 images
 *   when a task's `n` is left out);
 * - every other model: `input.messages` with the images and the text as parts, the negative
 *   prompt as "Avoid: …" in the text or (newer gateways only) as `parameters.negative_prompt`.
 * `parameters` is left out when nothing goes into it. Throws OptionValueError for values
 * DashScope cannot take.
 */
export function buildQwenBody({
	model,
	prompt,
	images,
	options,
}: QwenRequestSpec): QwenRequestBody {
	const ignoredOptions: string[] = [];
	if (options.contentFormat === 'string') {
		ignoredOptions.push(
			'Content Format "Plain String" (sent as a text part: newer gateways reject a plain string)',
		);
	}
	const negativePrompt = options.negativePrompt as string | undefined;
	if (images.length === 0 && isAsyncWanModel(model)) {
		const values = resolveWireFields(QWEN_PARAMETER_FIELDS, { n: 1, ...options }, model);
		return {
			json: writeJsonBody({ model, input: buildWanTaskInput(prompt, negativePrompt) }, values),
			ignoredOptions,
		};
	}
	const asParameter = negativePromptAsParameter(options);
	const fields = asParameter
		? [...QWEN_PARAMETER_FIELDS, QWEN_NEGATIVE_PROMPT_FIELD]
		: QWEN_PARAMETER_FIELDS;
	const text = qwenPromptText(prompt, asParameter ? undefined : negativePrompt);
	const json = writeJsonBody(
		{ model, input: buildMessagesInput(text, images) },
		resolveWireFields(fields, options, model),
	);
	return { json, ignoredOptions };
}

/** The call that sends a Qwen body: JSON, or the multipart form of old Wan edits. */
export function qwenCall(path: string, { json, multipart }: QwenRequestBody): DGridCall {
	return { method: 'POST', path, ...(multipart ? { multipart } : { json }) };
}
