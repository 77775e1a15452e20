/**
 * Qwen Generate / Qwen Edit through n8n-core's real engine against the test gateway: the exact
 * DashScope-shaped JSON DGrid receives, the downloaded images, and the gateway's Qwen quirks.
 */
import type { INodeParameters } from 'n8n-workflow';

import { makeImage, startGateway, toDataUrl } from '../tools/gateway';
import { runWorkflow } from '../tools/harness';
import type { NodeRun } from './support';
import {
	credentialsFor,
	modelId,
	onlyRequest,
	runNode,
	useGateway,
	withOperationModel,
} from './support';

const gateway = useGateway();

const run = (parameters: INodeParameters, extra?: NodeRun) => runNode(gateway, parameters, extra);
const cdnHost = () => new URL(gateway.cdnBaseUrl).host;

describe('Qwen Generate', () => {
	it('defaults in node version 1: wanx-v1, an asynchronous Wan task: input.prompt and n=1; the image downloaded without the key', async () => {
		const result = await runWorkflow({
			node: {
				typeVersion: 1,
				parameters: { operation: 'qwenGenerate', prompt: 'A serene mountain lake at dawn' },
			},
			credentials: credentialsFor(gateway),
		});
		expect(result.error).toBeUndefined();

		const request = onlyRequest(gateway);
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/v1/images/generations');
		expect(request.authorization).toBe(`Bearer ${gateway.apiKey}`);
		expect(request.json).toEqual({
			model: 'wanx-v1',
			input: { prompt: 'A serene mountain lake at dawn' },
			parameters: { n: 1 },
		});

		expect(gateway.produced).toHaveLength(1);
		const produced = gateway.produced[0];
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item.binary?.data.buffer.equals(produced.bytes)).toBe(true);
		expect(item.binary?.data.mimeType).toBe('image/png');
		expect(item.binary?.data.fileName).toBe('a-serene-mountain-lake-at-dawn-1-1.png');
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			model: 'wanx-v1',
			prompt: 'A serene mountain lake at dawn',
			// A task's rewritten prompt is only in metadata (results[].actual_prompt): the node reads it there.
			revisedPrompt: 'A serene mountain lake at dawn, highly detailed, soft natural light',
			url: produced.url,
			mimeType: 'image/png',
			width: produced.width,
			height: produced.height,
			imageCount: 1,
		});
		// The raw upstream answer the gateway passes on.
		const metadata = item.json.metadata as {
			output: { task_status: string; results: Array<{ url: string }> };
		};
		expect(metadata.output.task_status).toBe('SUCCEEDED');
		expect(metadata.output.results[0].url).toBe(produced.url);
		expect(item.json).not.toHaveProperty('b64_json');

		expect(gateway.cdnRequests).toHaveLength(1);
		expect(gateway.cdnRequests[0].hadAuthorization).toBe(false);
	});

	it('sends every option under parameters (WxH converted), the negative prompt in the text; one item per image', async () => {
		const result = await run({
			operation: 'qwenGenerate',
			model: modelId('qwen-image'),
			prompt: 'A lighthouse in a storm',
			options: {
				size: '1280x720',
				n: 3,
				seed: 1234,
				promptExtend: false,
				watermark: true,
				negativePrompt: 'people, text',
			},
		});
		expect(result.error).toBeUndefined();
		expect(onlyRequest(gateway).json).toEqual({
			model: 'qwen-image',
			input: {
				messages: [
					{ role: 'user', content: [{ text: 'A lighthouse in a storm\n\nAvoid: people, text' }] },
				],
			},
			parameters: { size: '1280*720', n: 3, seed: 1234, prompt_extend: false, watermark: true },
		});
		expect(gateway.produced).toHaveLength(3);
		expect(result.items).toHaveLength(3);
		result.items.forEach((item, index) => {
			expect(item.binary?.data.buffer.equals(gateway.produced[index].bytes)).toBe(true);
			expect(item.json).toMatchObject({
				imageIndex: index,
				imageCount: 3,
				negativePrompt: 'people, text',
			});
			expect(item.pairedItem).toEqual({ item: 0 });
		});
		// A synchronous model's metadata: DashScope's choices, the one record of all three images.
		expect(result.items[0].json.metadata).toMatchObject({ usage: { image_count: 3 } });
	});

	it('negative prompt as DashScope parameter on request (newer gateways read it)', async () => {
		const result = await run({
			operation: 'qwenGenerate',
			model: modelId('wan2.6-t2i'),
			prompt: 'A red fox',
			options: { negativePrompt: 'blur', negativePromptDelivery: 'parameter', size: '1024*1024' },
		});
		expect(result.error).toBeUndefined();
		expect(JSON.parse(onlyRequest(gateway).rawBody.toString('utf8'))).toEqual({
			model: 'wan2.6-t2i',
			input: { messages: [{ role: 'user', content: [{ text: 'A red fox' }] }] },
			parameters: { size: '1024*1024', negative_prompt: 'blur' },
		});
		expect(result.items).toHaveLength(1);
	});

	it('a size that is not width*height fails the item before anything is sent', async () => {
		const result = await run(
			{ operation: 'qwenGenerate', prompt: 'x', options: { size: '16:9' } },
			{ continueOnFail: true },
		);
		expect(gateway.requests).toHaveLength(0);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toBe(
			'Qwen Generate failed for item 0: Size "16:9" is not width*height in pixels, e.g. 1024*1024',
		);
	});

	it('several input items: one request each, results paired with their item, all images on one item', async () => {
		const result = await run(
			{
				operation: 'qwenGenerate',
				model: modelId('qwen-image-plus'),
				prompt: '={{ $json.subject }}',
				options: { outputMode: 'oneItem', n: 2 },
			},
			{ input: [{ json: { subject: 'a cat' } }, { json: { subject: 'a dog' } }] },
		);
		expect(result.error).toBeUndefined();
		const texts = gateway.requests
			.map(
				(r) =>
					(r.json as { input: { messages: Array<{ content: Array<{ text: string }> }> } }).input
						.messages[0].content[0].text,
			)
			.sort();
		expect(texts).toEqual(['a cat', 'a dog']);
		expect(result.items).toHaveLength(2);
		result.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(Object.keys(item.binary ?? {})).toEqual(['data', 'data_1']);
			expect(item.json.prompt).toBe(index === 0 ? 'a cat' : 'a dog');
			const urls = (item.json.images as Array<{ url: string }>).map((image) => image.url);
			urls.forEach((url, i) => {
				const produced = gateway.produced.find((p) => p.url === url);
				expect(item.binary?.[i === 0 ? 'data' : 'data_1'].buffer.equals(produced!.bytes)).toBe(
					true,
				);
			});
		});
	});

	it('with downloads off the items carry the URLs only and the CDN is not asked', async () => {
		const result = await run({
			operation: 'qwenGenerate',
			prompt: 'x',
			options: { downloadImages: false },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].binary).toBeUndefined();
		expect(result.items[0].json.url).toBe(gateway.produced[0].url);
		expect(gateway.cdnRequests).toHaveLength(0);
	});
});

describe('Qwen Edit', () => {
	const png = makeImage('png', { width: 40, height: 30, seed: 1 });
	const jpeg = makeImage('jpeg', { width: 32, height: 32, seed: 2 });

	it('one binary input: sent as a data: URL image part before the instruction', async () => {
		const result = await run(
			{ operation: 'qwenEdit', prompt: 'Make the sky purple' },
			{
				input: [
					{
						json: {},
						binary: { data: { data: png, mimeType: 'image/png', fileName: 'photo.png' } },
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		const request = onlyRequest(gateway);
		expect(request.path).toBe('/v1/images/edits');
		expect(request.json).toEqual({
			model: 'qwen-image-edit',
			input: {
				messages: [
					{
						role: 'user',
						content: [{ image: toDataUrl(png, 'image/png') }, { text: 'Make the sky purple' }],
					},
				],
			},
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].binary?.data.buffer.equals(gateway.produced[0].bytes)).toBe(true);
		expect(result.items[0].json.revisedPrompt).toBe(
			'Make the sky purple, highly detailed, soft natural light',
		);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('several binary inputs, in field order, MIME type from the bytes; options apply to edits too', async () => {
		const result = await run(
			{
				operation: 'qwenEdit',
				model: modelId('qwen-image-edit-plus'),
				prompt: 'Put the person from image 1 into the scene of image 2',
				binaryPropertyNames: 'first, second',
				options: {
					n: 2,
					seed: 5,
					watermark: false,
					size: '512 x 512',
					negativePrompt: 'extra fingers',
				},
			},
			{
				input: [
					{
						json: {},
						binary: {
							first: { data: png, mimeType: 'application/octet-stream', fileName: 'a.bin' },
							second: { data: jpeg, mimeType: 'image/jpeg', fileName: 'b.jpg' },
						},
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(onlyRequest(gateway).json).toEqual({
			model: 'qwen-image-edit-plus',
			input: {
				messages: [
					{
						role: 'user',
						content: [
							{ image: toDataUrl(png, 'image/png') },
							{ image: toDataUrl(jpeg, 'image/jpeg') },
							{
								text: 'Put the person from image 1 into the scene of image 2\n\nAvoid: extra fingers',
							},
						],
					},
				],
			},
			parameters: { size: '512*512', n: 2, seed: 5, watermark: false },
		});
		expect(result.items).toHaveLength(2);
		result.items.forEach((item, index) => {
			expect(item.binary?.data.buffer.equals(gateway.produced[index].bytes)).toBe(true);
		});
	});

	it('URL inputs are passed through as they are (https and data: URLs)', async () => {
		const hosted = gateway.hostImage(png, 'png');
		const external = 'https://images.example.com/product.jpg?sig=abc';
		const inline = toDataUrl(jpeg, 'image/jpeg');
		const result = await run({
			operation: 'qwenEdit',
			prompt: 'Remove the background',
			imageSource: 'url',
			imageUrls: `${hosted}\n${external}, ${inline}`,
		});
		expect(result.error).toBeUndefined();
		expect(onlyRequest(gateway).json).toEqual({
			model: 'qwen-image-edit',
			input: {
				messages: [
					{
						role: 'user',
						content: [
							{ image: hosted },
							{ image: external },
							{ image: inline },
							{ text: 'Remove the background' },
						],
					},
				],
			},
		});
		// Only the result was downloaded; the input URLs were left to DGrid.
		expect(gateway.cdnRequests.map((r) => r.path)).toEqual([
			new URL(gateway.produced[0].url!).pathname,
		]);
	});

	it('reads input files in filesystem binary mode too', async () => {
		const result = await runWorkflow({
			node: { parameters: { operation: 'qwenEdit', prompt: 'Sharpen' } },
			credentials: credentialsFor(gateway),
			input: [
				{ json: {}, binary: { data: { data: jpeg, mimeType: 'image/jpeg', fileName: 'in.jpg' } } },
			],
			binaryMode: 'filesystem',
		});
		expect(result.error).toBeUndefined();
		const content = (
			onlyRequest(gateway).json as { input: { messages: Array<{ content: unknown[] }> } }
		).input.messages[0].content;
		expect(content).toEqual([{ image: toDataUrl(jpeg, 'image/jpeg') }, { text: 'Sharpen' }]);
		expect(result.items[0].binary?.data.buffer.equals(gateway.produced[0].bytes)).toBe(true);
	});

	it('a prompt that resolves to nothing is an item error, nothing is sent', async () => {
		const result = await run(
			{
				operation: 'qwenEdit',
				prompt: '={{ $json.p }}',
				imageSource: 'url',
				imageUrls: 'https://example.com/a.png',
			},
			{ input: [{ json: { p: '  ' } }], continueOnFail: true },
		);
		expect(gateway.requests).toHaveLength(0);
		expect(result.items[0].json.error).toBe('Qwen Edit failed for item 0: the prompt is empty');
	});

	it('a missing binary field is an item error naming the field', async () => {
		const result = await run(
			{ operation: 'qwenEdit', prompt: 'x', binaryPropertyNames: 'photo' },
			{
				input: [{ json: {}, binary: { data: { data: png, mimeType: 'image/png' } } }],
				continueOnFail: true,
			},
		);
		expect(gateway.requests).toHaveLength(0);
		expect(result.items[0].json.error).toBe(
			'Qwen Edit failed for item 0: the item has no binary field "photo"',
		);
	});
});

describe('gateway quirks', () => {
	it('HTTP 200 carrying {"error":{…,"type":"ali_error"}} fails the item with DashScope\'s message', async () => {
		gateway.queueResponse({
			route: 'generations',
			json: {
				error: {
					message: 'Input data may contain inappropriate content. (request id: 2025abc)',
					type: 'ali_error',
					code: 'DataInspectionFailed',
				},
			},
		});
		const result = await run(
			{ operation: 'qwenGenerate', prompt: 'something', options: { maxRetries: 0 } },
			{ continueOnFail: true },
		);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].binary).toBeUndefined();
		// DashScope's content inspection is a refusal, and reads as one.
		expect(result.items[0].json.error).toBe(
			'Qwen Generate failed for item 0: the model refused the prompt — content inspection (HTTP 200)',
		);
		expect(result.items[0].json.details).toBe(
			'DGrid said: Input data may contain inappropriate content. (request id: 2025abc)\n' +
				'Rephrase the prompt (or change the input images); the same request is refused again.\n' +
				'Code: DataInspectionFailed\nRequest ID: 2025abc',
		);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('without continue-on-fail the 200-with-error stops the node with the item named', async () => {
		gateway.queueFault({ kind: 'errorIn200', route: 'edits' });
		const result = await run({
			operation: 'qwenEdit',
			prompt: 'x',
			imageSource: 'url',
			imageUrls: 'https://example.com/a.png',
		});
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toBe(
			'Qwen Edit failed for item 0: the model refused the prompt — content inspection (HTTP 200)',
		);
		expect(result.error?.description).toContain('Input data may contain inappropriate content.');
	});

	it('"" in unused data fields; a text-only entry is no image but its text is the error reason', async () => {
		const url = gateway.hostImage(makeImage('webp', { width: 20, height: 20 }), 'webp');
		gateway.queueResponse({
			route: 'generations',
			json: {
				created: 1735689600,
				data: [{ url, b64_json: '', revised_prompt: '' }],
				metadata: { request_id: 'r1' },
			},
		});
		gateway.queueResponse({
			route: 'generations',
			json: {
				created: 1735689600,
				data: [{ url: '', b64_json: '', revised_prompt: 'I can only describe it: a fox.' }],
				metadata: {
					output: {
						choices: [{ message: { content: [{ text: 'I can only describe it: a fox.' }] } }],
					},
				},
			},
		});
		const result = await run(
			{
				operation: 'qwenGenerate',
				model: modelId('qwen-image'),
				prompt: '={{ $json.p }}',
				options: { concurrency: 1 },
			},
			{ input: [{ json: { p: 'one' } }, { json: { p: 'two' } }], continueOnFail: true },
		);
		expect(result.items).toHaveLength(2);
		expect(result.items[0].binary?.data.mimeType).toBe('image/webp');
		expect(result.items[0].binary?.data.fileExtension).toBe('webp');
		expect(result.items[0].json).not.toHaveProperty('revisedPrompt');
		expect(result.items[0].json.metadata).toEqual({ request_id: 'r1' });
		expect(result.items[1].json.error).toBe(
			"Qwen Generate failed for item 1: DGrid's answer contains no image",
		);
		expect(result.items[1].json.details).toBe(
			'The model answered with text only: "I can only describe it: a fox."',
		);
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
	});

	it('a result URL that 404s fails with the CDN host named, never the key', async () => {
		gateway.queueFault({ kind: 'cdnStatus', status: 404 });
		const result = await run({ operation: 'qwenGenerate', prompt: 'x' }, { continueOnFail: true });
		expect(result.items[0].json.error).toBe(
			`Qwen Generate failed for item 0: could not download the image from ${cdnHost()}`,
		);
		expect(result.items[0].json.details).toBe('The server answered HTTP 404.');
		expect(JSON.stringify(result.items[0].json)).not.toContain(gateway.apiKey);
		expect(gateway.cdnRequests[0].hadAuthorization).toBe(false);
	});

	it('a result URL that returns non-image bytes fails with the CDN host named', async () => {
		gateway.queueFault({ kind: 'cdnNotImage' });
		const result = await run({ operation: 'qwenGenerate', prompt: 'x' }, { continueOnFail: true });
		expect(result.items[0].json.error).toBe(
			`Qwen Generate failed for item 0: image 1 from DGrid (downloaded from ${cdnHost()}) is not an image`,
		);
		expect(result.items[0].json.details).toMatch(
			/^Received \d+ bytes starting with "<!DOCTYPE html><"\.$/,
		);
		expect(JSON.stringify(result.items[0].json)).not.toContain(gateway.apiKey);
	});
});

describe('slow answers', () => {
	it('an asynchronous model answering after 2.5 s succeeds with the default timeout', async () => {
		const slow = await startGateway({ asyncLatencyMs: 2500 });
		try {
			const started = Date.now();
			const result = await runWorkflow({
				node: {
					parameters: withOperationModel({
						operation: 'qwenGenerate',
						model: modelId('wanx-v1'),
						prompt: 'a slow lake',
					}) as INodeParameters,
				},
				credentials: credentialsFor(slow),
			});
			expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			expect(result.items[0].binary?.data.buffer.equals(slow.produced[0].bytes)).toBe(true);
		} finally {
			await slow.close();
		}
	});

	it('the Timeout option reaches the HTTP client: 1 s against a 2.5 s answer fails clearly', async () => {
		gateway.setLatency(2500);
		const result = await run(
			{
				operation: 'qwenEdit',
				prompt: 'x',
				imageSource: 'url',
				imageUrls: 'https://example.com/a.png',
				options: { timeout: 1, maxRetries: 0 },
			},
			{ continueOnFail: true },
		);
		expect(result.items[0].json.error).toBe(
			'Qwen Edit failed for item 0: DGrid did not answer within 1 s (the Timeout option)',
		);
	});
});
