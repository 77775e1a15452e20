import type { IDataObject } from 'n8n-workflow';

import { resolveSize } from './size';
import { isDallE, isDallE2, isDallE3, isGptImage } from '../core/description/models';
import type { Fail } from '../core/request/itemErrors';
import { requirePrompt } from '../core/request/itemErrors';
import type { WireField, WireValue } from '../core/request/wireFields';
import { resolveWireFields } from '../core/request/wireFields';

/** The wire values of Generate or Edit, and what the node did with the options. */
export interface OpenAiImageRequestValues {
	values: WireValue[];
	/** "Style (not used by gpt-image-1)": set by the user, left out for this model. */
	ignoredOptions: string[];
	/** How the aspect ratio was honoured, when it became a size. */
	sizeNote?: string;
}

const isSet = (value: unknown) =>
	value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');

function checkCombinations(options: IDataObject, model: string, fail: Fail) {
	if (isDallE(model)) return;
	const format = options.outputFormat === undefined ? 'png' : String(options.outputFormat);
	if (isSet(options.outputCompression) && format === 'png') {
		throw fail(
			'Output Compression only works with Output Format JPEG or WebP',
			'PNG output is lossless. Set Output Format to JPEG or WebP, or remove Output Compression.',
		);
	}
	if (options.background === 'transparent' && format === 'jpeg') {
		throw fail(
			'a transparent background is not possible with JPEG output',
			'Set Output Format to PNG or WebP, or Background to Auto or Opaque.',
		);
	}
}

/**
 * Turns the Options of Generate and Edit into wire values: size and aspect ratio resolved
 * per model, cross-option checks done before anything is sent, and every option the model
 * does not take reported instead of silently dropped.
 */
export function resolveOpenAiImageOptions(
	fields: WireField[],
	options: IDataObject,
	model: string,
	fail: Fail,
): OpenAiImageRequestValues {
	checkCombinations(options, model, fail);
	const prepared: IDataObject = { ...options };
	const sized = resolveSize(
		{
			size: options.size as string | undefined,
			customSize: options.customSize as string | undefined,
			aspectRatio: options.aspectRatio as string | undefined,
		},
		model,
		fail,
	);
	prepared.size = sized.size;
	prepared.aspectRatio = sized.aspectRatio;
	delete prepared.customSize;

	const ignoredOptions = fields
		.filter(
			(field) => isSet(prepared[field.property.name]) && field.appliesTo && !field.appliesTo(model),
		)
		.map((field) => `${field.property.displayName} (not used by ${model})`);
	return {
		values: resolveWireFields(fields, prepared, model),
		ignoredOptions,
		...(sized.note ? { sizeNote: sized.note } : {}),
	};
}

/** The longest prompt each family takes; other models are left to judge their own. */
export function promptLimit(model: string): number | undefined {
	if (isDallE2(model)) return 1000;
	if (isDallE3(model)) return 4000;
	if (isGptImage(model)) return 32000;
	return undefined;
}

export function checkPrompt(prompt: string, model: string, fail: Fail): string {
	requirePrompt(prompt, fail);
	const limit = promptLimit(model);
	if (limit !== undefined && prompt.length > limit) {
		throw fail(
			`the prompt is ${prompt.length} characters long, ${model} takes at most ${limit}`,
			'Shorten the prompt.',
		);
	}
	return prompt;
}
