/**
 * Chat without n8n: the request body built from option values, and the response readers
 * (markdown / parts / images[], server-sent events).
 */
import type { IDataObject } from 'n8n-workflow';

import { buildChatBody } from '../../../nodes/DGridImages/chat/chat.operation';
import { CHAT_FIELDS } from '../../../nodes/DGridImages/chat/fields';
import { GEMINI_FIELDS } from '../../../nodes/DGridImages/gemini/fields';
import {
	extractImagesFromText,
	imageCandidateFromUrl,
	readChatCompletion,
	readChatMessage,
} from '../../../nodes/DGridImages/chat/message';
import {
	ChatStreamAssembler,
	ChatStreamError,
	SseParser,
	readChatStream,
} from '../../../nodes/DGridImages/chat/stream';
import { BrokenBodyError } from '../../../nodes/DGridImages/transport/body';
import { makeImage } from '../../tools/gateway';

const png = makeImage('png', { width: 8, height: 6, seed: 1 });
const jpeg = makeImage('jpeg', { width: 8, height: 8, seed: 2 });
const b64 = (buf: Buffer) => buf.toString('base64');

describe('Chat request body', () => {
	const base = { model: 'gemini-2.5-flash-image', prompt: 'A fox', imageUrls: [], options: {} };

	it('defaults: the prompt as plain text, stream false', () => {
		expect(buildChatBody(base)).toEqual({
			model: 'gemini-2.5-flash-image',
			messages: [{ role: 'user', content: 'A fox' }],
			stream: false,
		});
	});

	it('every option: system, prior messages, images as image_url parts, snake_case image config, streaming usage', () => {
		const body = buildChatBody({
			...base,
			imageUrls: ['https://example.com/a.png', 'data:image/png;base64,AAAA'],
			options: {
				systemMessage: 'You draw.',
				priorMessages: {
					messages: [
						{ role: 'user', text: 'Hi' },
						{ role: 'assistant', text: 'Hello!' },
						{ role: 'user', text: '  ' },
					],
				},
				aspectRatio: '9:16',
				imageSize: '2K',
				stream: true,
			},
		});
		expect(body).toEqual({
			model: 'gemini-2.5-flash-image',
			messages: [
				{ role: 'system', content: 'You draw.' },
				{ role: 'user', content: 'Hi' },
				{ role: 'assistant', content: 'Hello!' },
				{
					role: 'user',
					content: [
						{ type: 'text', text: 'A fox' },
						{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
						{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
					],
				},
			],
			stream: true,
			stream_options: { include_usage: true },
			extra_body: { google: { image_config: { aspect_ratio: '9:16', image_size: '2K' } } },
		});
	});

	it('additional body fields merge into extra_body without losing the image config', () => {
		const body = buildChatBody({
			...base,
			options: {
				aspectRatio: '3:2',
				additionalBodyFields: { extra_body: { google: { foo: 1 } }, temperature: 0.2 },
			},
		});
		expect(body.extra_body).toEqual({ google: { image_config: { aspect_ratio: '3:2' }, foo: 1 } });
		expect(body.temperature).toBe(0.2);
	});

	it('the image config is declared once: both operations use the same parameters', () => {
		const gemini = GEMINI_FIELDS.filter((field) =>
			field.wireName.startsWith('generationConfig.imageConfig.'),
		);
		const chat = CHAT_FIELDS.filter((field) =>
			field.wireName.startsWith('extra_body.google.image_config.'),
		);
		expect(gemini.map((field) => field.wireName)).toEqual([
			'generationConfig.imageConfig.aspectRatio',
			'generationConfig.imageConfig.imageSize',
		]);
		expect(chat.map((field) => field.wireName)).toEqual([
			'extra_body.google.image_config.aspect_ratio',
			'extra_body.google.image_config.image_size',
		]);
		expect(chat.map((field) => field.property)).toEqual(gemini.map((field) => field.property));
		expect(chat[0].property).toBe(gemini[0].property);
	});
});

describe('chat image extraction', () => {
	const dataUrl = `data:image/png;base64,${b64(png)}`;

	it('markdown data: and https: images, links to image files, bare URLs; text kept without them', () => {
		const text = [
			'Here is your image:',
			`![image](${dataUrl})`,
			'And from the CDN: ![a fox](https://cdn.example.com/x/fox.webp "Fox")',
			'Download: [full size](https://cdn.example.com/full.jpg?sig=1), see https://cdn.example.com/plain.PNG.',
			'Docs: [guide](https://example.com/guide) and https://example.com/page',
		].join('\n');
		const found = extractImagesFromText(text);
		expect(found.urls).toEqual([
			dataUrl,
			'https://cdn.example.com/x/fox.webp',
			'https://cdn.example.com/full.jpg?sig=1',
			'https://cdn.example.com/plain.PNG',
		]);
		expect(found.text).toBe(
			[
				'Here is your image:',
				'',
				'And from the CDN:',
				'Download: , see .',
				'Docs: [guide](https://example.com/guide) and https://example.com/page',
			].join('\n'),
		);
	});

	it('markdown https image with a title, and bare data: URLs', () => {
		const found = extractImagesFromText(
			`![fox](https://cdn.example.com/f.png "A fox")\n\n\n\nok ${dataUrl} done`,
		);
		expect(found.urls).toEqual(['https://cdn.example.com/f.png', dataUrl]);
		expect(found.text).toBe('ok  done');
	});

	it('content-part arrays, message.images[] and duplicates across them', () => {
		const message = {
			role: 'assistant',
			content: [
				{ type: 'text', text: `Two images ![image](${dataUrl})` },
				{ type: 'image_url', image_url: { url: 'https://cdn.example.com/b.png' } },
				{ type: 'image_url', image_url: 'https://cdn.example.com/c.png' },
				{ type: 'image', b64_json: b64(jpeg), mime_type: 'image/jpeg' },
			],
			images: [
				{ type: 'image_url', image_url: { url: dataUrl } },
				{ image_url: { url: 'https://cdn.example.com/d.png' } },
			],
		};
		expect(readChatMessage(message)).toEqual({
			urls: [
				dataUrl,
				'https://cdn.example.com/b.png',
				'https://cdn.example.com/c.png',
				`data:image/jpeg;base64,${b64(jpeg)}`,
				'https://cdn.example.com/d.png',
			],
			text: 'Two images',
		});
	});

	it('data: URLs decode to bytes with their declared type; https stays a URL', () => {
		expect(imageCandidateFromUrl(`data:image/jpeg;base64,${b64(png)}`)).toEqual({
			data: png,
			declaredMimeType: 'image/jpeg',
		});
		expect(imageCandidateFromUrl(`data:image/png;name=a.png;base64,${b64(png)}`)).toEqual({
			data: png,
			declaredMimeType: 'image/png',
		});
		expect(imageCandidateFromUrl('https://cdn.example.com/a.png')).toEqual({
			url: 'https://cdn.example.com/a.png',
		});
		// Broken %-escapes: still an "image", which the output path then reports as not one.
		expect(imageCandidateFromUrl('data:image/png,%E0%A4%A').data).toEqual(Buffer.alloc(0));
	});
});

describe('readChatCompletion', () => {
	const completion = (content: unknown, extra: IDataObject = {}) => ({
		id: 'chatcmpl-1',
		object: 'chat.completion',
		choices: [
			{ index: 0, message: { role: 'assistant', content, ...extra }, finish_reason: 'stop' },
		],
		usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
	});

	it('DGrid shape: markdown images after the text', () => {
		const result = readChatCompletion(
			completion(
				`Here:\n![image](data:image/png;base64,${b64(png)})\n![image](data:image/jpeg;base64,${b64(jpeg)})`,
			),
		);
		expect(result.images).toEqual([
			{ data: png, declaredMimeType: 'image/png' },
			{ data: jpeg, declaredMimeType: 'image/jpeg' },
		]);
		expect(result.json).toEqual({
			text: 'Here:',
			finishReason: 'stop',
			usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
		});
	});

	it('text only: the text quoted; a refusal or a content filter is blocked', () => {
		const text = readChatCompletion(completion('I would rather describe it.'));
		expect(text.images).toEqual([]);
		expect(text.blocked).toBe(false);
		expect(text.noImageReason).toBe(
			'The model stopped with finish_reason stop (the model finished without an image; it may have answered with text only). The model\'s text: "I would rather describe it."',
		);
		const refused = readChatCompletion(completion(null, { refusal: 'No.' }));
		expect(refused.blocked).toBe(true);
		expect(refused.json.refusal).toBe('No.');
		const filtered = readChatCompletion({
			choices: [{ message: { content: '' }, finish_reason: 'content_filter' }],
		});
		expect(filtered.blocked).toBe(true);
		expect(filtered.noImageReason).toContain(
			'content_filter (the output was blocked by a content filter)',
		);
	});

	it('no choices, or not an object', () => {
		expect(readChatCompletion({ choices: [] }).noImageReason).toBe('The answer has no choices.');
		expect(readChatCompletion([1, 2]).noImageReason).toBe(
			"DGrid's answer is not a chat completion.",
		);
	});
});

describe('server-sent events', () => {
	const events = ['{"a":1}', '{"b":"two\\nlines"}', '[DONE]'];
	const wire = events.map((data) => `data: ${data}\n\n`).join('');

	it('events come out whole whatever the chunking', () => {
		for (let cut = 0; cut <= wire.length; cut++) {
			const parser = new SseParser();
			const out = [...parser.push(wire.slice(0, cut)), ...parser.push(wire.slice(cut))];
			expect(out).toEqual(events);
			expect(parser.end()).toBeUndefined();
		}
	});

	it('CRLF, CR, comments, other fields, multi-line data, a BOM, no space after the colon', () => {
		const parser = new SseParser();
		const text =
			'\uFEFF: keep-alive\r\nevent: message\r\ndata:{"x":\r\ndata: 1}\r\n\r\nid: 7\rdata: [DONE]\r\r';
		const bytes = Buffer.from(text, 'utf8');
		const out: string[] = [];
		for (const byte of bytes) out.push(...parser.push(Buffer.from([byte])));
		expect(out).toEqual(['{"x":\n1}', '[DONE]']);
	});

	it('an event that never ends is handed back by end()', () => {
		const parser = new SseParser();
		expect(parser.push('data: {"a":1}\ndata: 2')).toEqual([]);
		expect(parser.end()).toBe('{"a":1}\n2');
	});

	it('the buffer is bounded', () => {
		const parser = new SseParser(1000);
		expect(() => parser.push(`data: ${'x'.repeat(2000)}`)).toThrow(ChatStreamError);
	});

	it('multi-byte characters split across chunks survive', () => {
		const bytes = Buffer.from('data: {"t":"żółw 🐢"}\n\n', 'utf8');
		const parser = new SseParser();
		const out = [...parser.push(bytes.subarray(0, 16)), ...parser.push(bytes.subarray(16))];
		expect(out).toEqual(['{"t":"żółw 🐢"}']);
	});
});

async function* chunksOf(...parts: Array<string | Buffer>) {
	for (const part of parts) yield part;
}

const sse = (...payloads: string[]) => payloads.map((payload) => `data: ${payload}\n\n`).join('');

describe('readChatStream', () => {
	const head = { id: 'chatcmpl-9', created: 1, model: 'gemini-2.5-flash-image' };
	const chunk = (delta: IDataObject, finish: string | null = null) =>
		JSON.stringify({
			...head,
			object: 'chat.completion.chunk',
			choices: [{ index: 0, delta, finish_reason: finish }],
		});
	const usage = { prompt_tokens: 4, completion_tokens: 1295, total_tokens: 1299 };
	const image = `![image](data:image/png;base64,${b64(png)})`;
	const stream = sse(
		chunk({ role: 'assistant', content: '' }),
		chunk({ content: 'Here is your image:\n' }),
		chunk({ content: image }),
		chunk({}, 'stop'),
		JSON.stringify({ ...head, object: 'chat.completion.chunk', choices: [], usage }),
		'[DONE]',
	);
	const whole = {
		...head,
		object: 'chat.completion',
		choices: [
			{
				index: 0,
				message: { role: 'assistant', content: `Here is your image:\n${image}` },
				finish_reason: 'stop',
			},
		],
		usage,
	};

	it('assembles the chunks into the completion a non-streamed answer would be', async () => {
		const completion = await readChatStream(
			chunksOf(stream.slice(0, 100), stream.slice(100, 5000), stream.slice(5000)),
		);
		expect(completion).toEqual(whole);
		expect(readChatCompletion(completion)).toEqual(readChatCompletion(whole));
	});

	it('message.images deltas, part arrays and several choices', async () => {
		const completion = (await readChatStream(
			chunksOf(
				sse(
					JSON.stringify({
						choices: [{ index: 1, delta: { content: [{ type: 'text', text: 'b' }] } }],
					}),
					JSON.stringify({
						choices: [
							{
								index: 0,
								delta: { content: 'a', images: [{ image_url: { url: 'https://x/1.png' } }] },
							},
						],
					}),
					JSON.stringify({
						choices: [
							{
								index: 1,
								delta: { content: [{ type: 'image_url', image_url: { url: 'https://x/2.png' } }] },
								finish_reason: 'stop',
							},
						],
					}),
				),
			),
		)) as IDataObject;
		expect(completion.choices).toEqual([
			{
				index: 0,
				message: {
					role: 'assistant',
					content: 'a',
					images: [{ image_url: { url: 'https://x/1.png' } }],
				},
				finish_reason: null,
			},
			{
				index: 1,
				message: {
					role: 'assistant',
					content: [
						{ type: 'text', text: 'b' },
						{ type: 'image_url', image_url: { url: 'https://x/2.png' } },
					],
				},
				finish_reason: 'stop',
			},
		]);
		expect(readChatCompletion(completion).images).toEqual([
			{ url: 'https://x/1.png', json: { choiceIndex: 0 } },
			{ url: 'https://x/2.png', json: { choiceIndex: 1 } },
		]);
	});

	it('a JSON answer instead of events is read whole (by header or by its first byte)', async () => {
		expect(
			await readChatStream(chunksOf(JSON.stringify(whole)), { contentType: 'application/json' }),
		).toEqual(whole);
		expect(await readChatStream(chunksOf('  \n', '{"error":{"message":"boom"}}'))).toEqual({
			error: { message: 'boom' },
		});
		await expect(readChatStream(chunksOf('{"error":'))).rejects.toThrow(
			"DGrid's answer is neither a stream of server-sent events nor valid JSON",
		);
	});

	it('an error event is handed back for the caller to report', async () => {
		const error = {
			error: { message: 'upstream failed (request id: 42)', type: 'upstream_error' },
		};
		expect(
			await readChatStream(chunksOf(sse(chunk({ content: 'x' }), JSON.stringify(error)))),
		).toEqual(error);
	});

	const failureOf = (parts: Array<string | Buffer>) =>
		readChatStream(chunksOf(...parts)).then(
			() => undefined,
			(e: unknown) => e,
		);

	it('malformed streams are ChatStreamErrors with clear messages', async () => {
		const cases: Array<[string[], string]> = [
			[[sse('{not json')], "DGrid's stream contains an event that is not JSON"],
			[[sse('[1,2]')], "DGrid's stream contains an event that is not a chat completion chunk"],
		];
		for (const [parts, message] of cases) {
			const error = await failureOf(parts);
			expect(error).toBeInstanceOf(ChatStreamError);
			expect((error as Error).message).toBe(message);
		}
	});

	it('streams that end early are cut-off bodies: events counted, sent again only before image data', async () => {
		const here = sse(chunk({ content: 'Here' }));
		const cases: Array<[string[], Partial<BrokenBodyError['info']>]> = [
			[
				[here],
				{
					kind: 'cut',
					events: 1,
					detail: 'neither a finish_reason nor [DONE] had arrived',
					retryable: true,
				},
			],
			[
				[`${here}data: {"choices":[{"delta":{"content":"Sure`],
				{ kind: 'cut', events: 1, detail: 'in the middle of an event', retryable: true },
			],
			[
				[''],
				{
					kind: 'cut',
					bytes: 0,
					events: 0,
					detail: 'the connection closed before the first event',
					retryable: true,
				},
			],
			[['\n\n', ': ping\n\n'], { kind: 'cut', events: 0, retryable: true }],
			// Image data arrived (whole, or the start of an image event): a new request would be paid again.
			[[sse(chunk({ content: image }))], { kind: 'cut', events: 1, retryable: false }],
			[
				[`${here}data: {"choices":[{"delta":{"content":"![image](data:image/png;base64,iVBOR`],
				{ kind: 'cut', retryable: false },
			],
		];
		for (const [parts, info] of cases) {
			const error = await failureOf(parts);
			expect(error).toBeInstanceOf(BrokenBodyError);
			expect((error as BrokenBodyError).info).toMatchObject(info);
			expect((error as BrokenBodyError).info.bytes).toBe(Buffer.byteLength(parts.join('')));
		}
	});

	it('a body that breaks underneath keeps its kind and gains the event count and the retry decision', async () => {
		async function* cutAfterTwoEvents() {
			yield sse(chunk({ role: 'assistant', content: '' }), chunk({ content: 'Here' }));
			throw new BrokenBodyError({ kind: 'stalled', bytes: 321, idleMs: 1000, retryable: false });
		}
		const error = await readChatStream(cutAfterTwoEvents()).then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(BrokenBodyError);
		expect((error as BrokenBodyError).info).toEqual({
			kind: 'stalled',
			bytes: 321,
			idleMs: 1000,
			events: 2,
			retryable: true,
		});
	});

	it('a final [DONE] without its blank line still completes the stream', async () => {
		const completion = await readChatStream(
			chunksOf(`${sse(chunk({ content: 'x' }))}data: [DONE]`),
		);
		expect((completion as IDataObject).choices).toEqual([
			{ index: 0, message: { role: 'assistant', content: 'x' }, finish_reason: null },
		]);
	});

	it('stops reading at [DONE]', async () => {
		let pulled = 0;
		async function* endless() {
			yield sse(chunk({ content: 'x' }, 'stop'), '[DONE]');
			for (;;) {
				pulled++;
				yield 'data: {"choices":[]}\n\n';
				if (pulled > 1000) return;
			}
		}
		await readChatStream(endless());
		expect(pulled).toBe(0);
	});

	it('the assembler ignores chunks after [DONE]', () => {
		const assembler = new ChatStreamAssembler();
		assembler.accept('[DONE]');
		assembler.accept('{not json');
		expect(assembler.done).toBe(true);
	});
});
