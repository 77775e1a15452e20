import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { qwenOptionProperties } from './parameters';
import type { QwenRequestBody } from './request';
import { buildQwenBody, qwenCall } from './request';
import { qwenResult } from './response';
import type { DGridOperation, OperationContext, OperationResult } from '../core/operation';
import { buildWithOptionChecks, readPrompt } from '../core/request/itemErrors';
import { optionsCollection, promptProperty } from '../core/description/sharedProperties';
import { callDGrid } from '../transport/request';

/**
 * `{model, input, parameters}` in DashScope's shape: synchronous models read `input.messages`,
 * asynchronous Wan tasks `input.prompt` (see buildQwenBody). Throws OptionValueError for option
 * values DashScope cannot take.
 */
export function buildQwenGenerateBody(
	model: string,
	prompt: string,
	options: IDataObject,
): QwenRequestBody {
	return buildQwenBody({ model, prompt, images: [], options });
}

/**
 * Images come back as URLs; the shared output path downloads them. The call waits as long as the
 * Timeout option says: asynchronous Wan models take minutes.
 */
async function execute(
	this: IExecuteFunctions,
	context: OperationContext,
): Promise<OperationResult> {
	const { model, options, fail } = context;
	const prompt = readPrompt.call(this, context).trim();
	const body = buildWithOptionChecks(fail, () => buildQwenGenerateBody(model, prompt, options));
	const response = await callDGrid.call(this, qwenCall('/v1/images/generations', body), context);
	return qwenResult(response.body, prompt, options, body.ignoredOptions);
}

/**
 * Qwen Generate: `POST /v1/images/generations` in DashScope's shape, for Qwen Image, Z-Image and
 * Wan models.
 */
export const qwenGenerate: DGridOperation = {
	value: 'qwenGenerate',
	model: {
		parameter: 'qwenModel',
		default: 'qwen-image',
		legacyDefault: 'wanx-v1',
		hint: 'The Qwen Image or Wan model, e.g. qwen-image, qwen-image-plus, wan2.6-t2i or wanx-v1. Wan models before 2.6 run as tasks and can take several minutes.',
		family: 'qwen',
	},
	properties: [
		promptProperty('What the image should show.', 'A serene mountain lake at dawn, photorealistic'),
		optionsCollection(qwenOptionProperties({ contentFormat: true }), { urlResults: true }),
	],
	execute,
};
