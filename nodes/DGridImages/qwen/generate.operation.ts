import type { IExecuteFunctions } from 'n8n-workflow';

import { qwenOptionProperties } from './parameters';
import { buildQwenBody, runQwenRequest } from './request';
import type { DGridOperation, OperationContext } from '../core/operation';
import { optionsCollection, promptProperty } from '../core/description/sharedProperties';

/**
 * Qwen Generate: `POST /v1/images/generations` in DashScope's shape, for Qwen Image, Z-Image and
 * Wan models (synchronous models read `input.messages`, asynchronous Wan tasks `input.prompt`:
 * see buildQwenBody). Images come back as URLs; the shared output path downloads them.
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
	async execute(this: IExecuteFunctions, context: OperationContext) {
		return await runQwenRequest.call(
			this,
			{
				path: '/v1/images/generations',
				prompt: this.getNodeParameter('prompt', context.itemIndex, '') as string,
				build: (prompt, options) => buildQwenBody({ model: context.model, prompt, images: [], options }),
			},
			context,
		);
	},
};
