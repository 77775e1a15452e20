/**
 * Answers with large images, read as they arrive (transport/jsonStream): each image's base64
 * is decoded piece by piece from the HTTP body — `b64_json`, Gemini `inlineData.data`, a data
 * URL inside chat markdown, a URL result downloaded from the CDN — and comes out byte for byte,
 * in both binary modes. An answer that is not JSON is quoted and says where it breaks.
 */
import type { IDataObject } from 'n8n-workflow';

import type { NodeRun } from './support';
import { credentialsFor, modelId, useGateway, withOperationModel } from './support';
import { runWorkflow } from '../tools/harness';

// 1024-pixel images: a PNG of about 330 KB, a WebP of about 3 MB; their base64 spans many reads.
const gateway = useGateway({ maxImageSide: 1024 });

const run = (
	parameters: IDataObject,
	binaryMode: 'default' | 'filesystem',
	{ continueOnFail }: NodeRun = {},
) =>
	runWorkflow({
		node: {
			parameters: withOperationModel(parameters) as never,
			...(continueOnFail ? { continueOnFail } : {}),
		},
		credentials: credentialsFor(gateway),
		binaryMode,
		input: [{ json: { n: 1 } }],
		timeoutMs: 60_000,
	});

const OPERATIONS: Array<[string, IDataObject]> = [
	[
		'Generate (b64_json)',
		{
			operation: 'generate',
			model: modelId('gpt-image-1'),
			prompt: 'a fox',
			options: { size: '1024x1024' },
		},
	],
	[
		'Generate (b64_json, WebP of 3 MB)',
		{
			operation: 'generate',
			model: modelId('gpt-image-1'),
			prompt: 'a fox',
			options: { size: '1024x1024', outputFormat: 'webp' },
		},
	],
	[
		'Gemini Generate Content (inlineData)',
		{
			operation: 'geminiGenerateContent',
			model: modelId('gemini-2.5-flash-image'),
			prompt: 'a fox',
			options: { imageSize: '1K' },
		},
	],
	[
		'Chat (data URL in markdown)',
		{
			operation: 'chat',
			model: modelId('gemini-2.5-flash-image'),
			prompt: 'a fox [dgrid:format=webp]',
		},
	],
	[
		'Qwen Generate (URL result, downloaded)',
		{
			operation: 'qwenGenerate',
			model: modelId('qwen-image'),
			prompt: 'a fox',
			options: { size: '1024*1024' },
		},
	],
];

describe.each(['default', 'filesystem'] as const)('large images, %s binary mode', (binaryMode) => {
	it.each(OPERATIONS)('%s: the image comes out byte for byte', async (_name, parameters) => {
		const result = await run(parameters, binaryMode);

		expect(result.error).toBeUndefined();
		expect(gateway.produced).toHaveLength(1);
		const [produced] = gateway.produced;
		expect(produced.bytes.length).toBeGreaterThan(100_000);
		const [item] = result.items;
		expect(item.binary?.data.buffer.equals(produced.bytes)).toBe(true);
		expect(item.json.fileSize).toBe(produced.bytes.length);
		expect(item.json.width).toBe(produced.width);
	});
});

describe('answers that are not JSON', () => {
	it('an answer cut off mid-value: the error quotes its start and says where it ends', async () => {
		const result = await run(
			{
				operation: 'generate',
				model: modelId('gpt-image-1'),
				prompt: 'a fox [dgrid:fault=malformedJson]',
				options: { maxRetries: 0 },
			},
			'default',
			{ continueOnFail: true },
		);

		expect(result.items[0].json.error).toBe(
			"Generate failed for item 0: DGrid's answer is not valid JSON (HTTP 200)",
		);
		expect(result.items[0].json.details).toMatch(
			/^Start of the answer: \{"created":1735689600,"data":\[\{"url":"","b64_json":"iVBORw0KGgoAAAANSUhEUgAA \(the answer ends in the middle of the JSON, after \d+ characters\)$/,
		);
	});
});

/**
 * Large answers (1 MB and more) are read in turn within a budget of 16 MB at once
 * (transport/readingBudget.ts): the 4 MB answers of a 3 MB WebP go four at a time.
 */
describe('large answers of many items, read in turn', () => {
	const webp = {
		operation: 'generate',
		model: modelId('gpt-image-1'),
		prompt: '={{ $json.prompt }}',
		options: { size: '1024x1024', outputFormat: 'webp', timeout: 60 },
	};
	const input = (prompts: string[]) => prompts.map((prompt) => ({ json: { prompt } }));

	it('every image of every item comes out byte for byte, each on its own item', async () => {
		const prompts = ['a fox', 'a cat', 'a lake', 'a tree', 'a boat', 'a bird', 'a hill'];
		const result = await runWorkflow({
			node: { parameters: withOperationModel(webp) as never },
			credentials: credentialsFor(gateway),
			binaryMode: 'filesystem',
			input: input(prompts),
			timeoutMs: 120_000,
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(prompts.length);
		expect(gateway.produced).toHaveLength(prompts.length);
		for (const [index, item] of result.items.entries()) {
			const produced = gateway.produced.find((image) =>
				image.bytes.equals(item.binary!.data.buffer),
			);
			expect(produced).toBeDefined();
			expect(produced!.bytes.length).toBeGreaterThan(1_000_000);
			expect(item.json.prompt).toBe(prompts[index]);
		}
		expect(
			new Set(result.items.map((item) => item.binary!.data.buffer.toString('base64'))).size,
		).toBe(prompts.length);
	});

	it('a stop while items hold the budget or wait for it: every item canceled, none left waiting', async () => {
		// Four answers of 4 MB that stall part-way hold the whole budget; the fifth waits.
		const stalled = 'a fox [dgrid:bytes=3000000] [dgrid:fault=stall] [dgrid:after=200000]';
		const result = await runWorkflow({
			node: { parameters: withOperationModel(webp) as never, continueOnFail: true },
			credentials: credentialsFor(gateway),
			input: input([stalled, stalled, stalled, stalled, 'a cat [dgrid:bytes=3000000]']),
			cancelAfterMs: 1500,
			timeoutMs: 30_000,
		});

		expect(result.items.map((item) => item.json.error)).toEqual(
			[0, 1, 2, 3, 4].map(
				(item) => `Generate for item ${item} canceled: the execution was stopped`,
			),
		);
		expect(gateway.requests.map((request) => request.status)).toEqual([200, 200, 200, 200, 200]);
	});
});
