import type { INodeProperties } from 'n8n-workflow';

import { OptionValueError } from '../core/request/itemErrors';
import type { WireField } from '../core/request/wireFields';

/**
 * The DashScope `parameters` of Qwen Image / Wan requests, declared once for Qwen Generate and
 * Qwen Edit. DGrid's gateway keeps only the keys it knows (size, n, seed, prompt_extend,
 * watermark; negative_prompt only in newer gateway versions), so nothing else is offered.
 * Asynchronous Wan text-to-image models get their negative prompt in `input` instead
 * (request.ts), where every gateway version forwards it.
 */

const SIZE = /^\s*(\d{2,5})\s*[x×*X]\s*(\d{2,5})\s*$/;

/** "1024x1024", "1024 × 1024" or "1024*1024" → "1024*1024", the only form DashScope reads. */
export function normalizeQwenSize(value: unknown): string {
	const match = SIZE.exec(String(value));
	if (!match) {
		throw new OptionValueError(
			'Size',
			`Size "${String(value).slice(0, 40)}" is not width*height in pixels, e.g. 1024*1024`,
			'Fix the option and run again.',
		);
	}
	return `${Number(match[1])}*${Number(match[2])}`;
}

const sizeField: WireField = {
	wireName: 'parameters.size',
	toWire: normalizeQwenSize,
	property: {
		displayName: 'Size',
		name: 'size',
		type: 'string',
		default: '1024*1024',
		placeholder: '1328*1328',
		description:
			'Width*height of the output in pixels, e.g. 1024*1024 or 1664*928 (1024x1024 is accepted and converted). Which sizes are allowed depends on the model.',
	},
};

const numberOfImagesField: WireField = {
	wireName: 'parameters.n',
	property: {
		displayName: 'Number of Images',
		name: 'n',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 6 },
		default: 1,
		description:
			'How many images to create. Wan models take 1–4, Qwen Image Edit Plus 1–6, Qwen Image only 1.',
	},
};

const seedField: WireField = {
	wireName: 'parameters.seed',
	property: {
		displayName: 'Seed',
		name: 'seed',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 2147483647, numberPrecision: 0 },
		default: 0,
		description:
			'Fixed random seed (0 to 2147483647); the same seed and prompt give similar images',
	},
};

const promptExtendField: WireField = {
	wireName: 'parameters.prompt_extend',
	property: {
		displayName: 'Prompt Extend',
		name: 'promptExtend',
		type: 'boolean',
		default: true,
		description:
			'Whether the model may rewrite the prompt into a more detailed one before drawing (on by default at DashScope). The rewritten text, when DashScope returns it, comes out as revisedPrompt.',
	},
};

const watermarkField: WireField = {
	wireName: 'parameters.watermark',
	property: {
		displayName: 'Watermark',
		name: 'watermark',
		type: 'boolean',
		default: false,
		description:
			'Whether to add the "Qwen-Image" / "AI generated" watermark in the corner of the image',
	},
};

/** The `parameters` both Qwen operations send, in the order they appear on the wire. */
export const QWEN_PARAMETER_FIELDS: WireField[] = [
	sizeField,
	numberOfImagesField,
	seedField,
	promptExtendField,
	watermarkField,
];

/**
 * DashScope's own negative prompt parameter. Only sent when the user picks it under "Negative
 * Prompt Sent As": upstream New API drops it silently, newer versions forward it.
 */
export const QWEN_NEGATIVE_PROMPT_FIELD: WireField = {
	wireName: 'parameters.negative_prompt',
	property: {
		displayName: 'Negative Prompt',
		name: 'negativePrompt',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'blurry, low resolution, text',
		description:
			'What the image should not contain. Asynchronous Wan models (wanx-v1, wan2.0–2.5 text-to-image) get it as input.negative_prompt, which DashScope reads. For other models DGrid\'s gateway may drop DashScope\'s negative_prompt parameter, so by default it is added to the prompt text as "Avoid: …" (see Negative Prompt Sent As).',
	},
};

export type NegativePromptDelivery = 'promptText' | 'parameter';

const negativePromptDeliveryProperty: INodeProperties = {
	displayName: 'Negative Prompt Sent As',
	name: 'negativePromptDelivery',
	type: 'options',
	default: 'promptText',
	options: [
		{
			name: 'Text Appended to the Prompt',
			value: 'promptText',
			description: 'Adds "Avoid: …" to the prompt; works through every DGrid gateway version',
		},
		{
			name: 'DashScope Parameter (Newer Gateways Only)',
			value: 'parameter',
			description:
				"Sends parameters.negative_prompt, which only newer versions of DGrid's gateway forward (older ones drop it silently)",
		},
	],
	description:
		'Where the negative prompt goes for Qwen Image and Wan 2.6+ models. Asynchronous Wan models always get it as input.negative_prompt.',
};

const contentFormatProperty: INodeProperties = {
	displayName: 'Content Format',
	name: 'contentFormat',
	type: 'options',
	default: 'parts',
	options: [
		{
			name: 'Text Part (DashScope)',
			value: 'parts',
			description:
				'Content as [{"text": "…"}], the form DashScope expects; DGrid\'s gateway accepts it for every model',
		},
		{
			name: 'Plain String (No Longer Sent)',
			value: 'string',
			description:
				"Kept for workflows saved with it: the content now always goes as a text part, because newer gateways reject a plain string (listed in the output's ignoredOptions)",
		},
	],
	description:
		'How the prompt is written into input.messages[0].content. Always a text part now; asynchronous Wan models get the prompt as input.prompt.',
};

/**
 * The Qwen options of an operation's Options collection, sorted by display name. The content
 * format is a Generate option only: an edit's content always holds image parts.
 */
export function qwenOptionProperties({
	contentFormat,
}: {
	contentFormat: boolean;
}): INodeProperties[] {
	const properties = [
		...(contentFormat ? [contentFormatProperty] : []),
		QWEN_NEGATIVE_PROMPT_FIELD.property,
		negativePromptDeliveryProperty,
		...QWEN_PARAMETER_FIELDS.map((field) => field.property),
	];
	return properties.sort((a, b) => a.displayName.localeCompare(b.displayName));
}
