import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { imageConfigFields, imageConfigProperties, withResolvedImageSize } from './imageConfig';
import { readGeminiResponse } from './response';
import { additionalBodyFieldsProperty, withAdditionalBodyFields } from '../core/request/additionalBodyFields';
import { acceptTextOnlyProperty, imageAnswerResult } from '../core/answer/imageAnswer';
import type { InputImage } from '../core/request/inputImages';
import type { DGridOperation, OperationContext, OperationResult } from '../core/operation';
import { buildWithOptionChecks, requirePrompt } from '../core/request/itemErrors';
import { optionalInputImageProperties, readOptionalInputImages } from '../core/request/inputImages';
import { optionsCollection, promptProperty } from '../core/description/sharedProperties';
import type { WireField } from '../core/request/wireFields';
import { resolveWireFields, writeJsonBody } from '../core/request/wireFields';
import { callDGrid } from '../transport/request';

/**
 * Gemini Generate Content: `POST /v1/models/{model}:generateContent`, Google's own request
 * shape passed through by DGrid. Input images travel inline (`inlineData`), so URLs are
 * downloaded first; every `inlineData` part of the answer becomes an image.
 */

const IMAGE_AND_TEXT = 'TEXT_IMAGE';

const responseModalitiesField: WireField = {
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
				description: 'Let the model also explain or describe in text (responseModalities TEXT, IMAGE)',
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

const safetySettingsField: WireField = {
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

const seedField: WireField = {
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

const systemInstructionField: WireField = {
	wireName: 'systemInstruction',
	toWire: (value) => ({ parts: [{ text: String(value) }] }),
	property: {
		displayName: 'System Instruction',
		name: 'systemInstruction',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Standing instructions for the model, e.g. a house style, sent as systemInstruction',
	},
};

const temperatureField: WireField = {
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

export interface GeminiRequestSpec {
	prompt: string;
	images: Array<Pick<InputImage, 'data' | 'info'>>;
	responseModalities: string;
	/** The item's Options collection. */
	options: IDataObject;
	model: string;
}

/** `/v1/models/gemini-2.5-flash-image:generateContent`; a `models/` prefix is dropped. */
export function geminiPath(model: string): string {
	const id = model.trim().replace(/^models\//, '');
	return `/v1/models/${id.split('/').map(encodeURIComponent).join('/')}:generateContent`;
}

/**
 * `{contents:[{role:"user", parts:[{text}, {inlineData}…]}], generationConfig, …}` plus the
 * "Additional Body Fields" merged last. Throws OptionValueError for unusable option values.
 */
export function buildGeminiBody(spec: GeminiRequestSpec): IDataObject {
	const parts: IDataObject[] = [
		{ text: spec.prompt },
		...spec.images.map((image) => ({
			inlineData: { mimeType: image.info.mimeType, data: image.data.toString('base64') },
		})),
	];
	const body: IDataObject = { contents: [{ role: 'user', parts }] };
	const values = { ...withResolvedImageSize(spec.options), responseModalities: spec.responseModalities };
	writeJsonBody(body, resolveWireFields(GEMINI_FIELDS, values, spec.model));
	return withAdditionalBodyFields(body, spec.options);
}

// Google takes at most 20 MB of inline data per request.
const MAX_INPUT_IMAGE_BYTES = 20 * 1024 * 1024;

export const geminiGenerateContent: DGridOperation = {
	value: 'geminiGenerateContent',
	model: {
		parameter: 'geminiModel',
		default: 'gemini-2.5-flash-image',
		hint: 'The Gemini image model, e.g. gemini-2.5-flash-image or gemini-3-pro-image-preview.',
		family: 'gemini',
	},
	properties: [
		promptProperty(
			'What to create, or how to change the input images.',
			'A watercolor fox in a snowy forest, soft morning light',
		),
		...optionalInputImageProperties,
		responseModalitiesField.property,
		optionsCollection(
			[
				acceptTextOnlyProperty({ show: { '/responseModalities': [IMAGE_AND_TEXT] } }),
				additionalBodyFieldsProperty,
				...imageConfigProperties,
				safetySettingsField.property,
				seedField.property,
				systemInstructionField.property,
				temperatureField.property,
			],
			{ urlResults: false } /* Gemini answers carry the image bytes, never a URL */,
		),
	],

	async execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
		const { itemIndex, model, options, fail } = context;
		const prompt = requirePrompt(this.getNodeParameter('prompt', itemIndex, '') as string, fail);
		const responseModalities = this.getNodeParameter('responseModalities', itemIndex, 'IMAGE') as string;
		const inputImages = await readOptionalInputImages.call(
			this,
			context,
			{ maxBytes: MAX_INPUT_IMAGE_BYTES },
			{ passUrlsThrough: false },
		);
		const body = buildWithOptionChecks(fail, () =>
			buildGeminiBody({
				prompt,
				images: inputImages?.kind === 'files' ? inputImages.images : [],
				responseModalities,
				options,
				model,
			}),
		);
		const response = await callDGrid.call(this, { method: 'POST', path: geminiPath(model), json: body }, context);
		const acceptTextOnly = responseModalities === IMAGE_AND_TEXT && options.acceptTextOnly === true;
		return imageAnswerResult(prompt, readGeminiResponse(response.body), acceptTextOnly);
	},
};
