import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { qwenOptionProperties } from './parameters';
import type { QwenRequestBody } from './request';
import { buildQwenBody, qwenCall } from './request';
import { qwenResult } from './response';
import { buildWanEditForm } from './wanEditForm';
import type { InputImageSet } from '../core/request/inputImages';
import { readInputImageParameters, inputImageDataUrl } from '../core/request/inputImages';
import { isOldWanModel } from '../core/description/models';
import type { DGridOperation, OperationContext, OperationResult } from '../core/operation';
import { buildWithOptionChecks, readPrompt } from '../core/request/itemErrors';
import {
	inputImageProperties,
	optionsCollection,
	promptProperty,
} from '../core/description/sharedProperties';
import { callDGrid } from '../transport/request';

/** DashScope takes input images of up to 10 MB each. */
const INPUT_LIMITS = { maxBytes: 10 * 1024 * 1024 };

/**
 * The input images as `{image}` parts (binary files as data: URLs, URLs as they are), then the
 * instruction as a `{text}` part. Wan models before 2.6 are the exception: the gateway takes
 * their images from a multipart form only, so they go as files. Throws OptionValueError for
 * option values DashScope cannot take.
 */
export function buildQwenEditBody(
	model: string,
	prompt: string,
	input: InputImageSet,
	options: IDataObject,
): QwenRequestBody {
	if (input.kind === 'files' && isOldWanModel(model))
		return buildWanEditForm(model, prompt, input.images, options);
	const images = input.kind === 'urls' ? input.urls : input.images.map(inputImageDataUrl);
	return buildQwenBody({ model, prompt, images, options });
}

async function execute(
	this: IExecuteFunctions,
	context: OperationContext,
): Promise<OperationResult> {
	const { model, options, fail } = context;
	// Old Wan models take files only: their image URLs are downloaded first.
	const passUrlsThrough = !isOldWanModel(model);
	const input = await readInputImageParameters.call(this, context, INPUT_LIMITS, {
		passUrlsThrough,
	});
	const prompt = readPrompt.call(this, context).trim();
	const body = buildWithOptionChecks(fail, () => buildQwenEditBody(model, prompt, input, options));
	const response = await callDGrid.call(this, qwenCall('/v1/images/edits', body), context);
	return qwenResult(response.body, prompt, options, body.ignoredOptions);
}

/** Qwen Edit: `POST /v1/images/edits` in DashScope's shape. */
export const qwenEdit: DGridOperation = {
	value: 'qwenEdit',
	model: {
		parameter: 'qwenEditModel',
		default: 'qwen-image-edit',
		hint: 'The Qwen Image Edit model, e.g. qwen-image-edit or qwen-image-edit-plus (several input images).',
		family: 'qwen',
	},
	properties: [
		promptProperty(
			'What to change in the image(s).',
			'Replace the background with a sunny beach, keep the product unchanged',
		),
		...inputImageProperties,
		optionsCollection(qwenOptionProperties({ contentFormat: false }), { urlResults: true }),
	],
	execute,
};
