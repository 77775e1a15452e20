/**
 * The Model parameter through n8n-core's real engine: from node version 2 each operation has its
 * own (with its own default), saved version-1 workflows keep their shared `model`, and a model
 * that clearly belongs to another operation fails before anything is sent.
 */
import type { INodeParameters } from 'n8n-workflow';

import { DgridImages } from '../../nodes/DGridImages/DgridImages.node';
import { makeImage } from '../tools/gateway';
import { runWorkflow } from '../tools/harness';
import { credentialsFor, modelId, useGateway } from './support';

const gateway = useGateway();

const runVersion = (typeVersion: number, parameters: INodeParameters) =>
	runWorkflow({ node: { typeVersion, parameters }, credentials: credentialsFor(gateway) });

describe('the Model parameter from node version 2', () => {
	it('version 3 is the version new nodes get (the last one listed)', () => {
		const { description } = new DgridImages();
		expect(description.version).toEqual([1, 2, 3]);
		expect(description.defaultVersion).toBeUndefined();
	});

	it.each([
		['generate', '/v1/images/generations', 'gpt-image-1'],
		['qwenGenerate', '/v1/images/generations', 'qwen-image'],
		['geminiGenerateContent', '/v1/models/gemini-2.5-flash-image:generateContent', undefined],
		['chat', '/v1/chat/completions', 'gemini-2.5-flash-image'],
	])('%s sends its own default model when none is set', async (operation, path, bodyModel) => {
		const result = await runVersion(2, { operation, prompt: 'a lighthouse' });

		expect(result.error).toBeUndefined();
		expect(gateway.requests.map((request) => request.path)).toEqual([path]);
		if (bodyModel) expect((gateway.requests[0].json as { model?: string }).model).toBe(bodyModel);
	});

	it('a model set for Generate does not follow the node to another operation', async () => {
		// What the editor saves after picking dall-e-3 for Generate and switching to Chat.
		const result = await runVersion(2, {
			operation: 'chat',
			model: modelId('dall-e-3'),
			prompt: 'a lighthouse',
		});

		expect(result.error).toBeUndefined();
		expect((gateway.requests[0].json as { model?: string }).model).toBe('gemini-2.5-flash-image');
	});

	it('each operation reads its own parameter', async () => {
		const result = await runVersion(2, {
			operation: 'qwenGenerate',
			qwenModel: modelId('qwen-image-plus'),
			prompt: 'a lighthouse',
		});

		expect(result.error).toBeUndefined();
		expect((gateway.requests[0].json as { model?: string }).model).toBe('qwen-image-plus');
	});

	it('opens the picker in list mode, fitting models first', () => {
		const { description } = new DgridImages();
		const geminiModel = description.properties.find((property) => property.name === 'geminiModel');
		expect(geminiModel?.default).toEqual({ mode: 'list', value: 'gemini-2.5-flash-image' });
		expect(geminiModel?.displayOptions?.show).toEqual({
			'@version': [2, 3],
			operation: ['geminiGenerateContent'],
		});
	});
});

describe('Edit has its own Model from node version 3', () => {
	it('a model picked for Generate (dall-e-3, which cannot edit) does not follow the node to Edit', async () => {
		// What the editor saves after picking dall-e-3 for Generate and switching to Edit.
		const result = await runVersion(3, {
			operation: 'edit',
			model: modelId('dall-e-3'),
			imageSource: 'url',
			imageUrls: gateway.hostImage(makeImage('png', { width: 16, height: 16 }), 'png'),
			prompt: 'make it blue',
		});

		expect(result.error).toBeUndefined();
		expect((gateway.requests.at(-1)!.json as { model?: string }).model).toBe('gpt-image-1');
	});

	it('reads editModel', async () => {
		const result = await runVersion(3, {
			operation: 'edit',
			editModel: modelId('gpt-image-1-mini'),
			imageSource: 'url',
			imageUrls: gateway.hostImage(makeImage('png', { width: 16, height: 16 }), 'png'),
			prompt: 'make it blue',
		});

		expect(result.error).toBeUndefined();
		expect((gateway.requests.at(-1)!.json as { model?: string }).model).toBe('gpt-image-1-mini');
	});

	it('saved version-2 Edit workflows keep reading the `model` they share with Generate', async () => {
		const result = await runVersion(2, {
			operation: 'edit',
			model: modelId('gpt-image-1-mini'),
			imageSource: 'url',
			imageUrls: gateway.hostImage(makeImage('png', { width: 16, height: 16 }), 'png'),
			prompt: 'make it blue',
		});

		expect(result.error).toBeUndefined();
		expect((gateway.requests.at(-1)!.json as { model?: string }).model).toBe('gpt-image-1-mini');
	});
});

describe('saved version-1 workflows', () => {
	it('keep reading the shared `model` parameter', async () => {
		const result = await runVersion(1, {
			operation: 'geminiGenerateContent',
			model: modelId('gemini-3-pro-image-preview'),
			prompt: 'a lighthouse',
		});

		expect(result.error).toBeUndefined();
		expect(gateway.requests.map((request) => request.path)).toEqual([
			'/v1/models/gemini-3-pro-image-preview:generateContent',
		]);
	});

	it('keep the defaults they were saved with', async () => {
		const result = await runVersion(1, { operation: 'qwenGenerate', prompt: 'a lighthouse' });

		expect(result.error).toBeUndefined();
		expect((gateway.requests[0].json as { model?: string }).model).toBe('wanx-v1');
	});
});

describe('a model of another family', () => {
	it.each([
		[
			'geminiGenerateContent',
			'gpt-image-1',
			'an OpenAI-style image model (GPT Image, DALL·E, Imagen…)',
			'gemini-2.5-flash-image',
			'Generate or Edit',
		],
		[
			'qwenGenerate',
			'gemini-2.5-flash-image',
			'a Gemini model',
			'qwen-image',
			'Gemini Generate Content or Chat',
		],
		[
			'chat',
			'qwen-image-plus',
			'a Qwen Image or Wan model',
			'gemini-2.5-flash-image',
			'Qwen Generate or Qwen Edit',
		],
		[
			'generate',
			'gemini-2.5-flash-image',
			'a Gemini model',
			'gpt-image-1',
			'Gemini Generate Content or Chat',
		],
	])(
		'%s with %s fails before sending, naming a fitting model',
		async (operation, model, family, fitting, elsewhere) => {
			// Version 1 is where a model carried over from another operation can still reach execution.
			const result = await runVersion(1, {
				operation,
				model: modelId(model),
				prompt: 'a lighthouse',
			});

			expect(gateway.requests).toHaveLength(0);
			expect(result.error?.message).toContain(
				`failed for item 0: the model "${model}" is ${family}, which this operation cannot use`,
			);
			expect(result.error?.description).toBe(
				`Pick a model such as ${fitting} for this operation, or use ${elsewhere} for ${model}.`,
			);
		},
	);

	it('ids of no known family are sent as they are', async () => {
		const result = await runVersion(2, {
			operation: 'geminiGenerateContent',
			geminiModel: modelId('my-proxy/custom-model'),
			prompt: 'a lighthouse',
		});

		expect(gateway.requests.map((request) => request.path)).toEqual([
			'/v1/models/my-proxy/custom-model:generateContent',
		]);
		expect(result.error?.message ?? '').not.toContain('cannot use');
	});
});
