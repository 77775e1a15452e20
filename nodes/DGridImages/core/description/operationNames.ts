import type { INodePropertyOptions } from 'n8n-workflow';

import type { OperationValue } from '../operation';

interface OperationOption extends INodePropertyOptions {
	value: OperationValue;
	action: string;
}

/** The operation picker: names shown in n8n, in the order users meet them. */
export const OPERATION_OPTIONS: OperationOption[] = [
	{
		name: 'Generate',
		value: 'generate',
		action: 'Generate an image',
		description: 'Create images from a prompt (OpenAI image API: DALL·E, GPT Image, Imagen, Flux…)',
	},
	{
		name: 'Edit',
		value: 'edit',
		action: 'Edit an image',
		description:
			'Change one or more input images with a prompt and an optional mask (OpenAI image API)',
	},
	{
		name: 'Qwen Generate',
		value: 'qwenGenerate',
		action: 'Generate an image with Qwen',
		description: 'Create images with Qwen Image or Wan models (DashScope request shape)',
	},
	{
		name: 'Qwen Edit',
		value: 'qwenEdit',
		action: 'Edit an image with Qwen',
		description: 'Change images with an instruction using Qwen Image Edit models',
	},
	{
		name: 'Gemini Generate Content',
		value: 'geminiGenerateContent',
		action: 'Generate an image with Gemini',
		description: 'Create or edit images with Gemini image models (Gemini generateContent API)',
	},
	{
		name: 'Chat',
		value: 'chat',
		action: 'Generate an image in a chat',
		description: 'Ask an image-capable chat model (OpenAI chat completions API) and get its images',
	},
];

export function operationDisplayName(value: string): string {
	return OPERATION_OPTIONS.find((option) => option.value === value)?.name ?? value;
}
