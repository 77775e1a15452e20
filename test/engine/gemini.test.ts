/**
 * Gemini Generate Content through n8n-core's real engine against the test gateway: the exact
 * generateContent body DGrid receives, images read from every inlineData part, MIME types from
 * the bytes, and the finish / block reasons that mean "no image".
 */
import type { IDataObject } from 'n8n-workflow';

import { makeImage, toDataUrl } from '../tools/gateway';
import type { NodeRun } from './support';
import { modelId, onlyRequest, runNode, useGateway } from './support';

const gateway = useGateway();

const run = (parameters: IDataObject, extra?: NodeRun) =>
	runNode(gateway, { operation: 'geminiGenerateContent', ...parameters }, extra);

const b64 = (buf: Buffer) => buf.toString('base64');

const png = makeImage('png', { width: 12, height: 8, seed: 11 });
const jpeg = makeImage('jpeg', { width: 16, height: 16, seed: 12 });
const webp = makeImage('webp', { width: 10, height: 6, seed: 13 });

/** A Gemini answer with the given parts, as DGrid passes it through from Google. */
const geminiAnswer = (parts: unknown[], candidate: IDataObject = {}) => ({
	candidates: [
		{
			content: { role: 'model', parts },
			finishReason: 'STOP',
			index: 0,
			safetyRatings: [],
			...candidate,
		},
	],
	usageMetadata: { promptTokenCount: 7, candidatesTokenCount: 1290, totalTokenCount: 1297 },
	modelVersion: 'gemini-2.5-flash-image',
});
const inline = (buf: Buffer, mimeType: string) => ({ inlineData: { mimeType, data: b64(buf) } });

describe('Gemini Generate Content: requests', () => {
	it('defaults: gemini-2.5-flash-image, the prompt as one part, image-only; one PNG item', async () => {
		const result = await run({ prompt: 'A watercolor fox in the snow' });
		expect(result.error).toBeUndefined();

		const request = onlyRequest(gateway);
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/v1/models/gemini-2.5-flash-image:generateContent');
		expect(request.authorization).toBe(`Bearer ${gateway.apiKey}`);
		expect(request.json).toEqual({
			contents: [{ role: 'user', parts: [{ text: 'A watercolor fox in the snow' }] }],
			generationConfig: { responseModalities: ['IMAGE'] },
		});

		expect(gateway.produced).toHaveLength(1);
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item.binary?.data.buffer.equals(gateway.produced[0].bytes)).toBe(true);
		expect(item.binary?.data.mimeType).toBe('image/png');
		expect(item.binary?.data.fileName).toBe('a-watercolor-fox-in-the-snow-1-1.png');
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			model: 'gemini-2.5-flash-image',
			prompt: 'A watercolor fox in the snow',
			finishReason: 'STOP',
			modelVersion: 'gemini-2.5-flash-image',
			mimeType: 'image/png',
			imageCount: 1,
		});
		expect(item.json.usageMetadata).toMatchObject({ totalTokenCount: expect.any(Number) });
		expect(item.json.safetyRatings).toHaveLength(4);
		expect(item.json).not.toHaveProperty('text');
	});

	it('every option at its wire name, with one input image from a binary field', async () => {
		const result = await run(
			{
				model: modelId('gemini-3-pro-image-preview'),
				prompt: 'Make it a night scene',
				includeInputImages: true,
				imageSource: 'binary',
				binaryPropertyNames: 'photo',
				responseModalities: 'TEXT_IMAGE',
				options: {
					acceptTextOnly: true,
					additionalBodyFields:
						'{"generationConfig": {"topP": 0.9, "imageConfig": {"imageSize": "4K"}}}',
					aspectRatio: '16:9',
					imageSize: '2K',
					safetySettings: {
						settings: [
							{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' },
							{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' },
						],
					},
					seed: 7,
					systemInstruction: 'Keep the composition.',
					temperature: 0.3,
					binaryPropertyName: 'image',
				},
			},
			// The declared type is wrong on purpose: what is sent comes from the bytes.
			{
				input: [
					{
						binary: {
							photo: { data: jpeg, mimeType: 'application/octet-stream', fileName: 'photo.bin' },
						},
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		const request = onlyRequest(gateway);
		expect(request.path).toBe('/v1/models/gemini-3-pro-image-preview:generateContent');
		expect(request.json).toEqual({
			contents: [
				{
					role: 'user',
					parts: [
						{ text: 'Make it a night scene' },
						{ inlineData: { mimeType: 'image/jpeg', data: b64(jpeg) } },
					],
				},
			],
			generationConfig: {
				responseModalities: ['TEXT', 'IMAGE'],
				imageConfig: { aspectRatio: '16:9', imageSize: '4K' },
				temperature: 0.3,
				seed: 7,
				topP: 0.9,
			},
			safetySettings: [
				{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' },
				{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' },
			],
			systemInstruction: { parts: [{ text: 'Keep the composition.' }] },
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].binary?.image.buffer.equals(gateway.produced[0].bytes)).toBe(true);
		expect(result.items[0].json.text).toBe('Here is the image you asked for.');
	});

	it('a custom width x height size', async () => {
		const result = await run({
			prompt: 'A fox',
			options: { imageSize: 'custom', customImageSize: '1024 x 768' },
		});
		expect(result.error).toBeUndefined();
		expect(onlyRequest(gateway).json).toEqual({
			contents: [{ role: 'user', parts: [{ text: 'A fox' }] }],
			generationConfig: { responseModalities: ['IMAGE'], imageConfig: { imageSize: '1024x768' } },
		});
	});

	it('several input images: binary fields in order, each typed from its bytes', async () => {
		const result = await run(
			{ prompt: 'Combine these', includeInputImages: true, binaryPropertyNames: 'a, b, c' },
			{
				input: [
					{
						binary: {
							a: { data: png, mimeType: 'image/jpeg' },
							b: { data: jpeg, mimeType: 'image/png' },
							c: { data: webp, mimeType: 'image/webp' },
						},
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(onlyRequest(gateway).json).toEqual({
			contents: [
				{
					role: 'user',
					parts: [
						{ text: 'Combine these' },
						{ inlineData: { mimeType: 'image/png', data: b64(png) } },
						{ inlineData: { mimeType: 'image/jpeg', data: b64(jpeg) } },
						{ inlineData: { mimeType: 'image/webp', data: b64(webp) } },
					],
				},
			],
			generationConfig: { responseModalities: ['IMAGE'] },
		});
	});

	it('input image URLs are downloaded (without the DGrid key) and sent inline', async () => {
		const hosted = gateway.hostImage(jpeg, 'jpg');
		const result = await run({
			prompt: 'Restyle',
			includeInputImages: true,
			imageSource: 'url',
			imageUrls: `${hosted}\n${toDataUrl(png, 'image/png')}`,
		});
		expect(result.error).toBeUndefined();
		expect(gateway.cdnRequests).toHaveLength(1);
		expect(gateway.cdnRequests[0].hadAuthorization).toBe(false);
		expect(onlyRequest(gateway).json).toEqual({
			contents: [
				{
					role: 'user',
					parts: [
						{ text: 'Restyle' },
						{ inlineData: { mimeType: 'image/jpeg', data: b64(jpeg) } },
						{ inlineData: { mimeType: 'image/png', data: b64(png) } },
					],
				},
			],
			generationConfig: { responseModalities: ['IMAGE'] },
		});
	});

	it('bad option values fail the item before anything is sent, naming the option', async () => {
		const badJson = await run({
			prompt: 'A fox',
			options: { additionalBodyFields: '{"generationConfig": ' },
		});
		expect(badJson.error?.message).toBe(
			'Gemini Generate Content failed for item 0: the option "Additional Body Fields" is not valid JSON',
		);
		const notObject = await run({ prompt: 'A fox', options: { additionalBodyFields: '["topP"]' } });
		expect(notObject.error?.message).toBe(
			'Gemini Generate Content failed for item 0: the option "Additional Body Fields" is not a JSON object',
		);
		expect(notObject.error?.description).toContain('It holds an array');
		const badSize = await run({
			prompt: 'A fox',
			options: { imageSize: 'custom', customImageSize: 'huge' },
		});
		expect(badSize.error?.message).toBe(
			'Gemini Generate Content failed for item 0: the image size "huge" is not width x height',
		);
		const empty = await run({ prompt: '  ' });
		expect(empty.error?.message).toBe(
			'Gemini Generate Content failed for item 0: the prompt is empty',
		);
		expect(gateway.requests).toHaveLength(0);
	});
});

describe('Gemini Generate Content: answers', () => {
	it('three images mixed with text in any order: three items in answer order, typed from their bytes', async () => {
		gateway.queueResponse({
			route: 'generateContent',
			json: geminiAnswer([
				inline(jpeg, 'image/jpeg'),
				{ text: 'Three takes:' },
				inline(webp, 'image/webp'),
				{ text: 'and one more' },
				inline(png, 'image/png'),
			]),
		});
		const result = await run({ prompt: 'Three takes on a fox', responseModalities: 'TEXT_IMAGE' });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		const expected: Array<[Buffer, string, string]> = [
			[jpeg, 'image/jpeg', 'jpg'],
			[webp, 'image/webp', 'webp'],
			[png, 'image/png', 'png'],
		];
		result.items.forEach((item, index) => {
			const [bytes, mimeType, extension] = expected[index];
			expect(item.binary?.data.buffer.equals(bytes)).toBe(true);
			expect(item.binary?.data.mimeType).toBe(mimeType);
			expect(item.binary?.data.fileName).toBe(`three-takes-on-a-fox-1-${index + 1}.${extension}`);
			expect(item.json).toMatchObject({
				text: 'Three takes:\nand one more',
				finishReason: 'STOP',
				usageMetadata: { totalTokenCount: 1297 },
				imageIndex: index,
				imageCount: 3,
			});
		});
	});

	it("the gateway's own answer with [dgrid:images=3], all on one item", async () => {
		const result = await run({
			prompt: 'Foxes [dgrid:images=3]',
			options: { outputMode: 'oneItem' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(Object.keys(item.binary ?? {})).toEqual(['data', 'data_1', 'data_2']);
		gateway.produced.forEach((produced, index) => {
			const field = index === 0 ? 'data' : `data_${index}`;
			expect(item.binary?.[field].buffer.equals(produced.bytes)).toBe(true);
		});
		expect(item.json.imageCount).toBe(3);
	});

	it('a PNG declared as JPEG becomes a .png binary; the declared type is kept in json', async () => {
		const result = await run({ prompt: 'A fox [dgrid:mislabel]' });
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(item.binary?.data.mimeType).toBe('image/png');
		expect(item.binary?.data.fileExtension).toBe('png');
		expect(item.binary?.data.fileName).toMatch(/\.png$/);
		expect(item.json).toMatchObject({ mimeType: 'image/png', declaredMimeType: 'image/jpeg' });
	});

	it('finishReason SAFETY: a clear error quoting the reason and the blocked category', async () => {
		const result = await run({ prompt: 'Something unsafe [dgrid:refuse]' });
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toBe(
			"Gemini Generate Content failed for item 0: DGrid's answer contains no image",
		);
		expect(result.error?.description).toBe(
			"Gemini stopped with finishReason SAFETY (the output was blocked by Gemini's safety filters). Blocked safety categories: HARM_CATEGORY_SEXUALLY_EXPLICIT (HIGH).",
		);
	});

	it('finishReason NO_IMAGE and IMAGE_SAFETY are named', async () => {
		const noImage = await run({ prompt: 'A fox [dgrid:refuse=NO_IMAGE]' });
		expect(noImage.error?.description).toContain(
			'finishReason NO_IMAGE (the model did not produce an image)',
		);
		const imageSafety = await run({ prompt: 'A fox [dgrid:refuse=IMAGE_SAFETY]' });
		expect(imageSafety.error?.description).toContain(
			"finishReason IMAGE_SAFETY (the generated image was blocked by Gemini's safety filters)",
		);
	});

	it('a blocked prompt (blockReason, no candidates) fails even when text-only answers are accepted', async () => {
		const result = await run({
			prompt: 'Something banned [dgrid:refuse=prompt]',
			responseModalities: 'TEXT_IMAGE',
			options: { acceptTextOnly: true },
		});
		expect(result.error?.message).toBe(
			"Gemini Generate Content failed for item 0: DGrid's answer contains no image",
		);
		expect(result.error?.description).toBe(
			'Gemini blocked the prompt (blockReason PROHIBITED_CONTENT).',
		);
	});

	it('a text-only answer: an error quoting the text, or a json-only item when accepted', async () => {
		const textOnly = geminiAnswer([{ text: 'I can describe a fox, but not draw one.' }]);
		gateway.queueResponse({ route: 'generateContent', json: textOnly });
		const failed = await run({ prompt: 'A fox', responseModalities: 'TEXT_IMAGE' });
		expect(failed.error?.description).toBe(
			'Gemini stopped with finishReason STOP (the model finished without drawing an image; it may have answered with text only). The model\'s text: "I can describe a fox, but not draw one."',
		);

		gateway.queueResponse({ route: 'generateContent', json: textOnly });
		const accepted = await run({
			prompt: 'A fox',
			responseModalities: 'TEXT_IMAGE',
			options: { acceptTextOnly: true },
		});
		expect(accepted.error).toBeUndefined();
		expect(accepted.items).toHaveLength(1);
		expect(accepted.items[0].binary).toBeUndefined();
		expect(accepted.items[0].json).toMatchObject({
			prompt: 'A fox',
			text: 'I can describe a fox, but not draw one.',
			finishReason: 'STOP',
			imageCount: 0,
		});

		// Accepting text-only answers only applies when text was asked for.
		gateway.queueResponse({ route: 'generateContent', json: textOnly });
		const imageOnly = await run({
			prompt: 'A fox',
			responseModalities: 'IMAGE',
			options: { acceptTextOnly: true },
		});
		expect(imageOnly.error?.message).toBe(
			"Gemini Generate Content failed for item 0: DGrid's answer contains no image",
		);
	});

	it("errors come in DGrid's OpenAI shape on this route too; with Continue on Fail the other items go on", async () => {
		gateway.queueFault({
			route: 'generateContent',
			kind: 'status',
			status: 400,
			body: {
				error: {
					message: 'Model gemini-x is not supported (request id: R1)',
					type: 'new_api_error',
					code: 'model_not_supported',
				},
			},
		});
		const result = await run(
			{ prompt: '={{ $json.prompt }}', options: { maxRetries: 0, concurrency: 1 } },
			{
				continueOnFail: true,
				input: [{ json: { prompt: 'first' } }, { json: { prompt: 'second' } }],
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.error).toBe(
			'Gemini Generate Content failed for item 0: DGrid rejected the request as invalid (HTTP 400)',
		);
		expect(result.items[0].json.details).toContain(
			'DGrid said: Model gemini-x is not supported (request id: R1)',
		);
		expect(result.items[1].binary?.data.mimeType).toBe('image/png');
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
	});
});
