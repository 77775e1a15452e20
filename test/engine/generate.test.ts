/**
 * Generate (POST /v1/images/generations) through n8n-core's real WorkflowExecute against the
 * test gateway: the exact request per option, the output items, URL downloads and errors.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { makeImage } from '../tools/gateway';
import { runWorkflow, type InputItem, type ResultItem, type RunResult } from '../tools/harness';
import { credentialsFor, modelId, useGateway } from './support';

const gateway = useGateway();

interface GenerateRun {
	model?: string;
	prompt?: string;
	options?: INodeParameters;
	input?: InputItem[];
	continueOnFail?: boolean;
}

function generate({
	model,
	prompt = 'a red fox in snow',
	options,
	input,
	continueOnFail,
}: GenerateRun): Promise<RunResult> {
	return runWorkflow({
		node: {
			parameters: {
				operation: 'generate',
				...(model ? { model: modelId(model) } : {}),
				prompt,
				...(options ? { options } : {}),
			},
			...(continueOnFail !== undefined ? { continueOnFail } : {}),
		},
		credentials: credentialsFor(gateway),
		input,
	});
}

const bodies = () => gateway.requests.map((request) => request.json);

/** The bytes the gateway produced for an output item: by URL when it has one, else by order. */
function producedFor(item: ResultItem, index: number): Buffer {
	const url = item.json.url as string | undefined;
	const produced = url
		? gateway.produced.find((image) => image.url === url)
		: gateway.produced[index];
	if (!produced) throw new Error(`no produced image for output ${index}`);
	return produced.bytes;
}

function expectImagesFromGateway(
	result: RunResult,
	format: { mimeType: string; extension: string },
) {
	expect(result.error).toBeUndefined();
	result.items.forEach((item, index) => {
		const binary = item.binary!.data;
		expect(binary.buffer.equals(producedFor(item, index))).toBe(true);
		expect(binary.mimeType).toBe(format.mimeType);
		expect(binary.fileExtension).toBe(format.extension);
		expect(binary.fileName).toMatch(new RegExp(`\\.${format.extension}$`));
		expect(item.json.mimeType).toBe(format.mimeType);
	});
}

const PNG = { mimeType: 'image/png', extension: 'png' };

describe('request per option', () => {
	it('default: gpt-image-1, only model and prompt on the wire, one PNG item with usage', async () => {
		const result = await generate({});

		expect(bodies()).toEqual([{ model: 'gpt-image-1', prompt: 'a red fox in snow' }]);
		expect(gateway.requests[0].authorization).toBe(`Bearer ${gateway.apiKey}`);
		expect(result.items).toHaveLength(1);
		expectImagesFromGateway(result, PNG);
		const [item] = result.items;
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.binary!.data.fileName).toBe('a-red-fox-in-snow-1-1.png');
		expect(item.json).toMatchObject({
			model: 'gpt-image-1',
			prompt: 'a red fox in snow',
			usage: expect.objectContaining({ total_tokens: expect.any(Number) }),
			imageIndex: 0,
			imageCount: 1,
		});
	});

	it('gpt-image-1 with every option: all GPT Image fields sent, style and response format left out and reported', async () => {
		const result = await generate({
			model: 'gpt-image-1',
			options: {
				n: 2,
				size: '1024x1536',
				quality: 'high',
				background: 'transparent',
				moderation: 'low',
				outputFormat: 'webp',
				outputCompression: 80,
				user: 'user-42',
				style: 'natural',
				responseFormat: 'url',
			},
		});

		expect(bodies()).toEqual([
			{
				model: 'gpt-image-1',
				prompt: 'a red fox in snow',
				n: 2,
				size: '1024x1536',
				quality: 'high',
				user: 'user-42',
				background: 'transparent',
				moderation: 'low',
				output_format: 'webp',
				output_compression: 80,
			},
		]);
		expect(result.items).toHaveLength(2);
		expectImagesFromGateway(result, { mimeType: 'image/webp', extension: 'webp' });
		expect(result.items[1].json).toMatchObject({
			imageIndex: 1,
			imageCount: 2,
			ignoredOptions: [
				'Style (not used by gpt-image-1)',
				'Response Format (not used by gpt-image-1)',
			],
		});
	});

	it('dall-e-3 with b64_json, hd-mapped quality, style, size and user; GPT Image options not sent', async () => {
		const result = await generate({
			model: 'dall-e-3',
			options: {
				size: '1792x1024',
				quality: 'high',
				style: 'natural',
				responseFormat: 'b64_json',
				user: 'u1',
				background: 'opaque',
				moderation: 'low',
				outputFormat: 'jpeg',
				outputCompression: 50,
			},
		});

		expect(bodies()).toEqual([
			{
				model: 'dall-e-3',
				prompt: 'a red fox in snow',
				size: '1792x1024',
				quality: 'hd',
				style: 'natural',
				response_format: 'b64_json',
				user: 'u1',
			},
		]);
		expectImagesFromGateway(result, PNG);
		expect(gateway.produced[0].url).toBeUndefined();
		expect(result.items[0].json.revisedPrompt).toBe(
			'A detailed, vivid illustration of: a red fox in snow',
		);
		expect(result.items[0].json.ignoredOptions).toHaveLength(4);
	});

	it('dall-e-3 with n=3: three requests with n=1, run concurrently, three items in order', async () => {
		gateway.setLatency(150);
		const started = Date.now();
		const result = await generate({ model: 'dall-e-3', options: { n: 3, quality: 'standard' } });
		const elapsed = Date.now() - started;

		expect(bodies()).toEqual(
			Array.from({ length: 3 }, () => ({
				model: 'dall-e-3',
				prompt: 'a red fox in snow',
				n: 1,
				quality: 'standard',
			})),
		);
		expect(result.items).toHaveLength(3);
		expectImagesFromGateway(result, PNG);
		// Three different images, each downloaded once.
		const urls = result.items.map((item) => item.json.url);
		expect(new Set(urls).size).toBe(3);
		expect(result.items.map((item) => item.json.imageIndex)).toEqual([0, 1, 2]);
		expect(result.items[0].json.requestCount).toBe(3);
		// Sequential requests would take at least 3 × 150 ms.
		expect(elapsed).toBeLessThan(3 * 150 + 400);
	});

	it('dall-e-2: size and response format url sent, quality never; the URL is downloaded without the key', async () => {
		const result = await generate({
			model: 'dall-e-2',
			options: { size: '512x512', responseFormat: 'url', quality: 'hd', n: 2 },
		});

		expect(bodies()).toEqual([
			{
				model: 'dall-e-2',
				prompt: 'a red fox in snow',
				n: 2,
				size: '512x512',
				response_format: 'url',
			},
		]);
		expectImagesFromGateway(result, PNG);
		expect(result.items.map((item) => item.json.url)).toEqual(
			gateway.produced.map((image) => image.url),
		);
		expect(gateway.cdnRequests).toHaveLength(2);
		expect(
			gateway.cdnRequests.every((request) => !request.hadAuthorization && request.status === 200),
		).toBe(true);
		expect(result.items[0].json.ignoredOptions).toEqual(['Quality (not used by dall-e-2)']);
	});

	it('Download Image URLs off: items carry the URLs only, nothing is fetched', async () => {
		const result = await generate({ model: 'dall-e-3', options: { downloadImages: false } });

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].binary).toBeUndefined();
		expect(result.items[0].json.url).toBe(gateway.produced[0].url);
		expect(gateway.cdnRequests).toHaveLength(0);
	});

	it('custom size for a model without a size list: sent as typed', async () => {
		await generate({ model: 'flux-pro', options: { size: 'custom', customSize: '1344x768' } });

		expect(bodies()).toEqual([
			{ model: 'flux-pro', prompt: 'a red fox in snow', size: '1344x768' },
		]);
	});

	it('aspect ratio becomes the closest size for gpt-image-1 (precedence over size)', async () => {
		const result = await generate({
			model: 'gpt-image-1',
			options: { size: '1024x1024', aspectRatio: '16:9' },
		});

		expect(bodies()).toEqual([
			{ model: 'gpt-image-1', prompt: 'a red fox in snow', size: '1536x1024' },
		]);
		expect(result.items[0].json.sizeNote).toBe(
			'Aspect ratio 16:9 sent as size 1536x1024, the closest size gpt-image-1 supports.',
		);
	});

	it('Imagen: the aspect ratio as size "W:H" (what the gateway reads), quality passed on', async () => {
		await generate({
			model: 'imagen-4.0-generate-001',
			options: { aspectRatio: '9:16', quality: 'hd' },
		});

		expect(bodies()).toEqual([
			{
				model: 'imagen-4.0-generate-001',
				prompt: 'a red fox in snow',
				size: '9:16',
				quality: 'hd',
			},
		]);
		expect(gateway.requests.map((request) => request.status)).toEqual([200]);
	});
});

describe('output items', () => {
	it('n images × input items, pairedItem to the right input, prompts from expressions', async () => {
		const result = await runWorkflow({
			node: {
				parameters: {
					operation: 'generate',
					model: modelId('gpt-image-1'),
					prompt: '={{ $json.subject }}',
					options: { n: 2, concurrency: 3 },
				},
			},
			credentials: credentialsFor(gateway),
			input: [
				{ json: { subject: 'a cat' } },
				{ json: { subject: 'a dog' } },
				{ json: { subject: 'a cow' } },
			],
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(6);
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			[0, 0, 1, 1, 2, 2].map((item) => ({ item })),
		);
		expect(result.items.map((item) => item.json.prompt)).toEqual([
			'a cat',
			'a cat',
			'a dog',
			'a dog',
			'a cow',
			'a cow',
		]);
		expect(result.items.map((item) => item.binary!.data.fileName)).toEqual([
			'a-cat-1-1.png',
			'a-cat-1-2.png',
			'a-dog-2-1.png',
			'a-dog-2-2.png',
			'a-cow-3-1.png',
			'a-cow-3-2.png',
		]);
		// Each item's bytes are among what the gateway produced for that item's request.
		for (const item of result.items) {
			const request = gateway.requests.findIndex(
				(r) => (r.json as IDataObject).prompt === item.json.prompt,
			);
			const producedForRequest = gateway.produced
				.slice(request * 2, request * 2 + 2)
				.map((image) => image.bytes);
			expect(producedForRequest.some((bytes) => bytes.equals(item.binary!.data.buffer))).toBe(true);
		}
	});

	it('All Images on One Item: data, data_1 on one item per input', async () => {
		const result = await generate({
			options: { n: 2, outputMode: 'oneItem', binaryPropertyName: 'picture' },
		});

		expect(result.items).toHaveLength(1);
		expect(Object.keys(result.items[0].binary!)).toEqual(['picture', 'picture_1']);
		expect(result.items[0].binary!.picture.buffer.equals(gateway.produced[0].bytes)).toBe(true);
		expect(result.items[0].binary!.picture_1.buffer.equals(gateway.produced[1].bytes)).toBe(true);
		expect(result.items[0].json.imageCount).toBe(2);
	});

	it('MIME type and extension come from the bytes: JPEG served as .png, and JPEG in a data URL declared PNG', async () => {
		const jpeg = makeImage('jpeg', { width: 16, height: 8, seed: 3 });
		const url = gateway.hostImage(jpeg, 'png');
		gateway.queueResponse({
			route: 'generations',
			json: {
				created: 1,
				data: [
					{ url, b64_json: '', revised_prompt: '' },
					{
						url: '',
						b64_json: `data:image/png;base64,${jpeg.toString('base64')}`,
						revised_prompt: '',
					},
				],
			},
		});
		const result = await generate({ model: 'dall-e-2' });

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		for (const item of result.items) {
			expect(item.binary!.data.buffer.equals(jpeg)).toBe(true);
			expect(item.binary!.data).toMatchObject({ mimeType: 'image/jpeg', fileExtension: 'jpg' });
			expect(item.binary!.data.fileName).toMatch(/\.jpg$/);
			expect(item.json).toMatchObject({ mimeType: 'image/jpeg', width: 16, height: 8 });
		}
		expect(result.items[1].json.declaredMimeType).toBe('image/png');
		expect(gateway.cdnRequests).toEqual([expect.objectContaining({ hadAuthorization: false })]);
	});

	it('gpt-image with [dgrid:format=jpeg]: the gateway sends JPEG although PNG was asked', async () => {
		const result = await generate({
			prompt: 'a boat [dgrid:format=jpeg]',
			options: { outputFormat: 'png' },
		});

		expectImagesFromGateway(result, { mimeType: 'image/jpeg', extension: 'jpg' });
	});
});

describe('errors', () => {
	const FAULTS = [
		{
			directive: '[dgrid:status=400]',
			message: /Generate failed for item 1: DGrid rejected the request as invalid \(HTTP 400\)/,
		},
		{
			directive: '[dgrid:status=401]',
			message: /Generate failed for item 2: DGrid did not accept the API key.*\(HTTP 401\)/,
		},
		{
			directive: '[dgrid:status=403]',
			message: /Generate failed for item 3: DGrid refused the request.*\(HTTP 403\)/,
		},
		{
			directive: '[dgrid:status=429]',
			message: /Generate failed for item 4: DGrid is rate-limiting this key.*\(HTTP 429\)/,
		},
		{
			directive: '[dgrid:status=500]',
			message: /Generate failed for item 5: DGrid .* \(HTTP 500\)/,
		},
		{
			directive: '[dgrid:status=503]',
			message: /Generate failed for item 6: DGrid has no provider available.*\(HTTP 503\)/,
		},
		{
			directive: '[dgrid:fault=errorIn200]',
			message: /Generate failed for item 7: .*\(HTTP 200\)/,
		},
		{
			directive: '[dgrid:images=0]',
			message: /Generate failed for item 8: DGrid's answer contains no image/,
		},
		{
			directive: '[dgrid:fault=truncatedBase64]',
			message: /Generate failed for item 9: image 1 from DGrid is cut off/,
		},
	];
	const input: InputItem[] = [
		{ json: { prompt: 'fine' } },
		...FAULTS.map(({ directive }) => ({ json: { prompt: `broken ${directive}` } })),
		{ json: { prompt: 'also fine' } },
	];
	const run = (continueOnFail: boolean, concurrency: number) =>
		runWorkflow({
			node: {
				parameters: {
					operation: 'generate',
					model: modelId('gpt-image-1'),
					prompt: '={{ $json.prompt }}',
					options: { maxRetries: 0, concurrency },
				},
				continueOnFail,
			},
			credentials: credentialsFor(gateway),
			input,
		});

	it('with Continue on Fail each fault is a clear error item and the other items succeed', async () => {
		const result = await run(true, 4);

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(input.length);
		expect(result.items.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		for (const index of [0, input.length - 1]) {
			expect(result.items[index].json.error).toBeUndefined();
			expect(result.items[index].binary!.data.buffer.length).toBeGreaterThan(0);
		}
		FAULTS.forEach(({ message }, index) => {
			const item = result.items[index + 1];
			expect(item.binary).toBeUndefined();
			expect(item.json.error).toMatch(message);
		});
		// DGrid's own message and request id reach the error details; the key never does.
		expect(result.items[1].json.details).toMatch(/DGrid said: .*\n.*Request ID: /s);
		expect(result.items[8].json.details).toMatch(/data" list is empty/);
		expect(JSON.stringify(result.items)).not.toContain(gateway.apiKey);
	});

	it('without Continue on Fail the first failing item stops the node with its message', async () => {
		// One at a time, so no request of this run is still in flight when the next test starts.
		const result = await run(false, 1);

		expect(result.error?.message).toMatch(
			/^Generate failed for item 1: DGrid rejected the request as invalid \(HTTP 400\)/,
		);
		expect(gateway.requests).toHaveLength(2);
		expect(result.error?.message).not.toContain(gateway.apiKey);
	});

	it('a 429 with Retry-After 0 is retried and then succeeds', async () => {
		const result = await generate({
			prompt: 'retry me [dgrid:status=429*1] [dgrid:retry-after=0]',
			options: { maxRetries: 1 },
		});

		expect(result.error).toBeUndefined();
		expect(gateway.requests.map((request) => request.status)).toEqual([429, 200]);
		expect(result.items).toHaveLength(1);
	});

	it('pre-flight: a size of another model family fails before anything is sent', async () => {
		const result = await generate({ model: 'dall-e-3', options: { size: '1536x1024' } });

		expect(result.error?.message).toBe(
			'Generate failed for item 0: size 1536x1024 is not available for dall-e-3',
		);
		expect(result.error?.description).toBe(
			'DALL·E 3 models take: 1024x1024, 1792x1024, 1024x1792.',
		);
		expect(gateway.requests).toHaveLength(0);
	});

	it('pre-flight: an empty prompt and a too long dall-e-3 prompt', async () => {
		const empty = await generate({ prompt: '   ' });
		const long = await generate({ model: 'dall-e-3', prompt: 'x'.repeat(4001) });

		expect(empty.error?.message).toBe('Generate failed for item 0: the prompt is empty');
		expect(long.error?.message).toBe(
			'Generate failed for item 0: the prompt is 4001 characters long, dall-e-3 takes at most 4000',
		);
		expect(gateway.requests).toHaveLength(0);
	});
});
