import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { OptionValueError } from '../core/request/itemErrors';
import type { WireField } from '../core/request/wireFields';

/**
 * Aspect ratio and image size of Gemini image models, declared once for both ways DGrid
 * reaches them: Gemini Generate Content sends camelCase `generationConfig.imageConfig.*`,
 * Chat sends snake_case `extra_body.google.image_config.*` (the only spelling the gateway
 * passes on). Same parameters, same values, different wire names.
 */

const ASPECT_RATIOS: Array<[ratio: string, shape: string]> = [
	['1:1', 'Square'],
	['2:3', 'Portrait'],
	['3:2', 'Landscape'],
	['3:4', 'Portrait'],
	['4:3', 'Landscape'],
	['4:5', 'Portrait'],
	['5:4', 'Landscape'],
	['9:16', 'Tall Portrait'],
	['16:9', 'Widescreen'],
	['21:9', 'Ultrawide'],
];

const aspectRatioProperty: INodeProperties = {
	displayName: 'Aspect Ratio',
	name: 'aspectRatio',
	type: 'options',
	default: '',
	// Kept in ratio order rather than alphabetical: people scan these by shape.
	options: [
		{ name: 'Model Default', value: '' },
		...ASPECT_RATIOS.map(([ratio, shape]) => ({ name: `${ratio} (${shape})`, value: ratio })),
	],
	description:
		'Shape of the generated image. Model Default lets the model choose (usually square, or the shape of the input image).',
};

const CUSTOM_SIZE = 'custom';

const imageSizeProperty: INodeProperties = {
	displayName: 'Image Size',
	name: 'imageSize',
	type: 'options',
	default: '',
	options: [
		{ name: 'Model Default', value: '' },
		{ name: '1K', value: '1K' },
		{ name: '2K', value: '2K' },
		{ name: '4K', value: '4K' },
		{
			name: 'Custom',
			value: CUSTOM_SIZE,
			description: 'Type a width x height size, e.g. 1024x1024',
		},
	],
	description:
		'Resolution of the generated image. 2K and 4K need a model that supports them (e.g. gemini-3-pro-image-preview).',
};

const customImageSizeProperty: INodeProperties = {
	displayName: 'Image Size (Custom)',
	name: 'customImageSize',
	type: 'string',
	default: '1024x1024',
	placeholder: '1024x1024',
	description: 'Image size in the width x height form some DGrid models take, e.g. 1024x1024',
	displayOptions: { show: { imageSize: [CUSTOM_SIZE] } },
};

/** The three UI parameters, in the (alphabetical) order the Options collections list them. */
export const imageConfigProperties: INodeProperties[] = [
	aspectRatioProperty,
	imageSizeProperty,
	customImageSizeProperty,
];

const WXH = /^\s*(\d{2,5})\s*[x×X*]\s*(\d{2,5})\s*$/;
const K_SIZE = /^\s*([1-8])\s*k\s*$/i;

/** "1024 × 1024" → "1024x1024", "2k" → "2K"; anything else is an option error. */
export function normalizeImageSize(value: string): string {
	const wxh = WXH.exec(value);
	if (wxh) return `${Number(wxh[1])}x${Number(wxh[2])}`;
	const k = K_SIZE.exec(value);
	if (k) return `${k[1]}K`;
	throw new OptionValueError(
		'Image Size (Custom)',
		`the image size "${value.slice(0, 40)}" is not width x height`,
		'Write it as width x height in pixels, e.g. 1024x1024, or choose 1K, 2K or 4K under Image Size.',
	);
}

/**
 * The Options values with "Custom" resolved: the size the user typed takes the place of
 * `imageSize`, so one wire field carries either form.
 */
export function withResolvedImageSize(options: IDataObject): IDataObject {
	if (options.imageSize !== CUSTOM_SIZE) return options;
	const custom = typeof options.customImageSize === 'string' ? options.customImageSize : '';
	if (custom.trim() === '') {
		throw new OptionValueError(
			'Image Size (Custom)',
			'Image Size is set to Custom, but no size is given',
			'Add the option "Image Size (Custom)" with a size like 1024x1024, or choose 1K, 2K or 4K under Image Size.',
		);
	}
	return { ...options, imageSize: normalizeImageSize(custom) };
}

/** The wire fields of the image config, under the names one API expects. */
export function imageConfigFields(wireNames: {
	aspectRatio: string;
	imageSize: string;
}): WireField[] {
	return [
		{ property: aspectRatioProperty, wireName: wireNames.aspectRatio },
		{ property: imageSizeProperty, wireName: wireNames.imageSize },
	];
}
