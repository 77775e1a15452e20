/**
 * Chat through n8n-core's real engine against the test gateway: the exact chat/completions body,
 * images read from every shape gateways answer with, and streamed answers giving the very same
 * items as whole ones — or a clear error when the stream is broken.
 */
import type { IDataObject } from 'n8n-workflow';

import { makeImage, toDataUrl } from '../tools/gateway';
import type { RunResult } from '../tools/harness';
import type { NodeRun } from './support';
import { modelId, onlyRequest, runNode, useGateway } from './support';

const gateway = useGateway();

const run = (parameters: IDataObject, extra?: NodeRun) =>
	runNode(gateway, { operation: 'chat', ...parameters }, extra);

const b64 = (buf: Buffer) => buf.toString('base64');

const png = makeImage('png', { width: 12, height: 8, seed: 21 });
const jpeg = makeImage('jpeg', { width: 16, height: 16, seed: 22 });
const webp = makeImage('webp', { width: 10, height: 6, seed: 23 });
const usage = { prompt_tokens: 9, completion_tokens: 3870, total_tokens: 3879 };

const completion = (message: IDataObject, finish = 'stop') => ({
	id: 'chatcmpl-test',
	object: 'chat.completion',
	created: 1700000000,
	model: 'gemini-2.5-flash-image',
	choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }],
	usage,
});

/** The same answer as server-sent events, the way DGrid streams it: one whole image per chunk. */
function streamOf(contentPieces: string[], finish = 'stop'): string[] {
	const head = {
		id: 'chatcmpl-test',
		object: 'chat.completion.chunk',
		created: 1700000000,
		model: 'gemini-2.5-flash-image',
	};
	const chunk = (delta: IDataObject, finishReason: string | null = null) =>
		JSON.stringify({ ...head, choices: [{ index: 0, delta, finish_reason: finishReason }] });
	return [
		chunk({ role: 'assistant', content: '' }),
		...contentPieces.map((content) => chunk({ content })),
		chunk({}, finish),
		JSON.stringify({ ...head, choices: [], usage }),
		'[DONE]',
	];
}

/** What a test compares between runs: json and the bytes of every binary. */
const comparable = (result: RunResult) =>
	result.items.map((item) => ({
		json: item.json,
		pairedItem: item.pairedItem,
		binary: Object.fromEntries(
			Object.entries(item.binary ?? {}).map(([field, data]) => [
				field,
				{ mimeType: data.mimeType, fileName: data.fileName, bytes: b64(data.buffer) },
			]),
		),
	}));

describe('Chat: requests', () => {
	it('defaults: an image-capable Gemini model, the prompt as plain text, not streamed', async () => {
		const result = await run({ prompt: 'A cozy reading corner with a cat' });
		expect(result.error).toBeUndefined();
		const request = onlyRequest(gateway);
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/v1/chat/completions');
		expect(request.authorization).toBe(`Bearer ${gateway.apiKey}`);
		expect(request.json).toEqual({
			model: 'gemini-2.5-flash-image',
			messages: [{ role: 'user', content: 'A cozy reading corner with a cat' }],
			stream: false,
		});
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item.binary?.data.buffer.equals(gateway.produced[0].bytes)).toBe(true);
		expect(item.binary?.data.mimeType).toBe('image/png');
		expect(item.binary?.data.fileName).toBe('a-cozy-reading-corner-with-a-1-1.png');
		expect(item.json).toMatchObject({
			model: 'gemini-2.5-flash-image',
			prompt: 'A cozy reading corner with a cat',
			text: 'Here is your image:',
			finishReason: 'stop',
			usage: { total_tokens: expect.any(Number) },
			imageCount: 1,
		});
		expect(JSON.stringify(item.json)).not.toContain('base64');
	});

	it('every option: system and prior messages, one binary image as a data URL, snake_case image config', async () => {
		const result = await run(
			{
				model: modelId('gemini-3-pro-image-preview'),
				prompt: 'Now make it night',
				includeInputImages: true,
				binaryPropertyNames: 'photo',
				options: {
					additionalBodyFields: {
						temperature: 0.5,
						extra_body: { google: { image_config: { image_size: '4K' } } },
					},
					aspectRatio: '4:5',
					imageSize: '2K',
					priorMessages: {
						messages: [
							{ role: 'user', text: 'Draw a lighthouse' },
							{ role: 'assistant', text: 'Here is a lighthouse.' },
						],
					},
					stream: false,
					systemMessage: 'You are an illustrator.',
				},
			},
			{
				input: [
					{ binary: { photo: { data: png, mimeType: 'image/jpeg', fileName: 'photo.jpg' } } },
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(onlyRequest(gateway).json).toEqual({
			model: 'gemini-3-pro-image-preview',
			messages: [
				{ role: 'system', content: 'You are an illustrator.' },
				{ role: 'user', content: 'Draw a lighthouse' },
				{ role: 'assistant', content: 'Here is a lighthouse.' },
				{
					role: 'user',
					content: [
						{ type: 'text', text: 'Now make it night' },
						{ type: 'image_url', image_url: { url: `data:image/png;base64,${b64(png)}` } },
					],
				},
			],
			stream: false,
			extra_body: { google: { image_config: { aspect_ratio: '4:5', image_size: '4K' } } },
			temperature: 0.5,
		});
		expect(result.items).toHaveLength(1);
	});

	it('several input images: binaries as data URLs, https URLs passed through as they are', async () => {
		const hosted = gateway.hostImage(jpeg, 'jpg');
		const fromUrls = await run({
			prompt: 'Blend',
			includeInputImages: true,
			imageSource: 'url',
			imageUrls: `${hosted}, ${toDataUrl(webp, 'image/webp')}`,
			options: { stream: true },
		});
		expect(fromUrls.error).toBeUndefined();
		expect(gateway.cdnRequests).toHaveLength(0);
		expect(onlyRequest(gateway).json).toEqual({
			model: 'gemini-2.5-flash-image',
			messages: [
				{
					role: 'user',
					content: [
						{ type: 'text', text: 'Blend' },
						{ type: 'image_url', image_url: { url: hosted } },
						{ type: 'image_url', image_url: { url: toDataUrl(webp, 'image/webp') } },
					],
				},
			],
			stream: true,
			stream_options: { include_usage: true },
		});

		gateway.reset();
		const fromBinaries = await run(
			{ prompt: 'Blend', includeInputImages: true, binaryPropertyNames: 'a,b' },
			{
				input: [
					{
						binary: {
							a: { data: jpeg, mimeType: 'image/jpeg', fileName: 'a.jpg' },
							b: { data: png, mimeType: 'image/png', fileName: 'b.png' },
						},
					},
				],
			},
		);
		expect(fromBinaries.error).toBeUndefined();
		const content = (onlyRequest(gateway).json as { messages: Array<{ content: unknown }> })
			.messages[0].content;
		expect(content).toEqual([
			{ type: 'text', text: 'Blend' },
			{ type: 'image_url', image_url: { url: `data:image/jpeg;base64,${b64(jpeg)}` } },
			{ type: 'image_url', image_url: { url: `data:image/png;base64,${b64(png)}` } },
		]);
	});
});

describe('Chat: answers in every image shape', () => {
	const markdown = (buf: Buffer, mime: string) => `![image](data:${mime};base64,${b64(buf)})`;

	// Each gateway's way of putting two images (a PNG, a JPEG) in a chat message; https: ones are hosted by the test CDN.
	const shapes = (hostedPng: string, hostedJpeg: string): Array<[string, IDataObject]> => [
		[
			'markdown data:',
			{ content: `Two images:\n${markdown(png, 'image/png')}\n${markdown(jpeg, 'image/jpeg')}` },
		],
		[
			'markdown https:',
			{ content: `Two images:\n![image](${hostedPng})\n![image](${hostedJpeg})` },
		],
		[
			'content parts',
			{
				content: [
					{ type: 'text', text: 'Two images:' },
					{ type: 'image_url', image_url: { url: `data:image/png;base64,${b64(png)}` } },
					{ type: 'image_url', image_url: { url: hostedJpeg } },
				],
			},
		],
		[
			'message.images[]',
			{
				content: 'Two images:',
				images: [
					{ type: 'image_url', image_url: { url: `data:image/png;base64,${b64(png)}` } },
					{ type: 'image_url', image_url: { url: hostedJpeg } },
				],
			},
		],
	];

	it.each(['markdown data:', 'markdown https:', 'content parts', 'message.images[]'])(
		'%s: two images give the same files',
		async (shape) => {
			const hosted = [gateway.hostImage(png, 'png'), gateway.hostImage(jpeg, 'jpg')] as const;
			const message = Object.fromEntries(shapes(...hosted))[shape];
			gateway.queueResponse({ route: 'chat', json: completion(message) });
			const result = await run({ prompt: 'Two images' });
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.binary?.data.mimeType)).toEqual([
				'image/png',
				'image/jpeg',
			]);
			expect(result.items[0].binary?.data.buffer.equals(png)).toBe(true);
			expect(result.items[1].binary?.data.buffer.equals(jpeg)).toBe(true);
			expect(result.items[0].json).toMatchObject({
				text: 'Two images:',
				finishReason: 'stop',
				usage,
			});
			for (const request of gateway.cdnRequests) expect(request.hadAuthorization).toBe(false);
		},
	);

	const answers: Array<[string, string[]]> = [
		['none', ['I can only describe it: a cat on a chair.']],
		['one', ['Here you go:\n', markdown(webp, 'image/webp')]],
		[
			'three',
			[
				markdown(jpeg, 'image/jpeg'),
				'\nFirst, then two more:\n',
				markdown(png, 'image/png'),
				'\n',
				markdown(webp, 'image/webp'),
				'\nDone.',
			],
		],
	];

	it.each(answers)(
		'%s image(s) mixed with text: non-streamed and streamed give identical items',
		async (name, pieces) => {
			const parameters = { prompt: `Answer ${name}`, options: { acceptTextOnly: true } };
			gateway.queueResponse({ route: 'chat', json: completion({ content: pieces.join('') }) });
			const whole = await run(parameters);
			gateway.queueResponse({ route: 'chat', sse: streamOf(pieces) });
			const streamed = await run({
				...parameters,
				options: { ...parameters.options, stream: true },
			});
			expect(whole.error).toBeUndefined();
			expect(streamed.error).toBeUndefined();
			expect(comparable(streamed)).toEqual(comparable(whole));
			expect(whole.items).toHaveLength(name === 'three' ? 3 : 1);
		},
	);

	it('a streamed three-image answer: its text without the markup, the images in answer order', async () => {
		gateway.queueResponse({ route: 'chat', sse: streamOf(answers[2][1]) });
		const last = comparable(await run({ prompt: 'Answer three', options: { stream: true } }));
		expect(last.map((item) => item.binary.data.mimeType)).toEqual([
			'image/jpeg',
			'image/png',
			'image/webp',
		]);
		expect(last[0].json.text).toBe('First, then two more:\n\nDone.');
	});

	it("the gateway's own streamed answer with three mislabelled images", async () => {
		const result = await run({
			prompt: 'Cats [dgrid:images=3] [dgrid:mislabel]',
			options: { stream: true, outputMode: 'oneItem' },
		});
		expect(result.error).toBeUndefined();
		expect(onlyRequest(gateway).json).toMatchObject({
			stream: true,
			stream_options: { include_usage: true },
		});
		const [item] = result.items;
		expect(Object.keys(item.binary ?? {})).toEqual(['data', 'data_1', 'data_2']);
		gateway.produced.forEach((produced, index) => {
			const binary = item.binary?.[index === 0 ? 'data' : `data_${index}`];
			expect(binary?.buffer.equals(produced.bytes)).toBe(true);
			expect(binary?.mimeType).toBe('image/png');
		});
		expect(item.json.images).toEqual(
			gateway.produced.map(() =>
				expect.objectContaining({ mimeType: 'image/png', declaredMimeType: 'image/jpeg' }),
			),
		);
		expect(item.json).toMatchObject({
			text: 'Here is your image:',
			finishReason: 'stop',
			usage: { total_tokens: expect.any(Number) },
		});
	});

	it('a text-only answer fails quoting the text, unless text-only answers are accepted', async () => {
		const failed = await run({ prompt: 'A cat [dgrid:images=0]' });
		expect(failed.error?.message).toBe("Chat failed for item 0: DGrid's answer contains no image");
		expect(failed.error?.description).toBe(
			'The model stopped with finish_reason stop (the model finished without an image; it may have answered with text only). The model\'s text: "I could not create an image this time."',
		);
		const accepted = await run({
			prompt: 'A cat [dgrid:images=0]',
			options: { acceptTextOnly: true, stream: true },
		});
		expect(accepted.error).toBeUndefined();
		expect(accepted.items).toHaveLength(1);
		expect(accepted.items[0].binary).toBeUndefined();
		expect(accepted.items[0].json).toMatchObject({
			text: 'I could not create an image this time.',
			imageCount: 0,
		});
	});

	it('a content-filtered answer fails even when text-only answers are accepted', async () => {
		gateway.queueResponse({
			route: 'chat',
			json: completion({ content: 'Sorry.' }, 'content_filter'),
		});
		const result = await run({ prompt: 'A cat', options: { acceptTextOnly: true } });
		expect(result.error?.description).toBe(
			'The model stopped with finish_reason content_filter (the output was blocked by a content filter). The model\'s text: "Sorry."',
		);
	});
});

describe('Chat: streams that go wrong', () => {
	it('an event that is not JSON', async () => {
		gateway.queueResponse({
			route: 'chat',
			sse: ['{"choices":[{"index":0,"delta":{"content":"Hi"}}]}', '{oops'],
		});
		const result = await run({ prompt: 'A cat', options: { stream: true } });
		expect(result.error?.message).toBe(
			"Chat failed for item 0: DGrid's stream contains an event that is not JSON",
		);
		expect(result.error?.description).toBe('The event starts with: {oops');
	});

	it('a stream that ends after the image but before finish_reason or [DONE]: not sent again, the error says how far it got', async () => {
		const events = streamOf(['Here:\n', `![image](data:image/png;base64,${b64(png)})`]).slice(0, 3);
		gateway.queueResponse({ route: 'chat', sse: events });
		const result = await run({ prompt: 'A cat', options: { stream: true } });
		const bytes = events.reduce((sum, event) => sum + Buffer.byteLength(`data: ${event}\n\n`), 0);
		expect(result.error?.message).toBe(
			`Chat failed for item 0: DGrid's answer was cut off after ${bytes} bytes, 3 events (HTTP 200)`,
		);
		expect(result.error?.description).toContain('neither a finish_reason nor [DONE] had arrived');
		expect(result.error?.description).toContain(
			'Image data had already arrived, so the request was not sent again',
		);
		expect(gateway.requests).toHaveLength(1);
	});

	it('a stream cut off in the middle of an event, before any image data, is sent again', async () => {
		const events = streamOf([`![image](data:image/png;base64,${b64(png)})`]);
		const raw = `data: ${events[0]}\n\ndata: ${events[1].slice(0, 80)}`;
		gateway.queueResponse({ route: 'chat', raw, headers: { 'Content-Type': 'text/event-stream' } });
		const result = await run({ prompt: 'A cat', options: { stream: true } });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.attempts).toBe(2);
		expect(gateway.requests.map((request) => request.status)).toEqual([200, 200]);
	});

	it("an error event inside the stream is reported with DGrid's message", async () => {
		gateway.queueResponse({
			route: 'chat',
			sse: [
				JSON.stringify({
					error: {
						message: 'upstream stream broke (request id: S1)',
						type: 'upstream_error',
						code: 'bad_response',
					},
				}),
			],
		});
		const result = await run({ prompt: 'A cat', options: { stream: true } });
		expect(result.error?.message).toBe(
			'Chat failed for item 0: DGrid answered with an error instead of a result (HTTP 200)',
		);
		expect(result.error?.description).toContain(
			'DGrid said: upstream stream broke (request id: S1)',
		);
		expect(result.error?.description).toContain('Request ID: S1');
	});

	it('a JSON answer instead of a stream: a whole completion is read, an error object reported', async () => {
		gateway.queueResponse({
			route: 'chat',
			json: completion({ content: `![image](data:image/png;base64,${b64(png)})` }),
		});
		const read = await run({ prompt: 'A cat', options: { stream: true } });
		expect(read.error).toBeUndefined();
		expect(read.items[0].binary?.data.buffer.equals(png)).toBe(true);

		gateway.queueResponse({
			route: 'chat',
			json: {
				error: {
					message: 'quota exhausted (request id: Q9)',
					type: 'new_api_error',
					code: 'insufficient_quota',
				},
			},
		});
		const failed = await run({ prompt: 'A cat', options: { stream: true } });
		expect(failed.error?.description).toContain('DGrid said: quota exhausted (request id: Q9)');
	});

	it('HTTP errors on a streamed call are DGrid errors, retried like any other call', async () => {
		gateway.queueFault({ route: 'chat', kind: 'status', status: 429, retryAfter: '0' });
		const retried = await run({ prompt: 'A cat', options: { stream: true } });
		expect(retried.error).toBeUndefined();
		expect(gateway.requests.map((request) => request.status)).toEqual([429, 200]);

		gateway.reset();
		gateway.queueFault({
			route: 'chat',
			kind: 'status',
			status: 503,
			body: { error: { message: 'no channel for model x', code: 'model_not_found' } },
		});
		const failed = await run({ prompt: 'A cat', options: { stream: true, maxRetries: 0 } });
		expect(failed.error?.message).toBe(
			'Chat failed for item 0: DGrid has no provider available for this model right now (HTTP 503)',
		);
	});
});
