import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildQwenInput, qwenPromptText } from './messages';
import type { NegativePromptDelivery, QwenContentFormat } from './parameters';
import {
	QWEN_NEGATIVE_PROMPT_FIELD,
	QWEN_PARAMETER_FIELDS,
	QwenParameterError,
} from './parameters';
import { readQwenAnswer } from './response';
import type { OperationContext, OperationResult } from '../core/operation';
import { operationFail } from '../core/operationFail';
import { requirePrompt } from '../core/prompt';
import { resolveWireFields, writeJsonBody } from '../core/wireFields';
import { callDGrid } from '../transport/request';

export interface QwenRequestSpec {
	model: string;
	prompt: string;
	/** Input images as https:// or data: URLs (edits); empty for generation. */
	images: string[];
	/** The item's Options collection. */
	options: IDataObject;
}

/**
 * `{model, input:{messages:[…]}, parameters}` — the DashScope shape DGrid forwards to Qwen Image
 * and Wan models. `parameters` is left out when no option is set, as in DGrid's sample.
 * Throws QwenParameterError for values DashScope cannot take.
 */
export function buildQwenBody({ model, prompt, images, options }: QwenRequestSpec): IDataObject {
	const delivery = (options.negativePromptDelivery ?? 'promptText') as NegativePromptDelivery;
	const format = (options.contentFormat ?? 'parts') as QwenContentFormat;
	const negativeAsParameter = delivery === 'parameter';
	const fields = negativeAsParameter
		? [...QWEN_PARAMETER_FIELDS, QWEN_NEGATIVE_PROMPT_FIELD]
		: QWEN_PARAMETER_FIELDS;
	const avoid = negativeAsParameter ? undefined : (options.negativePrompt as string | undefined);
	const body: IDataObject = {
		model,
		input: buildQwenInput(qwenPromptText(prompt, avoid), images, format),
	};
	return writeJsonBody(body, resolveWireFields(fields, options, model));
}

export interface QwenCall {
	/** `/v1/images/generations` or `/v1/images/edits`. */
	path: string;
	operationName: string;
	prompt: string;
	images: string[];
}

/**
 * Qwen Generate and Qwen Edit differ only in path and input images: both build the body here,
 * call DGrid, and read the `{created, data, metadata}` answer. The call waits as long as the
 * Timeout option says — asynchronous Wan models take minutes through the gateway.
 */
export async function runQwenRequest(
	this: IExecuteFunctions,
	call: QwenCall,
	{ itemIndex, model, settings }: OperationContext,
): Promise<OperationResult> {
	const fail = operationFail.call(this, itemIndex, call.operationName);
	const prompt = requirePrompt(call.prompt, fail).trim();
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	let body: IDataObject;
	try {
		body = buildQwenBody({ model, prompt, images: call.images, options });
	} catch (error) {
		throw error instanceof QwenParameterError
			? fail(error.message, 'Fix the option and run again.')
			: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
	const response = await callDGrid.call(
		this,
		{ method: 'POST', path: call.path, json: body },
		{ itemIndex, operationName: call.operationName, settings },
	);
	const result = readQwenAnswer(response.body);
	const negativePrompt = (options.negativePrompt as string | undefined)?.trim();
	result.json = { prompt, ...(negativePrompt ? { negativePrompt } : {}), ...result.json };
	return result;
}
