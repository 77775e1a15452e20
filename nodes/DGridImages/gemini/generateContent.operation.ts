import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	GEMINI_FIELDS,
	IMAGE_AND_TEXT,
	responseModalitiesField,
	safetySettingsField,
	seedField,
	systemInstructionField,
	temperatureField,
} from './fields';
import { imageConfigProperties, withResolvedImageSize } from './imageConfig';
import { readGeminiResponse } from './response';
import {
	additionalBodyFieldsProperty,
	withAdditionalBodyFields,
} from '../core/request/additionalBodyFields';
import { acceptTextOnlyProperty, imageAnswerResult } from '../core/answer/imageAnswer';
import type { InputImage } from '../core/request/inputImages';
import type { DGridOperation, OperationContext, OperationResult } from '../core/operation';
import { buildWithOptionChecks, readPrompt } from '../core/request/itemErrors';
import { optionalInputImageProperties, readOptionalInputImages } from '../core/request/inputImages';
import { optionsCollection, promptProperty } from '../core/description/sharedProperties';
import { resolveWireFields, writeJsonBody } from '../core/request/wireFields';
import { callDGrid } from '../transport/request';

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
	const values = {
		...withResolvedImageSize(spec.options),
		responseModalities: spec.responseModalities,
	};
	writeJsonBody(body, resolveWireFields(GEMINI_FIELDS, values, spec.model));
	return withAdditionalBodyFields(body, spec.options);
}

// Google takes at most 20 MB of inline data per request.
const MAX_INPUT_IMAGE_BYTES = 20 * 1024 * 1024;

async function execute(
	this: IExecuteFunctions,
	context: OperationContext,
): Promise<OperationResult> {
	const { itemIndex, model, options, fail } = context;
	const prompt = readPrompt.call(this, context);
	const responseModalities = this.getNodeParameter(
		'responseModalities',
		itemIndex,
		'IMAGE',
	) as string;
	// Gemini takes input images inline only: URLs are downloaded first.
	const limits = { maxBytes: MAX_INPUT_IMAGE_BYTES };
	const inputImages = await readOptionalInputImages.call(this, context, limits, {
		passUrlsThrough: false,
	});
	const images = inputImages?.kind === 'files' ? inputImages.images : [];
	const body = buildWithOptionChecks(fail, () =>
		buildGeminiBody({ prompt, images, responseModalities, options, model }),
	);
	const response = await callDGrid.call(
		this,
		{ method: 'POST', path: geminiPath(model), json: body },
		context,
	);
	const acceptTextOnly = responseModalities === IMAGE_AND_TEXT && options.acceptTextOnly === true;
	return imageAnswerResult(prompt, readGeminiResponse(response.body), acceptTextOnly);
}

/**
 * Gemini Generate Content: `POST /v1/models/{model}:generateContent`, Google's own request
 * shape passed through by DGrid. Input images travel inline (`inlineData`); every `inlineData`
 * part of the answer becomes an image.
 */
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
	execute,
};
