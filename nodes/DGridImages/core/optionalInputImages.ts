import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { InputImageLimits, InputImageSet } from './inputImages';
import { readInputImageParameters } from './inputImages';
import { inputImageProperties } from './sharedProperties';
import type { RequestSettings } from '../transport/request';

/**
 * Gemini Generate Content and Chat create images from text alone or change input images, so
 * their input images are optional: a switch shows the shared input-image parameters.
 */
export const optionalInputImageProperties: INodeProperties[] = [
	{
		displayName: 'Send Input Images',
		name: 'includeInputImages',
		type: 'boolean',
		default: false,
		description:
			'Whether to send images with the prompt, to edit them, combine them or use them as a reference',
	},
	...inputImageProperties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, includeInputImages: [true] },
		},
	})),
];

/** The item's input images, or undefined when "Send Input Images" is off. */
export async function readOptionalInputImages(
	this: IExecuteFunctions,
	context: { itemIndex: number; operationName: string; settings: RequestSettings },
	limits: InputImageLimits,
	{ passUrlsThrough }: { passUrlsThrough: boolean },
): Promise<InputImageSet | undefined> {
	if (!(this.getNodeParameter('includeInputImages', context.itemIndex, false) as boolean)) return undefined;
	return await readInputImageParameters.call(this, context, limits, { passUrlsThrough });
}
