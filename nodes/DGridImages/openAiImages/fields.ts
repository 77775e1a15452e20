import type { INodeProperties } from 'n8n-workflow';

import type { SizeFamily } from './size';
import { ASPECT_RATIOS, CUSTOM_SIZE, IMAGEN_RATIOS, sizeOptions } from './size';
import {
	acceptsResponseFormat,
	isAliModel,
	isDallE,
	isDallE2,
	isDallE3,
	isGptImage,
	isImagen,
} from '../core/description/models';
import type { WireField } from '../core/request/wireFields';

/**
 * The options of DGrid's OpenAI-shaped image routes, declared once for Generate and Edit:
 * each with its n8n parameter, its wire name and the models it is sent to. A field whose
 * model does not take it is left out of the request (and named in the output json).
 */

/**
 * DGrid's gateway hands these OpenAI options on through its OpenAI-shaped channels only: its
 * Alibaba channel (Qwen, Wan) reads prompt, n, size and watermark, its Imagen channel prompt, n,
 * size and quality.
 */
const viaOpenAiChannel = (model: string) => !isAliModel(model) && !isImagen(model);

/** Options only GPT Image and newer models take; DALL·E rejects them. */
const notDallE = (model: string) => !isDallE(model) && viaOpenAiChannel(model);

/** dall-e-3 knows standard/hd, GPT Image low/medium/high/auto: each is mapped to the other's. */
export function qualityForModel(value: unknown, model: string): unknown {
	const quality = String(value);
	if (isDallE3(model)) {
		if (quality === 'high') return 'hd';
		if (quality === 'low' || quality === 'medium') return 'standard';
		if (quality === 'auto') return undefined;
		return quality;
	}
	if (isGptImage(model)) {
		if (quality === 'hd') return 'high';
		if (quality === 'standard') return 'medium';
		return quality;
	}
	return quality;
}

export const numberOfImagesField: WireField = {
	property: {
		displayName: 'Number of Images',
		name: 'n',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10 },
		default: 1,
		description:
			'How many images to create (1–10). dall-e-3 makes one image per request, so the node sends one request per image for it.',
	},
	wireName: 'n',
};

export const qualityField: WireField = {
	property: {
		displayName: 'Quality',
		name: 'quality',
		type: 'options',
		default: 'auto',
		options: [
			{ name: 'Auto', value: 'auto', description: 'The model decides (GPT Image)' },
			{
				name: 'HD',
				value: 'hd',
				description: 'Finer detail (DALL·E 3; sent as "high" to GPT Image)',
			},
			{ name: 'High', value: 'high', description: 'GPT Image; sent as "hd" to DALL·E 3' },
			{
				name: 'Low',
				value: 'low',
				description: 'GPT Image, fastest; sent as "standard" to DALL·E 3',
			},
			{ name: 'Medium', value: 'medium', description: 'GPT Image; sent as "standard" to DALL·E 3' },
			{
				name: 'Standard',
				value: 'standard',
				description: 'DALL·E 3; sent as "medium" to GPT Image',
			},
		],
		description:
			'Image quality. Values of the other model family are translated; not sent to dall-e-2, which has one quality.',
	},
	wireName: 'quality',
	toWire: qualityForModel,
	appliesTo: (model) => !isDallE2(model) && !isAliModel(model),
};

export function sizeField(
	families: SizeFamily[],
	appliesTo?: (model: string) => boolean,
): WireField {
	return {
		...(appliesTo ? { appliesTo } : {}),
		property: {
			displayName: 'Size',
			name: 'size',
			type: 'options',
			default: '1024x1024',
			options: sizeOptions(families),
			description:
				'Width x height of the images. Each model family takes its own sizes; choose Custom to type any size the model supports.',
		},
		wireName: 'size',
	};
}

/** Folded into `size` by resolveSize, so it has no wire name of its own. */
export const customSizeProperty: INodeProperties = {
	displayName: 'Custom Size',
	name: 'customSize',
	type: 'string',
	default: '',
	placeholder: '1344x768',
	description: 'Any size as WIDTHxHEIGHT, e.g. 1344x768',
	// Shown only once Size is set to Custom: one way to ask for a custom size.
	displayOptions: { show: { size: [CUSTOM_SIZE] } },
};

export const aspectRatioField: WireField = {
	property: {
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		type: 'options',
		default: '1:1',
		options: ASPECT_RATIOS.map((ratio) => ({
			name: ratio,
			value: ratio,
			...(IMAGEN_RATIOS.includes(ratio)
				? {}
				: { description: 'Not for Imagen, which makes 1:1, 3:4, 4:3, 9:16 and 16:9 only' }),
		})),
		description:
			"Shape of the images; takes precedence over Size. DGrid passes an aspect ratio on to MiniMax only, so for every other model it becomes a size (named in the output's sizeNote): GPT Image and DALL·E 3 get their closest size (16:9 → 1536x1024 or 1792x1024), dall-e-2 only makes 1:1, Imagen makes 1:1, 3:4, 4:3, 9:16 and 16:9 only, and other models (Flux, Seedream, Qwen…) get a size of that shape.",
	},
	// resolveSize already decided which models get it: it only has a value for MiniMax.
	wireName: 'aspect_ratio',
};

export const responseFormatField: WireField = {
	property: {
		displayName: 'Response Format',
		name: 'responseFormat',
		type: 'options',
		default: 'b64_json',
		options: [
			{
				name: 'Base64 (B64_json)',
				value: 'b64_json',
				description: 'The image bytes inside the answer',
			},
			{ name: 'URL', value: 'url', description: 'A link to the image, valid for a limited time' },
		],
		description:
			'How DGrid returns the images. Not sent to GPT Image and Imagen models, which always answer with base64.',
	},
	wireName: 'response_format',
	appliesTo: acceptsResponseFormat,
};

export const styleField: WireField = {
	property: {
		displayName: 'Style',
		name: 'style',
		type: 'options',
		default: 'vivid',
		options: [
			{ name: 'Natural', value: 'natural', description: 'Realistic, organic look' },
			{ name: 'Vivid', value: 'vivid', description: 'Hyper-real, dramatic lighting and colours' },
		],
		description:
			'Style of the images (dall-e-3 and models that accept it; not sent to GPT Image or dall-e-2)',
	},
	wireName: 'style',
	appliesTo: (model) => !isGptImage(model) && !isDallE2(model) && viaOpenAiChannel(model),
};

export const userField: WireField = {
	property: {
		displayName: 'User',
		name: 'user',
		type: 'string',
		default: '',
		description: 'An ID for your end user, passed to the provider for abuse monitoring',
	},
	wireName: 'user',
	appliesTo: viaOpenAiChannel,
};

export const backgroundField: WireField = {
	property: {
		displayName: 'Background',
		name: 'background',
		type: 'options',
		default: 'auto',
		options: [
			{ name: 'Auto', value: 'auto' },
			{ name: 'Opaque', value: 'opaque' },
			{ name: 'Transparent', value: 'transparent', description: 'Needs Output Format PNG or WebP' },
		],
		description: 'Background of the images (GPT Image; not sent to DALL·E)',
	},
	wireName: 'background',
	appliesTo: notDallE,
};

export const moderationField: WireField = {
	property: {
		displayName: 'Moderation',
		name: 'moderation',
		type: 'options',
		default: 'auto',
		options: [
			{ name: 'Auto', value: 'auto', description: 'Standard filtering' },
			{ name: 'Low', value: 'low', description: 'Less restrictive filtering' },
		],
		description: 'Content moderation level (GPT Image; not sent to DALL·E)',
	},
	wireName: 'moderation',
	appliesTo: notDallE,
};

export const outputFormatField: WireField = {
	property: {
		displayName: 'Output Format',
		name: 'outputFormat',
		type: 'options',
		default: 'png',
		options: [
			{ name: 'JPEG', value: 'jpeg' },
			{ name: 'PNG', value: 'png' },
			{ name: 'WebP', value: 'webp' },
		],
		description: 'File format of the images (GPT Image; not sent to DALL·E, which makes PNG)',
	},
	wireName: 'output_format',
	appliesTo: notDallE,
};

export const outputCompressionField: WireField = {
	property: {
		displayName: 'Output Compression',
		name: 'outputCompression',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100 },
		default: 100,
		description:
			'Compression level in percent (0–100) for JPEG and WebP output (GPT Image; needs Output Format JPEG or WebP)',
	},
	wireName: 'output_compression',
	appliesTo: notDallE,
};

export const inputFidelityField: WireField = {
	property: {
		displayName: 'Input Fidelity',
		name: 'inputFidelity',
		type: 'options',
		default: 'low',
		options: [
			{
				name: 'High',
				value: 'high',
				description: 'Keep faces, logos and details of the input closely',
			},
			{ name: 'Low', value: 'low', description: 'Faster, looser' },
		],
		description: 'How closely the edit keeps the input images (GPT Image; not sent to DALL·E)',
	},
	wireName: 'input_fidelity',
	appliesTo: notDallE,
};

export const maskProperty: INodeProperties = {
	displayName: 'Mask Binary Field',
	name: 'maskBinaryPropertyName',
	type: 'string',
	default: 'mask',
	description:
		'Binary field holding a PNG mask with the size of the (first) input image. Its transparent areas are the ones the model may change.',
};

/** The wire fields of Generate, in the order they go into the request. */
export const GENERATE_FIELDS: WireField[] = [
	numberOfImagesField,
	sizeField(['gptImage', 'dallE3', 'dallE2']),
	aspectRatioField,
	qualityField,
	styleField,
	responseFormatField,
	userField,
	backgroundField,
	moderationField,
	outputFormatField,
	outputCompressionField,
];

/** The wire fields of Edit: the options /v1/images/edits documents, nothing else. */
export const EDIT_FIELDS: WireField[] = [
	numberOfImagesField,
	// The gateway's form conversion for Qwen/Wan edits reads no size.
	sizeField(['gptImage', 'dallE2'], (model) => !isAliModel(model)),
	qualityField,
	responseFormatField,
	userField,
	backgroundField,
	inputFidelityField,
	outputFormatField,
	outputCompressionField,
];

/** Option properties sorted by display name, as n8n lists collection options. */
export function sortedOptions(properties: INodeProperties[]): INodeProperties[] {
	return [...properties].sort((a, b) => a.displayName.localeCompare(b.displayName));
}
