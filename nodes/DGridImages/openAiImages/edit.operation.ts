import type { IExecuteFunctions } from 'n8n-workflow';

import type { EditInput } from './editInput';
import { readEditInput } from './editInput';
import { EDIT_FIELDS, customSizeProperty, maskProperty, sortedOptions } from './fields';
import { refuseModelsOfOtherRoutes } from './modelRoutes';
import { checkPrompt, resolveOpenAiImageOptions } from './request';
import { openAiImagesResult } from './result';
import { readImageData } from '../core/answer/imageDataReader';
import { imageFileParts } from '../core/request/inputImages';
import { isAliModel, isDallE3 } from '../core/description/models';
import type { DGridOperation, OperationContext, OperationResult } from '../core/operation';
import {
	inputImageProperties,
	optionsCollection,
	promptProperty,
} from '../core/description/sharedProperties';
import type { WireValue } from '../core/request/wireFields';
import { propertiesOf, wireValuesToParts, writeJsonBody } from '../core/request/wireFields';
import type { MultipartPart } from '../transport/multipart';
import type { DGridCall } from '../transport/request';
import { callDGrid } from '../transport/request';

/** An edit's body: a multipart form of files, or JSON with image URLs. */
export type EditBody = Pick<DGridCall, 'json' | 'multipart'>;

/**
 * Files go as multipart/form-data (`image` for one file, `image[]` for several); URLs use the
 * JSON variant, `images: [{image_url}]`. The same wire values fill either body.
 */
export function buildEditBody(
	model: string,
	prompt: string,
	input: EditInput,
	values: WireValue[],
): EditBody {
	if (input.kind === 'urls') {
		return {
			json: writeJsonBody(
				{ model, prompt, images: input.urls.map((url) => ({ image_url: url })) },
				values,
			),
		};
	}
	const parts: MultipartPart[] = [
		...wireValuesToParts([
			{ wireName: 'model', value: model },
			{ wireName: 'prompt', value: prompt },
		]),
		...imageFileParts(input.images),
		...(input.mask
			? [
					{
						name: 'mask',
						data: input.mask.data,
						fileName: input.mask.fileName,
						contentType: input.mask.info.mimeType,
					},
				]
			: []),
		...wireValuesToParts(values),
	];
	return { multipart: parts };
}

async function execute(
	this: IExecuteFunctions,
	context: OperationContext,
): Promise<OperationResult> {
	const { itemIndex, model, options, fail } = context;
	if (isDallE3(model)) {
		throw fail(
			'dall-e-3 cannot edit images',
			'Use gpt-image-1 (up to 16 images) or dall-e-2 (one square PNG).',
		);
	}
	refuseModelsOfOtherRoutes(model, 'edit', fail);
	const prompt = checkPrompt(this.getNodeParameter('prompt', itemIndex, '') as string, model, fail);
	const request = resolveOpenAiImageOptions(EDIT_FIELDS, options, model, fail);
	let maskField = String(options.maskBinaryPropertyName ?? '').trim() || undefined;
	if (maskField && isAliModel(model)) {
		// The gateway's conversion for Qwen/Wan edits reads no mask: say so instead of uploading it.
		request.ignoredOptions.push(`Mask Binary Field (not used by ${model})`);
		maskField = undefined;
	}
	const input = await readEditInput.call(this, context, model, maskField);
	const body = buildEditBody(model, prompt, input, request.values);
	const response = await callDGrid.call(
		this,
		{ method: 'POST', path: '/v1/images/edits', ...body },
		context,
	);
	return openAiImagesResult([readImageData(response.body)], prompt, request);
}

export const edit: DGridOperation = {
	value: 'edit',
	model: {
		parameter: 'model',
		default: 'gpt-image-1',
		hint: 'The image model. GPT Image models take up to 16 PNG, JPEG or WebP images; dall-e-2 takes one square PNG under 4 MB.',
		family: 'openai',
		// The gateway's Ali channel serves Qwen Image and Wan models on these routes too.
		alsoServes: ['qwen'],
		version3Parameter: 'editModel',
	},
	properties: [
		promptProperty(
			'What to change in the images. Up to 32,000 characters for GPT Image and 1,000 for dall-e-2.',
			'e.g. Put the product on a marble table, soft daylight',
		),
		...inputImageProperties,
		optionsCollection(
			sortedOptions([...propertiesOf(EDIT_FIELDS), customSizeProperty, maskProperty]),
			{
				urlResults: true,
			},
		),
	],
	execute,
};
