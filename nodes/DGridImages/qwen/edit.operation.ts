import type { IExecuteFunctions } from 'n8n-workflow';

import { qwenOptionProperties } from './parameters';
import { buildQwenBody, runQwenRequest } from './request';
import { buildWanEditForm } from './wanEditForm';
import { readInputImageParameters, inputImageDataUrl } from '../core/request/inputImages';
import { isOldWanModel } from '../core/description/models';
import type { DGridOperation, OperationContext } from '../core/operation';
import {
	inputImageProperties,
	optionsCollection,
	promptProperty,
} from '../core/description/sharedProperties';

/** DashScope takes input images of up to 10 MB each. */
const INPUT_LIMITS = { maxBytes: 10 * 1024 * 1024 };

/**
 * Qwen Edit: `POST /v1/images/edits` in DashScope's shape — the input images as `{image}` parts
 * (binary files as data: URLs, URLs as they are), then the instruction as a `{text}` part.
 * Wan models before 2.6 are the exception: the gateway takes their images from a multipart
 * form only, so they go as files (URLs downloaded first).
 */
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
	async execute(this: IExecuteFunctions, context: OperationContext) {
		const { model } = context;
		const asForm = isOldWanModel(model);
		const input = await readInputImageParameters.call(this, context, INPUT_LIMITS, { passUrlsThrough: !asForm });
		return await runQwenRequest.call(
			this,
			{
				path: '/v1/images/edits',
				prompt: this.getNodeParameter('prompt', context.itemIndex, '') as string,
				build: (prompt, options) => {
					if (input.kind === 'files' && asForm) return buildWanEditForm(model, prompt, input.images, options);
					const images = input.kind === 'urls' ? input.urls : input.images.map(inputImageDataUrl);
					return buildQwenBody({ model, prompt, images, options });
				},
			},
			context,
		);
	},
};
