import type { IExecuteFunctions } from 'n8n-workflow';

import type { InputImage, InputImageContext, InputImageLimits } from '../core/request/inputImages';
import { readBinaryImages, readInputImageParameters } from '../core/request/inputImages';
import { isAliModel, isDallE2, isGptImage } from '../core/description/models';
import type { Fail } from '../core/request/itemErrors';
import type { RequestSettings } from '../transport/request';

/**
 * Input images and mask of an Edit, read and checked against what the model takes before
 * anything is uploaded: the limits OpenAI documents for /v1/images/edits.
 */
export type EditInput =
	| { kind: 'files'; images: InputImage[]; mask?: InputImage }
	| { kind: 'urls'; urls: string[] };

const MB = 1024 * 1024;

export function editImageLimits(model: string): InputImageLimits {
	if (isDallE2(model)) return { maxImages: 1, maxBytes: 4 * MB };
	if (isGptImage(model)) return { maxImages: 16, maxBytes: 50 * MB };
	// DashScope takes input images of up to 10 MB each.
	if (isAliModel(model)) return { maxImages: 16, maxBytes: 10 * MB };
	return { maxImages: 16 };
}

const GPT_IMAGE_FORMATS = ['image/png', 'image/jpeg', 'image/webp'];

const sizeText = (image: InputImage) =>
	image.info.width !== undefined ? `${image.info.width}x${image.info.height}` : 'unknown size';

/** The format rules of the model family, beyond count and byte size. */
export function checkEditImages(images: InputImage[], model: string, fail: Fail): void {
	for (const image of images) {
		if (isDallE2(model)) {
			if (image.info.mimeType !== 'image/png') {
				throw fail(
					`${image.origin} is a ${image.info.label}, dall-e-2 edits only take PNG`,
					'Convert the image to a square PNG under 4 MB (e.g. with the Edit Image node), or use gpt-image-1.',
				);
			}
			if (image.info.width === undefined || image.info.width !== image.info.height) {
				throw fail(
					`${image.origin} is ${sizeText(image)}, dall-e-2 edits only take square images`,
					'Crop the image to a square (e.g. with the Edit Image node), or use gpt-image-1.',
				);
			}
		} else if (isGptImage(model) && !GPT_IMAGE_FORMATS.includes(image.info.mimeType)) {
			throw fail(
				`${image.origin} is a ${image.info.label}, ${model} takes PNG, JPEG or WebP`,
				'Convert the image first, e.g. with the Edit Image node.',
			);
		}
	}
}

/** The mask is a PNG (its alpha marks the area to change) exactly as large as the image. */
export function checkMask(mask: InputImage, image: InputImage, fail: Fail): void {
	if (mask.info.mimeType !== 'image/png') {
		throw fail(
			`the mask in ${mask.origin} is a ${mask.info.label}, masks must be PNG`,
			'The mask needs an alpha channel: a PNG whose transparent pixels mark the area to change.',
		);
	}
	if (
		mask.info.width !== undefined &&
		image.info.width !== undefined &&
		(mask.info.width !== image.info.width || mask.info.height !== image.info.height)
	) {
		throw fail(
			`the mask is ${sizeText(mask)} but the image is ${sizeText(image)}`,
			'The mask must have exactly the same width and height as the (first) input image.',
		);
	}
}

/**
 * Reads the images of one item. URLs stay URLs (the JSON variant of the route takes them)
 * unless the request has to be multipart: dall-e-2 takes files only, and so does a mask. For
 * Qwen and Wan models the gateway ignores a JSON edit's `images` (it builds the request from the
 * prompt alone), but converts a multipart edit's files: so their URLs are downloaded and sent as
 * files.
 */
export async function readEditInput(
	this: IExecuteFunctions,
	context: InputImageContext & { settings: RequestSettings },
	model: string,
	maskField: string | undefined,
): Promise<EditInput> {
	const { fail } = context;
	const limits = editImageLimits(model);
	const passUrlsThrough = !isDallE2(model) && !isAliModel(model) && !maskField;
	const set = await readInputImageParameters.call(this, context, limits, { passUrlsThrough });
	if (set.kind === 'urls') return set;
	checkEditImages(set.images, model, fail);
	if (!maskField) return set;
	const [mask] = await readBinaryImages.call(
		this,
		[maskField],
		{ maxImages: 1, maxBytes: limits.maxBytes },
		context,
	);
	checkMask(mask, set.images[0], fail);
	return { ...set, mask };
}
