import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { GENERATE_FIELDS, customSizeProperty, sortedOptions } from './fields';
import { refuseModelsOfOtherRoutes } from './modelRoutes';
import { checkPrompt, resolveOpenAiImageOptions } from './request';
import { openAiImagesResult } from './result';
import { mapWithConcurrency } from '../core/pipeline/concurrency';
import { readImageData } from '../core/answer/imageDataReader';
import { isDallE3 } from '../core/description/models';
import type { DGridOperation, OperationContext, OperationResult } from '../core/operation';
import { optionsCollection, promptProperty } from '../core/description/sharedProperties';
import type { WireValue } from '../core/request/wireFields';
import { propertiesOf, writeJsonBody } from '../core/request/wireFields';
import { callDGrid } from '../transport/request';

/** dall-e-3 answers one image per request: n images become n requests with n=1. */
export function splitRequests(values: WireValue[], model: string): WireValue[][] {
	const n = values.find((value) => value.wireName === 'n');
	const count = Number(n?.value ?? 1);
	if (!isDallE3(model) || !(count > 1)) return [values];
	const single = values.map((value) =>
		value.wireName === 'n' ? { wireName: 'n', value: 1 } : value,
	);
	return Array.from({ length: count }, () => single);
}

/** `{model, prompt, n, size, quality, …}`: the whole body of one generation request. */
export function buildGenerateBody(model: string, prompt: string, values: WireValue[]): IDataObject {
	return writeJsonBody({ model, prompt }, values);
}

async function execute(
	this: IExecuteFunctions,
	context: OperationContext,
): Promise<OperationResult> {
	const { itemIndex, model, options, fail } = context;
	refuseModelsOfOtherRoutes(model, 'generate', fail);
	const prompt = checkPrompt(this.getNodeParameter('prompt', itemIndex, '') as string, model, fail);
	const request = resolveOpenAiImageOptions(GENERATE_FIELDS, options, model, fail);
	const bodies = splitRequests(request.values, model).map((values) =>
		buildGenerateBody(model, prompt, values),
	);
	// The requests of one item are independent; each resolves into its own slot, in order.
	const readings = await mapWithConcurrency(bodies.length, bodies.length, async (index) => {
		const response = await callDGrid.call(
			this,
			{ method: 'POST', path: '/v1/images/generations', json: bodies[index] },
			context,
		);
		return readImageData(response.body);
	});
	return openAiImagesResult(readings, prompt, request);
}

export const generate: DGridOperation = {
	value: 'generate',
	model: {
		parameter: 'model',
		default: 'gpt-image-1',
		hint: 'The image model. GPT Image models (gpt-image-1) give the best prompt following; DALL·E, Imagen, Flux, Seedream, Qwen Image and Wan models work too. For Gemini image models use Gemini Generate Content.',
		family: 'openai',
		// The gateway's Ali channel serves Qwen Image and Wan models on these routes too.
		alsoServes: ['qwen'],
	},
	properties: [
		promptProperty(
			'What the image should show. Up to 32,000 characters for GPT Image, 4,000 for dall-e-3 and 1,000 for dall-e-2.',
			'e.g. A watercolor fox sleeping in fresh snow, morning light',
		),
		optionsCollection(sortedOptions([...propertiesOf(GENERATE_FIELDS), customSizeProperty]), {
			urlResults: true,
		}),
	],
	execute,
};
