/**
 * Edit (POST /v1/images/edits) through n8n-core's real WorkflowExecute against the test
 * gateway: multipart parts and JSON bodies per option, pre-flight checks, outputs, errors,
 * and input binaries in n8n's filesystem mode.
 */
import type { INodeParameters } from 'n8n-workflow';

import { makeImage, toDataUrl } from '../tools/gateway';
import { runWorkflow, type InputItem, type RunResult } from '../tools/harness';
import { credentialsFor, modelId, onlyRequest, useGateway } from './support';

const gateway = useGateway();

const png16 = makeImage('png', { width: 16, height: 16, seed: 1 });
const png16b = makeImage('png', { width: 16, height: 16, seed: 2 });
const jpeg = makeImage('jpeg', { width: 24, height: 16, seed: 3 });
const webp = makeImage('webp', { width: 16, height: 16, seed: 4 });
const mask16 = makeImage('png', { width: 16, height: 16, seed: 5, alpha: true });

interface EditRun {
	model?: string;
	prompt?: string;
	parameters?: INodeParameters;
	options?: INodeParameters;
	input?: InputItem[];
	binaryMode?: 'default' | 'filesystem';
	continueOnFail?: boolean;
}

function editImages({
	model,
	prompt = 'make it blue',
	parameters,
	options,
	input,
	binaryMode,
	continueOnFail,
}: EditRun): Promise<RunResult> {
	return runWorkflow({
		node: {
			parameters: {
				operation: 'edit',
				...(model ? { editModel: modelId(model) } : {}),
				prompt,
				...parameters,
				...(options ? { options } : {}),
			},
			...(continueOnFail !== undefined ? { continueOnFail } : {}),
		},
		credentials: credentialsFor(gateway),
		input: input ?? [
			{ json: {}, binary: { data: { data: png16, mimeType: 'image/png', fileName: 'photo.png' } } },
		],
		binaryMode,
	});
}

const filesOf = () =>
	onlyRequest(gateway).multipart!.files.map(({ name, filename, contentType, data }) => ({
		name,
		filename,
		contentType,
		data,
	}));

function expectOutputsFromGateway(result: RunResult, count: number, mimeType = 'image/png') {
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(count);
	result.items.forEach((item, index) => {
		const url = item.json.url as string | undefined;
		const produced = url
			? gateway.produced.find((image) => image.url === url)
			: gateway.produced[index];
		expect(item.binary!.data.buffer.equals(produced!.bytes)).toBe(true);
		expect(item.binary!.data.mimeType).toBe(mimeType);
		expect(item.pairedItem).toEqual({ item: 0 });
	});
}

describe('multipart requests', () => {
	it('default: gpt-image-1, one file as `image` with its name and type, model and prompt as fields', async () => {
		const result = await editImages({});

		const request = onlyRequest(gateway);
		expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(request.multipart!.fields).toEqual({ model: 'gpt-image-1', prompt: 'make it blue' });
		expect(filesOf()).toEqual([
			{ name: 'image', filename: 'photo.png', contentType: 'image/png', data: png16 },
		]);
		expectOutputsFromGateway(result, 1);
		expect(result.items[0].json).toMatchObject({
			model: 'gpt-image-1',
			prompt: 'make it blue',
			usage: expect.any(Object),
		});
		expect(result.items[0].binary!.data.fileName).toBe('make-it-blue-1-1.png');
	});

	it('several binary fields go as `image[]`, names and content types taken from the bytes', async () => {
		const result = await editImages({
			parameters: { binaryPropertyNames: 'first, second,third' },
			input: [
				{
					binary: {
						first: { data: png16, mimeType: 'application/octet-stream', fileName: 'scan' },
						second: { data: jpeg, mimeType: 'image/jpeg', fileName: 'holiday.jpeg' },
						third: { data: webp, mimeType: 'image/png', fileName: 'wrong.png' },
					},
				},
			],
		});

		expect(filesOf()).toEqual([
			{ name: 'image[]', filename: 'scan.png', contentType: 'image/png', data: png16 },
			{ name: 'image[]', filename: 'holiday.jpg', contentType: 'image/jpeg', data: jpeg },
			{ name: 'image[]', filename: 'wrong.webp', contentType: 'image/webp', data: webp },
		]);
		expectOutputsFromGateway(result, 1);
	});

	it('gpt-image-1 with every option: each one reaches the wire as a text field', async () => {
		const result = await editImages({
			model: 'gpt-image-1',
			options: {
				n: 2,
				size: '1536x1024',
				quality: 'high',
				user: 'user-9',
				background: 'transparent',
				inputFidelity: 'high',
				outputFormat: 'webp',
				outputCompression: 70,
				responseFormat: 'url',
			},
		});

		expect(onlyRequest(gateway).multipart!.fields).toEqual({
			model: 'gpt-image-1',
			prompt: 'make it blue',
			n: '2',
			size: '1536x1024',
			quality: 'high',
			user: 'user-9',
			background: 'transparent',
			input_fidelity: 'high',
			output_format: 'webp',
			output_compression: '70',
		});
		expectOutputsFromGateway(result, 2, 'image/webp');
		expect(result.items[0].json.ignoredOptions).toEqual([
			'Response Format (not used by gpt-image-1)',
		]);
	});

	it('gpt-image-1 custom size and auto size', async () => {
		await editImages({
			model: 'gpt-image-1',
			options: { size: 'custom', customSize: '2048x1152' },
		});
		await editImages({ model: 'gpt-image-1', options: { size: 'auto', quality: 'standard' } });

		expect(gateway.requests.map((request) => request.multipart!.fields)).toEqual([
			{ model: 'gpt-image-1', prompt: 'make it blue', size: '2048x1152' },
			{ model: 'gpt-image-1', prompt: 'make it blue', size: 'auto', quality: 'medium' },
		]);
	});

	it('dall-e-2 with a mask: image and mask files, its options sent, GPT Image ones not; URLs downloaded without the key', async () => {
		const result = await editImages({
			model: 'dall-e-2',
			options: {
				maskBinaryPropertyName: 'mask',
				n: 2,
				size: '512x512',
				responseFormat: 'url',
				user: 'u2',
				quality: 'high',
				background: 'opaque',
				inputFidelity: 'high',
			},
			input: [
				{
					binary: {
						data: { data: png16, mimeType: 'image/png', fileName: 'room.png' },
						mask: { data: mask16, mimeType: 'image/png', fileName: 'room-mask.png' },
					},
				},
			],
		});

		expect(onlyRequest(gateway).multipart!.fields).toEqual({
			model: 'dall-e-2',
			prompt: 'make it blue',
			n: '2',
			size: '512x512',
			response_format: 'url',
			user: 'u2',
		});
		expect(filesOf()).toEqual([
			{ name: 'image', filename: 'room.png', contentType: 'image/png', data: png16 },
			{ name: 'mask', filename: 'room-mask.png', contentType: 'image/png', data: mask16 },
		]);
		expectOutputsFromGateway(result, 2);
		expect(gateway.cdnRequests).toHaveLength(2);
		expect(gateway.cdnRequests.every((request) => !request.hadAuthorization)).toBe(true);
		expect(result.items[0].json.ignoredOptions).toEqual([
			'Quality (not used by dall-e-2)',
			'Background (not used by dall-e-2)',
			'Input Fidelity (not used by dall-e-2)',
		]);
	});

	it('dall-e-2 with b64_json: the bytes come back inline', async () => {
		const result = await editImages({ model: 'dall-e-2', options: { responseFormat: 'b64_json' } });

		expect(onlyRequest(gateway).multipart!.fields).toEqual({
			model: 'dall-e-2',
			prompt: 'make it blue',
			response_format: 'b64_json',
		});
		expectOutputsFromGateway(result, 1);
		expect(gateway.cdnRequests).toHaveLength(0);
	});
});

describe('image URLs', () => {
	it('URLs and data URLs are sent as the JSON variant images[].image_url, with the options', async () => {
		const hosted = gateway.hostImage(png16, 'png');
		const dataUrl = toDataUrl(jpeg, 'image/jpeg');
		const result = await editImages({
			model: 'gpt-image-1',
			parameters: { imageSource: 'url', imageUrls: `${hosted}\n${dataUrl}` },
			options: {
				n: 1,
				quality: 'low',
				inputFidelity: 'high',
				background: 'opaque',
				outputFormat: 'jpeg',
				outputCompression: 40,
				size: '1024x1024',
				user: 'u3',
			},
		});

		expect(onlyRequest(gateway).json).toEqual({
			model: 'gpt-image-1',
			prompt: 'make it blue',
			images: [{ image_url: hosted }, { image_url: dataUrl }],
			n: 1,
			size: '1024x1024',
			quality: 'low',
			user: 'u3',
			background: 'opaque',
			input_fidelity: 'high',
			output_format: 'jpeg',
			output_compression: 40,
		});
		// The node passed the URL on; it fetched nothing itself.
		expect(gateway.cdnRequests).toHaveLength(0);
		expectOutputsFromGateway(result, 1, 'image/jpeg');
	});

	it('dall-e-2 takes files only: the URL is downloaded (without the key) and uploaded as multipart', async () => {
		const hosted = gateway.hostImage(png16, 'png');
		const result = await editImages({
			model: 'dall-e-2',
			parameters: { imageSource: 'url', imageUrls: hosted },
		});

		expect(gateway.cdnRequests.map((request) => request.hadAuthorization)).toEqual([false, false]);
		const files = filesOf();
		expect(files).toHaveLength(1);
		expect(files[0]).toMatchObject({ name: 'image', contentType: 'image/png', data: png16 });
		expect(files[0].filename).toMatch(/\.png$/);
		expectOutputsFromGateway(result, 1);
	});

	it('a mask with URL images switches to multipart', async () => {
		const hosted = gateway.hostImage(png16, 'png');
		await editImages({
			model: 'gpt-image-1',
			parameters: { imageSource: 'url', imageUrls: hosted },
			options: { maskBinaryPropertyName: 'mask' },
			input: [{ binary: { mask: { data: mask16, mimeType: 'image/png', fileName: 'mask.png' } } }],
		});

		expect(
			filesOf().map((file) => [
				file.name,
				file.contentType,
				file.data.equals(file.name === 'mask' ? mask16 : png16),
			]),
		).toEqual([
			['image', 'image/png', true],
			['mask', 'image/png', true],
		]);
	});
});

describe('pre-flight checks fail the item before anything is sent', () => {
	const bigPng = Buffer.concat([png16.subarray(0, 33), Buffer.alloc(4 * 1024 * 1024)]);
	const seventeen: InputItem = {
		binary: Object.fromEntries(
			Array.from({ length: 17 }, (_, i) => [
				`img${i}`,
				{ data: png16, mimeType: 'image/png', fileName: `${i}.png` },
			]),
		),
	};
	const cases: Array<{ name: string; run: EditRun; message: string; description?: RegExp }> = [
		{
			name: 'missing binary field',
			run: { parameters: { binaryPropertyNames: 'photo' } },
			message: 'Edit failed for item 0: the item has no binary field "photo"',
			description: /Binary fields on this item: data/,
		},
		{
			name: 'not an image',
			run: {
				input: [
					{
						binary: {
							data: {
								data: Buffer.from('hello world'),
								mimeType: 'image/png',
								fileName: 'fake.png',
							},
						},
					},
				],
			},
			message: 'Edit failed for item 0: binary field "data" is not an image',
		},
		{
			name: 'dall-e-2 JPEG',
			run: { model: 'dall-e-2', input: [{ binary: { data: { data: jpeg, fileName: 'a.jpg' } } }] },
			message:
				'Edit failed for item 0: binary field "data" is a JPEG, dall-e-2 edits only take PNG',
		},
		{
			name: 'dall-e-2 not square',
			run: {
				model: 'dall-e-2',
				input: [
					{
						binary: {
							data: { data: makeImage('png', { width: 16, height: 8 }), fileName: 'wide.png' },
						},
					},
				],
			},
			message:
				'Edit failed for item 0: binary field "data" is 16x8, dall-e-2 edits only take square images',
		},
		{
			name: 'dall-e-2 over 4 MB',
			run: {
				model: 'dall-e-2',
				input: [{ binary: { data: { data: bigPng, fileName: 'big.png' } } }],
			},
			message: 'Edit failed for item 0: binary field "data" is too large (4.0 MB)',
			description: /up to 4.0 MB/,
		},
		{
			name: 'dall-e-2 two images',
			run: {
				model: 'dall-e-2',
				parameters: { binaryPropertyNames: 'img0, img1' },
				input: [seventeen],
			},
			message: 'Edit failed for item 0: 2 input images given, at most 1 allowed for this model',
		},
		{
			name: 'more than 16 images',
			run: {
				parameters: {
					binaryPropertyNames: Array.from({ length: 17 }, (_, i) => `img${i}`).join(','),
				},
				input: [seventeen],
			},
			message: 'Edit failed for item 0: 17 input images given, at most 16 allowed for this model',
		},
		{
			name: 'mask size not matching',
			run: {
				options: { maskBinaryPropertyName: 'mask' },
				input: [
					{
						binary: {
							data: { data: png16, fileName: 'a.png' },
							mask: {
								data: makeImage('png', { width: 8, height: 8, alpha: true }),
								fileName: 'm.png',
							},
						},
					},
				],
			},
			message: 'Edit failed for item 0: the mask is 8x8 but the image is 16x16',
		},
		{
			name: 'mask missing',
			run: { options: { maskBinaryPropertyName: 'mask' } },
			message: 'Edit failed for item 0: the item has no binary field "mask"',
		},
		{
			name: 'dall-e-3',
			run: { model: 'dall-e-3' },
			message: 'Edit failed for item 0: dall-e-3 cannot edit images',
		},
		{
			name: 'prompt too long for dall-e-2',
			run: { model: 'dall-e-2', prompt: 'y'.repeat(1001) },
			message:
				'Edit failed for item 0: the prompt is 1001 characters long, dall-e-2 takes at most 1000',
		},
	];

	it.each(cases)('$name', async ({ run, message, description }) => {
		const result = await editImages(run);

		expect(result.error?.message).toBe(message);
		if (description) expect(result.error?.description).toMatch(description);
		expect(gateway.requests).toHaveLength(0);
	});
});

describe('errors per item', () => {
	const FAULTS = [
		{
			directive: '[dgrid:status=400]',
			message: /DGrid rejected the request as invalid \(HTTP 400\)/,
		},
		{ directive: '[dgrid:status=401]', message: /DGrid did not accept the API key.*\(HTTP 401\)/ },
		{ directive: '[dgrid:status=403]', message: /DGrid refused the request.*\(HTTP 403\)/ },
		{ directive: '[dgrid:status=429]', message: /DGrid is rate-limiting this key.*\(HTTP 429\)/ },
		{ directive: '[dgrid:status=500]', message: /DGrid .*\(HTTP 500\)/ },
		{ directive: '[dgrid:status=503]', message: /DGrid has no provider available.*\(HTTP 503\)/ },
		{ directive: '[dgrid:fault=errorIn200]', message: /\(HTTP 200\)/ },
		{ directive: '[dgrid:images=0]', message: /DGrid's answer contains no image/ },
		{ directive: '[dgrid:fault=truncatedBase64]', message: /image 1 from DGrid is cut off/ },
	];

	it('with Continue on Fail each fault is a clear error item and the other items succeed', async () => {
		const image = { data: { data: png16, mimeType: 'image/png', fileName: 'p.png' } };
		const input: InputItem[] = [
			{ json: { prompt: 'fine' }, binary: image },
			...FAULTS.map(({ directive }) => ({
				json: { prompt: `broken ${directive}` },
				binary: image,
			})),
			{ json: { prompt: 'no image on this one' } },
			{ json: { prompt: 'also fine' }, binary: image },
		];
		const result = await editImages({
			prompt: '={{ $json.prompt }}',
			options: { maxRetries: 0, concurrency: 4 },
			input,
			continueOnFail: true,
		});

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
			expect(item.json.error).toMatch(
				new RegExp(`^Edit failed for item ${index + 1}: .*${message.source}`),
			);
		});
		expect(result.items[input.length - 2].json.error).toBe(
			`Edit failed for item ${input.length - 2}: the item has no binary field "data"`,
		);
		expect(JSON.stringify(result.items)).not.toContain(gateway.apiKey);
	});
});

describe('filesystem binary mode', () => {
	it('input binaries stored as files upload the same bytes, and outputs are files too', async () => {
		const run = (binaryMode: 'default' | 'filesystem') =>
			editImages({
				model: 'dall-e-2',
				options: { maskBinaryPropertyName: 'mask', responseFormat: 'b64_json' },
				binaryMode,
				input: [
					{
						binary: {
							data: { data: png16b, mimeType: 'image/png', fileName: 'room.png' },
							mask: { data: mask16, mimeType: 'image/png', fileName: 'mask.png' },
						},
					},
				],
			});

		const inMemory = await run('default');
		const memoryFiles = filesOf();
		gateway.reset();
		const onDisk = await run('filesystem');

		expect(filesOf()).toEqual(memoryFiles);
		expect(memoryFiles.map((file) => file.data)).toEqual([png16b, mask16]);
		expect(inMemory.items[0].binary!.data.id).toBeUndefined();
		expect(onDisk.items[0].binary!.data.id).toMatch(/^filesystem/);
		expectOutputsFromGateway(onDisk, 1);
	});
});
