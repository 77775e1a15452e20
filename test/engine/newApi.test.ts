/**
 * The node against the gateway DGrid really runs (New API, shared/dgrid-docs/new-api-audit.md):
 * one block per audit item, through n8n-core's real engine and the test gateway playing New API.
 * `requests[].upstream` is what New API sent on to the provider, so each test checks what
 * reaches the model, not only what the node sent.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { makeImage, startGateway, toDataUrl } from '../tools/gateway';
import type { NewApiVersion, TestGateway } from '../tools/gateway';
import { runWorkflow } from '../tools/harness';
import type { InputItem, RunResult } from '../tools/harness';
import { credentialsFor, modelId, onlyRequest, useGateway, withOperationModel } from './support';

const gateway = useGateway();

const TEXT2IMAGE = '/api/v1/services/aigc/text2image/image-synthesis';
const IMAGE2IMAGE = '/api/v1/services/aigc/image2image/image-synthesis';
const MULTIMODAL = '/api/v1/services/aigc/multimodal-generation/generation';

interface Run {
	input?: InputItem[];
	on?: TestGateway;
}

function run(parameters: INodeParameters, { input, on = gateway }: Run = {}): Promise<RunResult> {
	return runWorkflow({
		node: { parameters: withOperationModel(parameters) as INodeParameters, continueOnFail: true },
		credentials: credentialsFor(on),
		input,
	});
}

const upstreamOf = (gw: TestGateway = gateway) => onlyRequest(gw).upstream;
const upstreamBody = (gw: TestGateway = gateway) =>
	upstreamOf(gw)?.body as { input: IDataObject; parameters: IDataObject };

/** Every output item carries one of the produced images, in order, byte for byte. */
function expectAllProducedImages(result: RunResult, gw: TestGateway = gateway) {
	expect(result.items.map((item) => item.json.error)).toEqual(result.items.map(() => undefined));
	expect(result.items).toHaveLength(gw.produced.length);
	result.items.forEach((item, index) => {
		expect(item.binary?.data.buffer.equals(gw.produced[index].bytes)).toBe(true);
		expect(item.json.url).toBe(gw.produced[index].url);
	});
}

const photo = makeImage('png', { width: 48, height: 32, seed: 11 });
const binaryInput = (): InputItem[] => [
	{ json: {}, binary: { data: { data: photo, mimeType: 'image/png', fileName: 'photo.png' } } },
];

/** The New API versions the gateway plays; the node must work with both. */
const VERSIONS: NewApiVersion[] = ['U', 'L'];

describe.each(VERSIONS)('New API version %s', (version) => {
	let gw: TestGateway;
	beforeAll(async () => {
		gw = await startGateway({ newApiVersion: version });
	});
	afterAll(async () => {
		await gw.close();
	});
	beforeEach(() => gw.reset());

	describe('audit 1 (Q1) + Q11: Qwen Generate with asynchronous Wan models', () => {
		it.each(['wanx-v1', 'wanx2.1-t2i-turbo', 'wan2.5-t2i-preview'])(
			'%s gets input.prompt and draws; the rewritten prompt comes out',
			async (model) => {
				const result = await run(
					{
						operation: 'qwenGenerate',
						model: modelId(model),
						prompt: 'A serene mountain lake at dawn',
					},
					{ on: gw },
				);
				expect(upstreamOf(gw)?.api).toBe(TEXT2IMAGE);
				expect(upstreamBody(gw).input).toEqual({ prompt: 'A serene mountain lake at dawn' });
				expectAllProducedImages(result, gw);
				expect(result.items[0].json.revisedPrompt).toBe(
					'A serene mountain lake at dawn, highly detailed, soft natural light',
				);
			},
		);
	});

	describe('audit 2 (Q4, Q5): the negative prompt reaches DashScope', () => {
		it('asynchronous Wan: as input.negative_prompt, whatever the delivery option says; n always set (DashScope would make 4)', async () => {
			for (const negativePromptDelivery of ['promptText', 'parameter']) {
				gw.reset();
				const result = await run(
					{
						operation: 'qwenGenerate',
						model: modelId('wanx-v1'),
						prompt: 'a lake',
						options: { negativePrompt: 'people, boats', negativePromptDelivery, seed: 3 },
					},
					{ on: gw },
				);
				expect(upstreamBody(gw)).toEqual({
					model: 'wanx-v1',
					input: { prompt: 'a lake', negative_prompt: 'people, boats' },
					parameters: { n: 1, seed: 3 },
				});
				expect(result.items).toHaveLength(1);
				expect(result.items[0].json.negativePrompt).toBe('people, boats');
			}
		});

		it('synchronous models: "Avoid: …" in the text by default, so every version reads it', async () => {
			await run(
				{
					operation: 'qwenGenerate',
					model: modelId('qwen-image'),
					prompt: 'a lake',
					options: { negativePrompt: 'boats' },
				},
				{ on: gw },
			);
			expect(upstreamBody(gw).input).toEqual({
				messages: [{ role: 'user', content: [{ text: 'a lake\n\nAvoid: boats' }] }],
			});
		});
	});

	describe('audit 3 (Q10): every image of a multi-image Qwen answer comes out', () => {
		it('Qwen Edit with qwen-image-edit-plus, n=3: three items, each the image DashScope made', async () => {
			const result = await run(
				{
					operation: 'qwenEdit',
					model: modelId('qwen-image-edit-plus'),
					prompt: 'three variations',
					options: { n: 3 },
				},
				{ input: binaryInput(), on: gw },
			);
			expect(gw.produced).toHaveLength(3);
			expectAllProducedImages(result, gw);
			expect(result.items.map((item) => item.json.imageCount)).toEqual([3, 3, 3]);
			expect(result.items[0].json.revisedPrompt).toBe(
				'three variations, highly detailed, soft natural light',
			);
		});

		it('Qwen Generate with qwen-image, n=2, all images on one item', async () => {
			const result = await run(
				{
					operation: 'qwenGenerate',
					model: modelId('qwen-image'),
					prompt: 'a lake',
					options: { n: 2, outputMode: 'oneItem' },
				},
				{ on: gw },
			);
			expect(result.items).toHaveLength(1);
			const [item] = result.items;
			expect(item.binary?.data.buffer.equals(gw.produced[0].bytes)).toBe(true);
			expect(item.binary?.data_1.buffer.equals(gw.produced[1].bytes)).toBe(true);
		});
	});

	describe('audit 10(b) (Q7): Qwen Edit with old-Wan image-to-image models', () => {
		it('binary input goes as a multipart file; the model gets it as input.images', async () => {
			const result = await run(
				{
					operation: 'qwenEdit',
					model: modelId('wanx2.1-imageedit'),
					prompt: 'make it night',
					options: { n: 2, size: '1024*1024', negativePrompt: 'blur' },
				},
				{ input: binaryInput(), on: gw },
			);
			const request = onlyRequest(gw);
			expect(request.multipart?.fields).toEqual({
				model: 'wanx2.1-imageedit',
				prompt: 'make it night\n\nAvoid: blur',
				n: '2',
			});
			expect(request.multipart?.files.map((f) => [f.name, f.contentType])).toEqual([
				['image', 'image/png'],
			]);
			expect(request.upstream).toEqual({
				api: IMAGE2IMAGE,
				body: {
					model: 'wanx2.1-imageedit',
					input: {
						prompt: 'make it night\n\nAvoid: blur',
						images: [toDataUrl(photo, 'image/png')],
					},
					parameters: { n: 2 },
				},
			});
			expectAllProducedImages(result, gw);
			// Size has no place in the gateway's form conversion: said, not silently dropped.
			expect(result.items[0].json.ignoredOptions).toEqual([
				'Size (not used by wanx2.1-imageedit: DGrid converts its edits without it)',
			]);
		});

		it('a URL input is downloaded (without the key) and sent as a file', async () => {
			const hosted = gw.hostImage(photo, 'png');
			const result = await run(
				{
					operation: 'qwenEdit',
					model: modelId('wan2.5-i2i-preview'),
					prompt: 'make it night',
					imageSource: 'url',
					imageUrls: hosted,
				},
				{ on: gw },
			);
			expect(gw.cdnRequests[0]).toMatchObject({
				path: new URL(hosted).pathname,
				hadAuthorization: false,
			});
			expect(upstreamBody(gw).input.images as string[]).toEqual([toDataUrl(photo, 'image/png')]);
			expectAllProducedImages(result, gw);
		});
	});

	describe('Q2: Content Format "Plain String" is harmless', () => {
		it('qwen-image with a saved Plain String setting still draws; the output says the option is not sent', async () => {
			const result = await run(
				{
					operation: 'qwenGenerate',
					model: modelId('qwen-image'),
					prompt: 'a lake',
					options: { contentFormat: 'string' },
				},
				{ on: gw },
			);
			expect(upstreamBody(gw).input).toEqual({
				messages: [{ role: 'user', content: [{ text: 'a lake' }] }],
			});
			expectAllProducedImages(result, gw);
			expect(result.items[0].json.ignoredOptions).toEqual([
				'Content Format "Plain String" (sent as a text part: newer gateways reject a plain string)',
			]);
		});
	});
});

describe('audit 2: DashScope Parameter delivery (newer gateways only)', () => {
	it('reaches DashScope on version L', async () => {
		const l = await startGateway({ newApiVersion: 'L' });
		try {
			await run(
				{
					operation: 'qwenGenerate',
					model: modelId('qwen-image'),
					prompt: 'a lake',
					options: { negativePrompt: 'boats', negativePromptDelivery: 'parameter' },
				},
				{ on: l },
			);
			expect(upstreamBody(l).parameters).toEqual({ negative_prompt: 'boats' });
		} finally {
			await l.close();
		}
	});
});

describe('audit 4 (O8, O9): Edit with image URLs on Qwen / Wan / Imagen models', () => {
	it('qwen-image-edit: URLs are downloaded and sent as files, so the images reach the model', async () => {
		const hosted = gateway.hostImage(photo, 'png');
		const inline = toDataUrl(makeImage('jpeg', { width: 16, height: 16, seed: 5 }), 'image/jpeg');
		const result = await run({
			operation: 'edit',
			model: modelId('qwen-image-edit-plus'),
			prompt: 'put them side by side',
			imageSource: 'url',
			imageUrls: `${hosted}\n${inline}`,
			options: { n: 2, size: '1024x1024' },
		});
		const request = onlyRequest(gateway);
		expect(request.multipart?.files.map((f) => f.name)).toEqual(['image[]', 'image[]']);
		const content = (upstreamBody().input.messages as Array<{ content: unknown[] }>)[0].content;
		expect(content).toEqual([
			{ image: toDataUrl(photo, 'image/png') },
			{ image: inline },
			{ text: 'put them side by side' },
		]);
		expect(upstreamOf()?.api).toBe(MULTIMODAL);
		expectAllProducedImages(result);
		expect(result.items[0].json.ignoredOptions).toEqual([
			'Size (not used by qwen-image-edit-plus)',
		]);
	});

	it('a mask is not uploaded for a Qwen model (the gateway reads none) and is named in ignoredOptions', async () => {
		const result = await run(
			{
				operation: 'edit',
				model: modelId('qwen-image-edit'),
				prompt: 'x',
				options: { maskBinaryPropertyName: 'mask' },
			},
			{ input: binaryInput() },
		);
		expect(onlyRequest(gateway).multipart?.files.map((f) => f.name)).toEqual(['image']);
		expect(result.items[0].json.ignoredOptions).toEqual([
			'Mask Binary Field (not used by qwen-image-edit)',
		]);
	});

	it('Imagen: refused before anything is sent — the gateway would drop the images and bill a new one', async () => {
		const result = await run({
			operation: 'edit',
			model: modelId('imagen-4.0-generate-001'),
			prompt: 'x',
			imageSource: 'url',
			imageUrls: 'https://example.com/a.png',
		});
		expect(gateway.requests).toHaveLength(0);
		expect(result.items[0].json.error).toBe(
			'Edit failed for item 0: imagen-4.0-generate-001 cannot edit images through DGrid',
		);
		expect(result.items[0].json.details).toMatch(/Gemini Generate Content/);
	});
});

describe('audit 5 (M1): chatgpt-image-latest is GPT Image', () => {
	it('no style or response_format, HD becomes high, an aspect ratio becomes a GPT Image size', async () => {
		const result = await run({
			operation: 'generate',
			model: modelId('chatgpt-image-latest'),
			prompt: 'a fox',
			options: { style: 'vivid', responseFormat: 'b64_json', quality: 'hd', aspectRatio: '16:9' },
		});
		expect(onlyRequest(gateway).json).toEqual({
			model: 'chatgpt-image-latest',
			prompt: 'a fox',
			size: '1536x1024',
			quality: 'high',
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].binary?.data.buffer.equals(gateway.produced[0].bytes)).toBe(true);
		expect(result.items[0].json.ignoredOptions).toEqual([
			'Style (not used by chatgpt-image-latest)',
			'Response Format (not used by chatgpt-image-latest)',
		]);
	});
});

describe('audit 6 (O2): an aspect ratio is never silently dropped', () => {
	it('flux-pro: 16:9 becomes a 16:9 size (the gateway passes no aspect_ratio on); the output says so', async () => {
		const result = await run({
			operation: 'generate',
			model: modelId('flux-pro'),
			prompt: 'a fox',
			options: { size: '1024x1024', aspectRatio: '16:9' },
		});
		expect(upstreamOf()?.body).toEqual({ model: 'flux-pro', prompt: 'a fox', size: '1344x768' });
		expect(gateway.produced[0]).toMatchObject({ width: 64, height: 37 });
		expect(result.items[0].json.sizeNote).toBe(
			"Aspect ratio 16:9 sent as size 1344x768: DGrid's gateway passes no aspect ratio on to flux-pro.",
		);
	});

	it("qwen-image on Generate: one of Qwen Image's own sizes", async () => {
		await run({
			operation: 'generate',
			model: modelId('qwen-image'),
			prompt: 'a fox',
			options: { aspectRatio: '9:16' },
		});
		expect(upstreamBody().parameters).toEqual({ size: '928*1664', n: 1 });
	});

	it('MiniMax, whose channel reads aspect_ratio, still gets it', async () => {
		await run({
			operation: 'generate',
			model: modelId('image-01'),
			prompt: 'a fox',
			options: { aspectRatio: '21:9' },
		});
		expect(upstreamOf()?.body).toEqual({
			model: 'image-01',
			prompt: 'a fox',
			aspect_ratio: '21:9',
		});
	});
});

describe('audit 7 (O11): Imagen gets its ratio as size "W:H", and only ratios it makes', () => {
	it.each([
		['9:16', 36, 64],
		['4:3', 64, 48],
	])('%s is sent as size and reaches Imagen', async (aspectRatio, width, height) => {
		await run({
			operation: 'generate',
			model: modelId('imagen-4.0-generate-001'),
			prompt: 'a fox',
			options: { aspectRatio },
		});
		expect(onlyRequest(gateway).json).toEqual({
			model: 'imagen-4.0-generate-001',
			prompt: 'a fox',
			size: aspectRatio,
		});
		expect((upstreamBody().parameters as IDataObject).aspectRatio).toBe(aspectRatio);
		expect(gateway.produced[0]).toMatchObject({ width, height });
	});

	it('a custom size becomes its ratio instead of a silent 1:1', async () => {
		const result = await run({
			operation: 'generate',
			model: modelId('imagen-4.0-generate-001'),
			prompt: 'a fox',
			options: { size: 'custom', customSize: '1344x768' },
		});
		expect((upstreamBody().parameters as IDataObject).aspectRatio).toBe('16:9');
		expect(result.items[0].json.sizeNote).toBe(
			'Size 1344x768 sent as aspect ratio 16:9: Imagen takes an aspect ratio, not a size.',
		);
	});

	it.each(['2:3', '21:9'])('%s is refused before anything is sent', async (aspectRatio) => {
		const result = await run({
			operation: 'generate',
			model: modelId('imagen-4.0-generate-001'),
			prompt: 'a fox',
			options: { aspectRatio },
		});
		expect(gateway.requests).toHaveLength(0);
		expect(result.items[0].json.error).toBe(
			`Generate failed for item 0: Imagen makes no ${aspectRatio} images`,
		);
		expect(result.items[0].json.details).toBe(
			'imagen-4.0-generate-001 takes the aspect ratios 1:1, 3:4, 4:3, 9:16, 16:9.',
		);
	});
});

describe('audit 8 (O13): Gemini image models on Generate', () => {
	it('refused before sending, pointing to Gemini Generate Content', async () => {
		const result = await run({
			operation: 'generate',
			model: modelId('gemini-2.5-flash-image'),
			prompt: 'a fox',
			options: { aspectRatio: '4:3' },
		});
		expect(gateway.requests).toHaveLength(0);
		expect(result.items[0].json.error).toBe(
			'Generate failed for item 0: the model "gemini-2.5-flash-image" is a Gemini model, which this operation cannot use',
		);
		expect(result.items[0].json.details).toMatch(
			/use Gemini Generate Content or Chat for gemini-2\.5-flash-image/,
		);
	});

	it('Edit refuses them too', async () => {
		const result = await run(
			{ operation: 'edit', model: modelId('gemini-3-pro-image-preview'), prompt: 'x' },
			{ input: binaryInput() },
		);
		expect(gateway.requests).toHaveLength(0);
		expect(result.items[0].json.error).toBe(
			'Edit failed for item 0: the model "gemini-3-pro-image-preview" is a Gemini model, which this operation cannot use',
		);
	});
});

describe('Q12: an asynchronous Wan task the gateway stops waiting for', () => {
	it("fails the item with the gateway's reason", async () => {
		const result = await run({
			operation: 'qwenGenerate',
			prompt: 'a lake [dgrid:fault=asyncTimeout]',
			options: { maxRetries: 0 },
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].binary).toBeUndefined();
		expect(String(result.items[0].json.details)).toContain('aliAsyncTaskWait timeout');
	});
});

describe('the output contract', () => {
	it('the rewritten prompt comes out as revisedPrompt, as README documents', async () => {
		const result = await run({
			operation: 'generate',
			model: modelId('dall-e-3'),
			prompt: 'a fox',
		});
		expect(result.items[0].json.revisedPrompt).toBe('A detailed, vivid illustration of: a fox');
		expect(result.items[0].json).not.toHaveProperty('revised_prompt');
	});
});
