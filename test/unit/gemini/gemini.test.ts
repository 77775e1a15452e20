/**
 * Gemini Generate Content without n8n: the request body built from option values (with the
 * shared option helpers), and the reader of Gemini's parts.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	buildGeminiBody,
	geminiPath,
} from '../../../nodes/DGridImages/gemini/generateContent.operation';
import { normalizeImageSize } from '../../../nodes/DGridImages/gemini/imageConfig';
import { parseAdditionalBodyFields } from '../../../nodes/DGridImages/core/request/additionalBodyFields';
import { acceptsAsTextOnly } from '../../../nodes/DGridImages/core/answer/imageAnswer';
import { mergeDeep } from '../../../nodes/DGridImages/shared/json';
import { OptionValueError } from '../../../nodes/DGridImages/core/request/itemErrors';
import { readGeminiResponse } from '../../../nodes/DGridImages/gemini/response';
import { makeImage } from '../../tools/gateway';

const png = makeImage('png', { width: 8, height: 6, seed: 1 });
const jpeg = makeImage('jpeg', { width: 8, height: 8, seed: 2 });
const webp = makeImage('webp', { width: 4, height: 4, seed: 3 });
const b64 = (buf: Buffer) => buf.toString('base64');
const pngInfo = { mimeType: 'image/png', extension: 'png', label: 'PNG' };
const jpegInfo = { mimeType: 'image/jpeg', extension: 'jpg', label: 'JPEG' };

function optionError(run: () => unknown): OptionValueError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(OptionValueError);
		return error as OptionValueError;
	}
	throw new Error('expected a OptionValueError');
}

describe('Gemini request body', () => {
	const base = {
		prompt: 'A fox',
		images: [],
		responseModalities: 'IMAGE',
		options: {},
		model: 'gemini-2.5-flash-image',
	};

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
		const body = buildGeminiBody({
			...base,
			options: { aspectRatio: '', imageSize: '', safetySettings: {} },
		});
		expect(body).toEqual({
			contents: [{ role: 'user', parts: [{ text: 'A fox' }] }],
			generationConfig: { responseModalities: ['IMAGE'] },
		});
	});

	it('a custom WxH size is normalised; an unreadable one names the option', () => {
		const body = buildGeminiBody({
			...base,
			options: { imageSize: 'custom', customImageSize: ' 1536 × 1024 ' },
		});
		expect((body.generationConfig as IDataObject).imageConfig).toEqual({ imageSize: '1536x1024' });
		expect(normalizeImageSize('2k')).toBe('2K');
		const error = optionError(() =>
			buildGeminiBody({ ...base, options: { imageSize: 'custom', customImageSize: 'big' } }),
		);
		expect(error.optionName).toBe('Image Size (Custom)');
		expect(error.message).toContain('"big"');
		const missing = optionError(() =>
			buildGeminiBody({ ...base, options: { imageSize: 'custom' } }),
		);
		expect(missing.message).toBe('Image Size is set to Custom, but no size is given');
	});

	it('additional body fields merge deep and win over the node', () => {
		const body = buildGeminiBody({
			...base,
			options: {
				aspectRatio: '1:1',
				additionalBodyFields:
					'{"generationConfig":{"topK":40,"imageConfig":{"aspectRatio":"4:3"}},"cachedContent":"x"}',
			},
		});
		expect(body).toEqual({
			contents: [{ role: 'user', parts: [{ text: 'A fox' }] }],
			generationConfig: {
				responseModalities: ['IMAGE'],
				topK: 40,
				imageConfig: { aspectRatio: '4:3' },
			},
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
		const merged = mergeDeep(
			{ a: { b: 1 } },
			JSON.parse('{"__proto__":{"polluted":true},"a":{"c":2}}'),
		);
		expect(merged).toEqual({ a: { b: 1, c: 2 } });
		expect(({} as IDataObject).polluted).toBeUndefined();
	});

	it('the path keeps provider/model ids readable and escapes the rest', () => {
		expect(geminiPath('gemini-2.5-flash-image')).toBe(
			'/v1/models/gemini-2.5-flash-image:generateContent',
		);
		expect(geminiPath('models/gemini-3-pro-image-preview')).toBe(
			'/v1/models/gemini-3-pro-image-preview:generateContent',
		);
		expect(geminiPath('google/gemini 2?')).toBe('/v1/models/google/gemini%202%3F:generateContent');
	});
});

describe('readGeminiResponse', () => {
	const inline = (buf: Buffer, mimeType = 'image/png') => ({
		inlineData: { mimeType, data: b64(buf) },
	});
	const answer = (parts: unknown[], extra: IDataObject = {}) => ({
		candidates: [
			{ content: { role: 'model', parts }, finishReason: 'STOP', safetyRatings: [], ...extra },
		],
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
			answer([
				{ text: 'First' },
				inline(png),
				inline(jpeg, 'image/jpeg'),
				{ text: 'Second' },
				inline(webp, 'image/webp'),
			]),
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
		expect(result.images.map((image) => image.json)).toEqual([
			{ candidateIndex: 0 },
			{ candidateIndex: 1 },
		]);
		expect(result.json.candidates).toEqual([
			{ index: 0, finishReason: 'STOP', safetyRatings: undefined },
			{ index: 1, finishReason: 'STOP', safetyRatings: undefined },
		]);
	});

	it('labels odd safety categories without calling their toString (found by the property test)', () => {
		const result = readGeminiResponse({
			candidates: [
				{
					finishReason: 'SAFETY',
					safetyRatings: [{ category: { toString: null }, probability: ['x'], blocked: true }],
				},
			],
		});
		expect(result.noImageReason).toContain('Blocked safety categories: {"toString":null} (["x"]).');
	});

	it('finishReason SAFETY: blocked, the reason and the blocked category quoted', () => {
		const result = readGeminiResponse({
			candidates: [
				{
					finishReason: 'SAFETY',
					safetyRatings: [
						{ category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'HIGH', blocked: true },
					],
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
		const result = readGeminiResponse(
			answer([{ text: 'I can only describe it.' }], { finishReason: 'NO_IMAGE' }),
		);
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
		expect(result.noImageReason).toBe(
			'Gemini blocked the prompt (blockReason PROHIBITED_CONTENT): Not allowed.',
		);
		expect(result.json.promptFeedback).toEqual({
			blockReason: 'PROHIBITED_CONTENT',
			blockReasonMessage: 'Not allowed.',
		});
		expect(acceptsAsTextOnly(true, { ...result, text: 'x' })).toBe(false);
	});

	it('bodies of the wrong shape give no image and say so', () => {
		expect(readGeminiResponse('hello').noImageReason).toBe(
			"DGrid's answer is not a Gemini generateContent response.",
		);
		expect(readGeminiResponse({}).noImageReason).toBe('The answer has no candidates.');
		expect(readGeminiResponse({ candidates: [{}] }).noImageReason).toBe(
			'The answer holds no image part.',
		);
		expect(
			readGeminiResponse({ candidates: [{ content: { parts: [{ inlineData: { data: 5 } }] } }] })
				.images,
		).toEqual([]);
	});
});
