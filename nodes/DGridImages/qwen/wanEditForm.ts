import type { IDataObject } from 'n8n-workflow';

import { qwenPromptText } from './messages';
import { QWEN_PARAMETER_FIELDS } from './parameters';
import type { QwenRequestBody } from './request';
import { negativePromptAsParameter } from './request';
import type { InputImage } from '../core/request/inputImages';
import { imageFileParts } from '../core/request/inputImages';
import { wireValuesToParts } from '../core/request/wireFields';

/** The one Qwen option the gateway's form conversion for old Wan models reads (form field `n`). */
const NUMBER_OF_IMAGES = 'n';

/**
 * Qwen Edit for Wan models before 2.6 (wanx2.1-imageedit, wan2.5-i2i-preview…). The gateway
 * reads their input images from a multipart form only — a JSON edit fails with
 * convert_request_failed — and turns the form into DashScope's image-to-image task:
 * `input: {prompt, images, negative_prompt}`, `parameters: {n}`. Size, seed, prompt extend and
 * watermark have no place in that conversion: they are named in the output instead of sent.
 */
export function buildWanEditForm(
	model: string,
	prompt: string,
	images: InputImage[],
	options: IDataObject,
): QwenRequestBody {
	const asParameter = negativePromptAsParameter(options);
	const negativePrompt = (options.negativePrompt as string | undefined)?.trim();
	const ignoredOptions = QWEN_PARAMETER_FIELDS.filter(
		(field) =>
			field.property.name !== NUMBER_OF_IMAGES && options[field.property.name] !== undefined,
	).map(
		(field) =>
			`${field.property.displayName} (not used by ${model}: DGrid converts its edits without it)`,
	);
	const n = options[NUMBER_OF_IMAGES];
	const multipart = [
		...wireValuesToParts([
			{ wireName: 'model', value: model },
			{
				wireName: 'prompt',
				value: qwenPromptText(prompt, asParameter ? undefined : negativePrompt),
			},
			...(asParameter && negativePrompt
				? [{ wireName: 'negative_prompt', value: negativePrompt }]
				: []),
			...(n !== undefined ? [{ wireName: 'n', value: n }] : []),
		]),
		...imageFileParts(images),
	];
	return { multipart, ignoredOptions };
}
