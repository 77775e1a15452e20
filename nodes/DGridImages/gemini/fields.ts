import type { IDataObject } from 'n8n-workflow';

import { imageConfigFields } from './imageConfig';
import type { WireField } from '../core/request/wireFields';

/**
 * The options of Gemini Generate Content, each with its n8n parameter and its place in Google's
 * generateContent body.
 */

/** The Response value that lets the model answer with text beside the images. */
export const IMAGE_AND_TEXT = 'TEXT_IMAGE';

export const responseModalitiesField: WireField = {
	wireName: 'generationConfig.responseModalities',
	toWire: (value) => (value === IMAGE_AND_TEXT ? ['TEXT', 'IMAGE'] : ['IMAGE']),
	property: {
		displayName: 'Response',
		name: 'responseModalities',
		type: 'options',
		default: 'IMAGE',
		options: [
			{
				name: 'Image Only',
				value: 'IMAGE',
				description: 'Ask for images alone (responseModalities IMAGE)',
			},
			{
				name: 'Text and Image',
				value: IMAGE_AND_TEXT,
				description:
					'Let the model also explain or describe in text (responseModalities TEXT, IMAGE)',
			},
		],
		description: 'What the model may answer with. The text goes to the JSON of the output item.',
	},
};

const HARM_CATEGORIES = [
	{ name: 'Civic Integrity', value: 'HARM_CATEGORY_CIVIC_INTEGRITY' },
	{ name: 'Dangerous Content', value: 'HARM_CATEGORY_DANGEROUS_CONTENT' },
	{ name: 'Harassment', value: 'HARM_CATEGORY_HARASSMENT' },
	{ name: 'Hate Speech', value: 'HARM_CATEGORY_HATE_SPEECH' },
	{ name: 'Sexually Explicit', value: 'HARM_CATEGORY_SEXUALLY_EXPLICIT' },
];

export const safetySettingsField: WireField = {
	wireName: 'safetySettings',
	toWire: (value) => {
		const settings = ((value as IDataObject).settings ?? []) as IDataObject[];
		return settings.length > 0
			? settings.map(({ category, threshold }) => ({ category, threshold }))
			: undefined;
	},
	property: {
		displayName: 'Safety Settings',
		name: 'safetySettings',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Safety Setting',
		description: "How strictly Gemini's safety filters block each harm category",
		options: [
			{
				displayName: 'Setting',
				name: 'settings',
				values: [
					{
						displayName: 'Category',
						name: 'category',
						type: 'options',
						default: 'HARM_CATEGORY_DANGEROUS_CONTENT',
						options: HARM_CATEGORIES,
					},
					{
						displayName: 'Threshold',
						name: 'threshold',
						type: 'options',
						default: 'BLOCK_MEDIUM_AND_ABOVE',
						options: [
							{ name: 'Block Low and Above', value: 'BLOCK_LOW_AND_ABOVE' },
							{ name: 'Block Medium and Above', value: 'BLOCK_MEDIUM_AND_ABOVE' },
							{ name: 'Block None', value: 'BLOCK_NONE' },
							{ name: 'Block Only High', value: 'BLOCK_ONLY_HIGH' },
							{ name: 'Off', value: 'OFF' },
						],
					},
				],
			},
		],
	},
};

export const seedField: WireField = {
	wireName: 'generationConfig.seed',
	property: {
		displayName: 'Seed',
		name: 'seed',
		type: 'number',
		typeOptions: { numberPrecision: 0 },
		default: 0,
		description: 'Fixed random seed, for more repeatable results where the model supports it',
	},
};

export const systemInstructionField: WireField = {
	wireName: 'systemInstruction',
	toWire: (value) => ({ parts: [{ text: String(value) }] }),
	property: {
		displayName: 'System Instruction',
		name: 'systemInstruction',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description:
			'Standing instructions for the model, e.g. a house style, sent as systemInstruction',
	},
};

export const temperatureField: WireField = {
	wireName: 'generationConfig.temperature',
	property: {
		displayName: 'Temperature',
		name: 'temperature',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
		default: 1,
		description: 'Randomness of the output, from 0 (most predictable) to 2',
	},
};

/** Every field that reaches the body, in the order written. */
export const GEMINI_FIELDS: WireField[] = [
	responseModalitiesField,
	...imageConfigFields({
		aspectRatio: 'generationConfig.imageConfig.aspectRatio',
		imageSize: 'generationConfig.imageConfig.imageSize',
	}),
	temperatureField,
	seedField,
	safetySettingsField,
	systemInstructionField,
];
