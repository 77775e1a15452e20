/**
 * Gemini Generate Content and Chat, without n8n: request bodies built from option values, and
 * the response readers (Gemini parts, chat markdown / parts / images[], server-sent events).
 */
import type { IDataObject } from 'n8n-workflow';

import { CHAT_FIELDS, buildChatBody } from '../../nodes/DGridImages/actions/chat.operation';
import {
	GEMINI_FIELDS,
	buildGeminiBody,
	geminiPath,
} from '../../nodes/DGridImages/actions/geminiGenerateContent.operation';
import {
	extractImagesFromText,
	imageCandidateFromUrl,
	readChatCompletion,
	readChatMessage,
} from '../../nodes/DGridImages/helpers/chatMessage';
import {
	ChatStreamAssembler,
	ChatStreamError,
	SseParser,
	readChatStream,
} from '../../nodes/DGridImages/helpers/chatStream';
import { normalizeImageSize } from '../../nodes/DGridImages/helpers/geminiImageConfig';
import {
	GeminiOptionError,
	acceptsAsTextOnly,
	mergeDeep,
	parseAdditionalBodyFields,
} from '../../nodes/DGridImages/helpers/geminiOptions';
import { readGeminiResponse } from '../../nodes/DGridImages/helpers/geminiResponse';
import { makeImage } from '../gateway';

const png = makeImage('png', { width: 8, height: 6, seed: 1 });
const jpeg = makeImage('jpeg', { width: 8, height: 8, seed: 2 });
const webp = makeImage('webp', { width: 4, height: 4, seed: 3 });
const b64 = (buf: Buffer) => buf.toString('base64');
const pngInfo = { mimeType: 'image/png', extension: 'png', label: 'PNG' };
const jpegInfo = { mimeType: 'image/jpeg', extension: 'jpg', label: 'JPEG' };

function optionError(run: () => unknown): GeminiOptionError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(GeminiOptionError);
		return error as GeminiOptionError;
	}
	throw new Error('expected a GeminiOptionError');
}

describe('Gemini request body', () => {
	const base = { prompt: 'A fox', images: [], responseModalities: 'IMAGE', options: {}, model: 'gemini-2.5-flash-image' };

	it('defaults: the prompt as one text part, image-only modality', () => {
		expect(buildGeminiBody(base)).toEqual({
			contents: [{ role: 'user', parts: [{ text: 'A fox' }] }],
			generationConfig: { responseModalities: ['IMAGE'] },
		});
	});

	it('every option at its camelCase wire name; images as inlineData parts after the text', () => {
		const body = buildGeminiBody({
			...base,
			images: [
				{ data: png, info: pngInfo },
				{ data: jpeg, info: jpegInfo },
			],
			responseModalities: 'TEXT_IMAGE',
			options: {
				aspectRatio: '21:9',
				imageSize: '4K',
				temperature: 0.4,
				seed: 42,
				systemInstruction: 'Flat colours only.',
				safetySettings: {
					settings: [
						{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' },
						{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', threshold: 'OFF' },
					],
				},
				acceptTextOnly: true,
				binaryPropertyName: 'image',
				timeout: 30,
			},
		});
		expect(body).toEqual({
			contents: [
				{
					role: 'user',
					parts: [
						{ text: 'A fox' },
						{ inlineData: { mimeType: 'image/png', data: b64(png) } },
						{ inlineData: { mimeType: 'image/jpeg', data: b64(jpeg) } },
					],
				},
			],
			generationConfig: {
				responseModalities: ['TEXT', 'IMAGE'],
				imageConfig: { aspectRatio: '21:9', imageSize: '4K' },
				temperature: 0.4,
				seed: 42,
			},
			safetySettings: [
				{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' },
				{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', threshold: 'OFF' },
			],
			systemInstruction: { parts: [{ text: 'Flat colours only.' }] },
		});
	});

	it('"Model Default" and an empty safety list send nothing', () => {
		const body = buildGeminiBody({ ...base, options: { aspectRatio: '', imageSize: '', safetySettings: {} } });
		expect(body).toEqual({
			contents: [{ role: 'user', parts: [{ text: 'A fox' }] }],
			generationConfig: { responseModalities: ['IMAGE'] },
		});
	});

	it('a custom WxH size is normalised; an unreadable one names the option', () => {
		const body = buildGeminiBody({ ...base, options: { imageSize: 'custom', customImageSize: ' 1536 × 1024 ' } });
		expect((body.generationConfig as IDataObject).imageConfig).toEqual({ imageSize: '1536x1024' });
		expect(normalizeImageSize('2k')).toBe('2K');
		const error = optionError(() => buildGeminiBody({ ...base, options: { imageSize: 'custom', customImageSize: 'big' } }));
		expect(error.optionName).toBe('Image Size (Custom)');
		expect(error.message).toContain('"big"');
		const missing = optionError(() => buildGeminiBody({ ...base, options: { imageSize: 'custom' } }));
		expect(missing.message).toBe('Image Size is set to Custom, but no size is given');
	});

	it('additional body fields merge deep and win over the node', () => {
		const body = buildGeminiBody({
			...base,
			options: {
				aspectRatio: '1:1',
				additionalBodyFields: '{"generationConfig":{"topK":40,"imageConfig":{"aspectRatio":"4:3"}},"cachedContent":"x"}',
			},
		});
		expect(body).toEqual({
			contents: [{ role: 'user', parts: [{ text: 'A fox' }] }],
			generationConfig: { responseModalities: ['IMAGE'], topK: 40, imageConfig: { aspectRatio: '4:3' } },
			cachedContent: 'x',
		});
	});

	it('additional body fields: invalid JSON and non-objects are clear errors', () => {
		const invalid = optionError(() => parseAdditionalBodyFields('{"a":'));
		expect(invalid.message).toBe('the option "Additional Body Fields" is not valid JSON');
		for (const [value, kind] of [
			['[1,2]', 'an array'],
			['"text"', 'a string'],
			['3', 'a number'],
			['null', 'null'],
		]) {
			const error = optionError(() => parseAdditionalBodyFields(value));
			expect(error.message).toBe('the option "Additional Body Fields" is not a JSON object');
			expect(error.description).toContain(`It holds ${kind}`);
		}
		expect(parseAdditionalBodyFields('')).toBeUndefined();
		expect(parseAdditionalBodyFields('{}')).toBeUndefined();
		expect(parseAdditionalBodyFields({ a: 1 })).toEqual({ a: 1 });
	});

	it('merging never reaches the prototype', () => {
		const merged = mergeDeep({ a: { b: 1 } }, JSON.parse('{"__proto__":{"polluted":true},"a":{"c":2}}'));
		expect(merged).toEqual({ a: { b: 1, c: 2 } });
		expect(({} as IDataObject).polluted).toBeUndefined();
	});

	it('the path keeps provider/model ids readable and escapes the rest', () => {
		expect(geminiPath('gemini-2.5-flash-image')).toBe('/v1/models/gemini-2.5-flash-image:generateContent');
		expect(geminiPath('models/gemini-3-pro-image-preview')).toBe('/v1/models/gemini-3-pro-image-preview:generateContent');
		expect(geminiPath('google/gemini 2?')).toBe('/v1/models/google/gemini%202%3F:generateContent');
	});
});

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
			options: { aspectRatio: '3:2', additionalBodyFields: { extra_body: { google: { foo: 1 } }, temperature: 0.2 } },
		});
		expect(body.extra_body).toEqual({ google: { image_config: { aspect_ratio: '3:2' }, foo: 1 } });
		expect(body.temperature).toBe(0.2);
	});

	it('the image config is declared once: both operations use the same parameters', () => {
		const gemini = GEMINI_FIELDS.filter((field) => field.wireName.startsWith('generationConfig.imageConfig.'));
		const chat = CHAT_FIELDS.filter((field) => field.wireName.startsWith('extra_body.google.image_config.'));
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

describe('readGeminiResponse', () => {
	const inline = (buf: Buffer, mimeType = 'image/png') => ({ inlineData: { mimeType, data: b64(buf) } });
	const answer = (parts: unknown[], extra: IDataObject = {}) => ({
		candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', safetyRatings: [], ...extra }],
		usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 1290, totalTokenCount: 1293 },
		modelVersion: 'gemini-2.5-flash-image',
	});

	it('one image: bytes, declared type, finish reason, usage', () => {
		const result = readGeminiResponse(answer([inline(png)]));
		expect(result.images).toEqual([{ data: png, declaredMimeType: 'image/png' }]);
		expect(result.json).toEqual({
			finishReason: 'STOP',
			safetyRatings: [],
			usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 1290, totalTokenCount: 1293 },
			modelVersion: 'gemini-2.5-flash-image',
		});
	});

	it('three images mixed with text in any order; the text joined', () => {
		const result = readGeminiResponse(
			answer([{ text: 'First' }, inline(png), inline(jpeg, 'image/jpeg'), { text: 'Second' }, inline(webp, 'image/webp')]),
		);
		expect(result.images.map((image) => image.data)).toEqual([png, jpeg, webp]);
		expect(result.text).toBe('First\nSecond');
		expect(result.json.text).toBe('First\nSecond');
	});

	it('keeps the declared MIME type as it came, even when it is wrong (the bytes decide later)', () => {
		const result = readGeminiResponse(answer([inline(png, 'image/jpeg')]));
		expect(result.images[0]).toEqual({ data: png, declaredMimeType: 'image/jpeg' });
	});

	it('skips thought parts and reads snake_case proxies', () => {
		const result = readGeminiResponse({
			candidates: [
				{
					content: {
						parts: [
							{ inlineData: { mimeType: 'image/png', data: b64(jpeg) }, thought: true },
							{ text: 'thinking…', thought: true },
							{ inline_data: { mime_type: 'image/png', data: b64(png) } },
						],
					},
					finish_reason: 'STOP',
				},
			],
			usage_metadata: { totalTokenCount: 1 },
		});
		expect(result.images).toEqual([{ data: png, declaredMimeType: 'image/png' }]);
		expect(result.text).toBe('');
		expect(result.json).toEqual({ finishReason: 'STOP', usageMetadata: { totalTokenCount: 1 } });
	});

	it('several candidates: every image, tagged with its candidate', () => {
		const result = readGeminiResponse({
			candidates: [
				{ content: { parts: [inline(png)] }, finishReason: 'STOP' },
				{ content: { parts: [inline(jpeg)] }, finishReason: 'STOP' },
			],
		});
		expect(result.images.map((image) => image.json)).toEqual([{ candidateIndex: 0 }, { candidateIndex: 1 }]);
		expect(result.json.candidates).toEqual([
			{ index: 0, finishReason: 'STOP', safetyRatings: undefined },
			{ index: 1, finishReason: 'STOP', safetyRatings: undefined },
		]);
	});

	it('labels odd safety categories without calling their toString (found by the property test)', () => {
		const result = readGeminiResponse({
			candidates: [{ finishReason: 'SAFETY', safetyRatings: [{ category: { toString: null }, probability: ['x'], blocked: true }] }],
		});
		expect(result.noImageReason).toContain('Blocked safety categories: {"toString":null} (["x"]).');
	});

	it('finishReason SAFETY: blocked, the reason and the blocked category quoted', () => {
		const result = readGeminiResponse({
			candidates: [
				{
					finishReason: 'SAFETY',
					safetyRatings: [{ category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'HIGH', blocked: true }],
				},
			],
		});
		expect(result.images).toEqual([]);
		expect(result.blocked).toBe(true);
		expect(result.noImageReason).toBe(
			"Gemini stopped with finishReason SAFETY (the output was blocked by Gemini's safety filters). Blocked safety categories: HARM_CATEGORY_SEXUALLY_EXPLICIT (HIGH).",
		);
	});

	it('finishReason NO_IMAGE with text: not blocked, the text quoted', () => {
		const result = readGeminiResponse(answer([{ text: 'I can only describe it.' }], { finishReason: 'NO_IMAGE' }));
		expect(result.blocked).toBe(false);
		expect(result.noImageReason).toBe(
			'Gemini stopped with finishReason NO_IMAGE (the model did not produce an image). The model\'s text: "I can only describe it."',
		);
		expect(acceptsAsTextOnly(true, result)).toBe(true);
		expect(acceptsAsTextOnly(false, result)).toBe(false);
	});

	it('a blocked prompt: no candidates, blockReason quoted, never accepted as text', () => {
		const result = readGeminiResponse({
			promptFeedback: { blockReason: 'PROHIBITED_CONTENT', blockReasonMessage: 'Not allowed.' },
			usageMetadata: { promptTokenCount: 5 },
		});
		expect(result.blocked).toBe(true);
		expect(result.noImageReason).toBe('Gemini blocked the prompt (blockReason PROHIBITED_CONTENT): Not allowed.');
		expect(result.json.promptFeedback).toEqual({ blockReason: 'PROHIBITED_CONTENT', blockReasonMessage: 'Not allowed.' });
		expect(acceptsAsTextOnly(true, { ...result, text: 'x' })).toBe(false);
	});

	it('bodies of the wrong shape give no image and say so', () => {
		expect(readGeminiResponse('hello').noImageReason).toBe("DGrid's answer is not a Gemini generateContent response.");
		expect(readGeminiResponse({}).noImageReason).toBe('The answer has no candidates.');
		expect(readGeminiResponse({ candidates: [{}] }).noImageReason).toBe('The answer holds no image part.');
		expect(readGeminiResponse({ candidates: [{ content: { parts: [{ inlineData: { data: 5 } }] } }] }).images).toEqual([]);
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
		const found = extractImagesFromText(`![fox](https://cdn.example.com/f.png "A fox")\n\n\n\nok ${dataUrl} done`);
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
		expect(imageCandidateFromUrl(`data:image/jpeg;base64,${b64(png)}`)).toEqual({ data: png, declaredMimeType: 'image/jpeg' });
		expect(imageCandidateFromUrl(`data:image/png;name=a.png;base64,${b64(png)}`)).toEqual({
			data: png,
			declaredMimeType: 'image/png',
		});
		expect(imageCandidateFromUrl('https://cdn.example.com/a.png')).toEqual({ url: 'https://cdn.example.com/a.png' });
		// Broken %-escapes: still an "image", which the output path then reports as not one.
		expect(imageCandidateFromUrl('data:image/png,%E0%A4%A').data).toEqual(Buffer.alloc(0));
	});
});

describe('readChatCompletion', () => {
	const completion = (content: unknown, extra: IDataObject = {}) => ({
		id: 'chatcmpl-1',
		object: 'chat.completion',
		choices: [{ index: 0, message: { role: 'assistant', content, ...extra }, finish_reason: 'stop' }],
		usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
	});

	it('DGrid shape: markdown images after the text', () => {
		const result = readChatCompletion(
			completion(`Here:\n![image](data:image/png;base64,${b64(png)})\n![image](data:image/jpeg;base64,${b64(jpeg)})`),
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
		const filtered = readChatCompletion({ choices: [{ message: { content: '' }, finish_reason: 'content_filter' }] });
		expect(filtered.blocked).toBe(true);
		expect(filtered.noImageReason).toContain('content_filter (the output was blocked by a content filter)');
	});

	it('no choices, or not an object', () => {
		expect(readChatCompletion({ choices: [] }).noImageReason).toBe('The answer has no choices.');
		expect(readChatCompletion([1, 2]).noImageReason).toBe("DGrid's answer is not a chat completion.");
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
		const text = '\uFEFF: keep-alive\r\nevent: message\r\ndata:{"x":\r\ndata: 1}\r\n\r\nid: 7\rdata: [DONE]\r\r';
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
		JSON.stringify({ ...head, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] });
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
		choices: [{ index: 0, message: { role: 'assistant', content: `Here is your image:\n${image}` }, finish_reason: 'stop' }],
		usage,
	};

	it('assembles the chunks into the completion a non-streamed answer would be', async () => {
		const completion = await readChatStream(chunksOf(stream.slice(0, 100), stream.slice(100, 5000), stream.slice(5000)));
		expect(completion).toEqual(whole);
		expect(readChatCompletion(completion)).toEqual(readChatCompletion(whole));
	});

	it('message.images deltas, part arrays and several choices', async () => {
		const completion = (await readChatStream(
			chunksOf(
				sse(
					JSON.stringify({ choices: [{ index: 1, delta: { content: [{ type: 'text', text: 'b' }] } }] }),
					JSON.stringify({ choices: [{ index: 0, delta: { content: 'a', images: [{ image_url: { url: 'https://x/1.png' } }] } }] }),
					JSON.stringify({ choices: [{ index: 1, delta: { content: [{ type: 'image_url', image_url: { url: 'https://x/2.png' } }] }, finish_reason: 'stop' }] }),
				),
			),
		)) as IDataObject;
		expect(completion.choices).toEqual([
			{ index: 0, message: { role: 'assistant', content: 'a', images: [{ image_url: { url: 'https://x/1.png' } }] }, finish_reason: null },
			{
				index: 1,
				message: { role: 'assistant', content: [{ type: 'text', text: 'b' }, { type: 'image_url', image_url: { url: 'https://x/2.png' } }] },
				finish_reason: 'stop',
			},
		]);
		expect(readChatCompletion(completion).images).toEqual([
			{ url: 'https://x/1.png', json: { choiceIndex: 0 } },
			{ url: 'https://x/2.png', json: { choiceIndex: 1 } },
		]);
	});

	it('a JSON answer instead of events is read whole (by header or by its first byte)', async () => {
		expect(await readChatStream(chunksOf(JSON.stringify(whole)), { contentType: 'application/json' })).toEqual(whole);
		expect(await readChatStream(chunksOf('  \n', '{"error":{"message":"boom"}}'))).toEqual({ error: { message: 'boom' } });
		await expect(readChatStream(chunksOf('{"error":'))).rejects.toThrow(
			"DGrid's answer is neither a stream of server-sent events nor valid JSON",
		);
	});

	it('an error event is handed back for the caller to report', async () => {
		const error = { error: { message: 'upstream failed (request id: 42)', type: 'upstream_error' } };
		expect(await readChatStream(chunksOf(sse(chunk({ content: 'x' }), JSON.stringify(error))))).toEqual(error);
	});

	it('malformed and truncated streams are ChatStreamErrors with clear messages', async () => {
		const cases: Array<[string[], string]> = [
			[[sse('{not json')], "DGrid's stream contains an event that is not JSON"],
			[[sse('[1,2]')], "DGrid's stream contains an event that is not a chat completion chunk"],
			[[sse(chunk({ content: 'Here' }))], "DGrid's stream ended before the answer was complete"],
			[[`${sse(chunk({ content: 'Here' }))}data: {"choices":[{"delta":{"content":"![image](data:image/png;base64,iVBOR`], "DGrid's stream was cut off in the middle of an event"],
			[[''], "DGrid's stream ended without sending anything"],
			[['\n\n', ': ping\n\n'], "DGrid's stream ended before the answer was complete"],
		];
		for (const [parts, message] of cases) {
			const error = await readChatStream(chunksOf(...parts)).then(
				() => undefined,
				(e: unknown) => e,
			);
			expect(error).toBeInstanceOf(ChatStreamError);
			expect((error as Error).message).toBe(message);
		}
	});

	it('a final [DONE] without its blank line still completes the stream', async () => {
		const completion = await readChatStream(chunksOf(`${sse(chunk({ content: 'x' }))}data: [DONE]`));
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
