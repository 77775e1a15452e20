/**
 * Property-based tests of the Gemini and chat response readers: whatever DGrid (or a proxy in
 * front of it) sends, they never crash. Each either returns images or returns no image with a
 * reason (which the output path turns into the node's "contains no image" error), or — for
 * streams and option values — throws the node's own error class, never a TypeError.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import {
	extractImagesFromText,
	readChatCompletion,
	readChatMessage,
} from '../../nodes/DGridImages/chat/message';
import { ChatStreamError, readChatStream } from '../../nodes/DGridImages/chat/stream';
import { BrokenBodyError } from '../../nodes/DGridImages/transport/body';
import { parseAdditionalBodyFields } from '../../nodes/DGridImages/core/request/additionalBodyFields';
import { OptionValueError } from '../../nodes/DGridImages/core/request/itemErrors';
import { readGeminiResponse } from '../../nodes/DGridImages/gemini/response';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) };

/** Any JSON, including deep nesting and every kind of string. */
const anyJson = fc.jsonValue({ maxDepth: 6 });
const anyText = fc.string({ unit: 'binary', maxLength: 400 });

function expectAnswerShape(answer: {
	images: unknown[];
	noImageReason: string;
	json: IDataObject;
}) {
	expect(Array.isArray(answer.images)).toBe(true);
	for (const image of answer.images as Array<{ data?: unknown; url?: unknown }>) {
		expect(Buffer.isBuffer(image.data) || typeof image.url === 'string').toBe(true);
	}
	expect(typeof answer.noImageReason).toBe('string');
	expect(answer.noImageReason.length).toBeGreaterThan(0);
	expect(() => JSON.stringify(answer.json)).not.toThrow();
}

/** JSON shaped like the answers, with arbitrary values where the readers look. */
const geminiPart = fc.oneof(
	anyJson,
	fc.record({ text: anyJson }),
	fc.record({ inlineData: anyJson }),
	fc.record({ inline_data: fc.record({ data: anyJson, mime_type: anyJson }) }),
	fc.record({ fileData: fc.record({ fileUri: anyJson }) }),
);
const geminiLike = fc.record(
	{
		candidates: fc.array(
			fc.record(
				{
					content: fc.oneof(anyJson, fc.record({ parts: fc.oneof(anyJson, fc.array(geminiPart)) })),
					finishReason: anyJson,
					safetyRatings: fc.oneof(
						anyJson,
						fc.array(fc.record({ blocked: fc.boolean(), category: anyJson })),
					),
				},
				{ requiredKeys: [] },
			),
		),
		promptFeedback: fc.oneof(
			anyJson,
			fc.record({ blockReason: anyJson, blockReasonMessage: anyJson }),
		),
		usageMetadata: anyJson,
	},
	{ requiredKeys: [] },
);

const chatLike = fc.record(
	{
		choices: fc.oneof(
			anyJson,
			fc.array(
				fc.record(
					{
						message: fc.oneof(
							anyJson,
							fc.record(
								{
									content: fc.oneof(
										anyText,
										anyJson,
										fc.array(
											fc.oneof(
												anyJson,
												fc.record({
													type: fc.constantFrom('text', 'image_url', 'image'),
													text: anyJson,
													image_url: anyJson,
													b64_json: anyJson,
												}),
											),
										),
									),
									images: fc.oneof(
										anyJson,
										fc.array(
											fc.oneof(
												anyText,
												anyJson,
												fc.record({ image_url: fc.oneof(anyText, fc.record({ url: anyText })) }),
											),
										),
									),
									refusal: anyJson,
								},
								{ requiredKeys: [] },
							),
						),
						finish_reason: anyJson,
					},
					{ requiredKeys: [] },
				),
			),
		),
		usage: anyJson,
	},
	{ requiredKeys: [] },
);

describe('readers never crash on arbitrary JSON', () => {
	it('readGeminiResponse: any JSON value', () => {
		fc.assert(
			fc.property(anyJson, (body) => expectAnswerShape(readGeminiResponse(body))),
			RUNS,
		);
	});

	it('readGeminiResponse: Gemini-shaped JSON with arbitrary leaves', () => {
		fc.assert(
			fc.property(geminiLike, (body) => expectAnswerShape(readGeminiResponse(body))),
			RUNS,
		);
	});

	it('readChatCompletion / readChatMessage: any JSON value and chat-shaped JSON', () => {
		fc.assert(
			fc.property(fc.oneof(anyJson, chatLike), (body) => {
				expectAnswerShape(readChatCompletion(body));
				const message = readChatMessage(body);
				expect(Array.isArray(message.urls)).toBe(true);
				expect(typeof message.text).toBe('string');
			}),
			RUNS,
		);
	});

	it('extractImagesFromText: any text; only removes, never adds', () => {
		fc.assert(
			fc.property(anyText, (text) => {
				const found = extractImagesFromText(text);
				expect(found.text.length).toBeLessThanOrEqual(text.length);
				for (const url of found.urls) expect(text).toContain(url);
			}),
			RUNS,
		);
	});

	it('Additional Body Fields: any text is an object, nothing, or a OptionValueError', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					anyText,
					anyJson.map((value) => JSON.stringify(value)),
				),
				(text) => {
					try {
						const value = parseAdditionalBodyFields(text);
						expect(
							value === undefined || (typeof value === 'object' && !Array.isArray(value)),
						).toBe(true);
					} catch (error) {
						expect(error).toBeInstanceOf(OptionValueError);
					}
				},
			),
			RUNS,
		);
	});
});

/** Image-like bytes: arbitrary, so the readers must not depend on them being valid. */
const bytes = fc.uint8Array({ minLength: 1, maxLength: 64 }).map((array) => Buffer.from(array));
/** Text the markup reader must leave alone: no brackets, URLs or data: in it. */
const plainText = fc
	.string({ unit: 'binary', maxLength: 40 })
	.filter((text) => !/[[\]()!]|https?:|data:/i.test(text));

describe('readers find every image, whatever the order and number', () => {
	type Part = { kind: 'text'; text: string } | { kind: 'image'; data: Buffer; thought: boolean };
	const part: fc.Arbitrary<Part> = fc.oneof(
		plainText.map((text) => ({ kind: 'text' as const, text })),
		fc.record({ kind: fc.constant('image' as const), data: bytes, thought: fc.boolean() }),
	);

	it('Gemini: every non-thought inlineData part of every candidate, in order', () => {
		fc.assert(
			fc.property(fc.array(fc.array(part, { maxLength: 6 }), { maxLength: 3 }), (candidates) => {
				const body = {
					candidates: candidates.map((parts) => ({
						content: {
							role: 'model',
							parts: parts.map((p) =>
								p.kind === 'text'
									? { text: p.text }
									: {
											inlineData: { mimeType: 'image/png', data: p.data.toString('base64') },
											...(p.thought ? { thought: true } : {}),
										},
							),
						},
						finishReason: 'STOP',
					})),
				};
				const expected = candidates
					.flat()
					.filter((p): p is Extract<Part, { kind: 'image' }> => p.kind === 'image' && !p.thought);
				const answer = readGeminiResponse(body);
				expect(answer.images.map((image) => image.data)).toEqual(expected.map((p) => p.data));
				const texts = candidates
					.flat()
					.filter((p): p is Extract<Part, { kind: 'text' }> => p.kind === 'text');
				expect(answer.text).toBe(
					texts
						.map((p) => p.text)
						.join('\n')
						.trim(),
				);
			}),
			RUNS,
		);
	});

	it('chat: every markdown data: image in the content, in order, and none of the markup left', () => {
		fc.assert(
			fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
				const content = parts
					.map((p) =>
						p.kind === 'text'
							? p.text
							: `![image](data:image/png;base64,${p.data.toString('base64')})`,
					)
					.join('\n');
				const answer = readChatCompletion({
					choices: [{ message: { role: 'assistant', content }, finish_reason: 'stop' }],
				});
				const images = parts.filter((p) => p.kind === 'image') as Array<
					Extract<Part, { kind: 'image' }>
				>;
				expect(answer.images.map((image) => image.data)).toEqual(images.map((p) => p.data));
				expect(answer.text).not.toContain('data:image');
				expect(answer.text).not.toContain('![image]');
			}),
			RUNS,
		);
	});
});

async function* chunked(text: Buffer, cuts: number[]) {
	let start = 0;
	for (const cut of [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)) {
		yield text.subarray(start, cut);
		start = cut;
	}
	yield text.subarray(start);
}

async function settle(
	promise: Promise<unknown>,
): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
	try {
		return { ok: true, value: await promise };
	} catch (error) {
		return { ok: false, error };
	}
}

describe('the stream reader', () => {
	/** A stream reader fails only with its own errors: malformed (ChatStreamError) or broken off (BrokenBodyError). */
	const expectStreamError = (error: unknown) =>
		expect(error instanceof ChatStreamError || error instanceof BrokenBodyError).toBe(true);

	it('arbitrary text or bytes, arbitrarily chunked: an answer, a ChatStreamError or a BrokenBodyError', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					anyText.map((t) => Buffer.from(t, 'utf8')),
					fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)),
				),
				fc.array(fc.nat(), { maxLength: 6 }),
				async (body, cuts) => {
					const result = await settle(readChatStream(chunked(body, cuts)));
					if (!result.ok) expectStreamError(result.error);
					else expectAnswerShape(readChatCompletion(result.value));
				},
			),
			RUNS,
		);
	});

	const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
	const eventData = fc.oneof(
		fc.constant('[DONE]'),
		anyText,
		anyJson.map((value) => JSON.stringify(value)),
		chatLike.map((value) => JSON.stringify(value)),
		fc
			.record({
				choices: fc.array(
					fc.record({
						index: fc.nat(3),
						delta: fc.record({ content: anyText }, { requiredKeys: [] }),
						finish_reason: fc.option(fc.constant('stop')),
					}),
				),
			})
			.map((value) => JSON.stringify(value)),
	);

	it('event streams with arbitrary events and line endings: an answer, a ChatStreamError or a BrokenBodyError', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.tuple(eventData, lineEnd), { maxLength: 8 }),
				fc.array(fc.nat(), { maxLength: 6 }),
				async (events, cuts) => {
					const text = events
						.map(([data, end]) => `data: ${data.replace(/[\r\n]+/g, ' ')}${end}${end}`)
						.join('');
					const result = await settle(readChatStream(chunked(Buffer.from(text, 'utf8'), cuts)));
					if (!result.ok) expectStreamError(result.error);
					else expectAnswerShape(readChatCompletion(result.value));
				},
			),
			RUNS,
		);
	});

	it('a streamed answer reads exactly like the same answer sent whole', async () => {
		const piece = fc.oneof(
			plainText,
			bytes.map((data) => `![image](data:image/png;base64,${data.toString('base64')})`),
		);
		await fc.assert(
			fc.asyncProperty(
				fc.array(piece, { maxLength: 6 }),
				lineEnd,
				fc.array(fc.nat(), { maxLength: 8 }),
				fc.boolean(),
				async (pieces, end, cuts, withUsage) => {
					const usage = {
						prompt_tokens: 3,
						completion_tokens: pieces.length,
						total_tokens: 3 + pieces.length,
					};
					const content = pieces.join('\n');
					const whole = {
						choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
						...(withUsage ? { usage } : {}),
					};
					const deltas = pieces.map((p, i) => (i < pieces.length - 1 ? `${p}\n` : p));
					const chunks = [
						{
							choices: [
								{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null },
							],
						},
						...deltas.map((d) => ({
							choices: [{ index: 0, delta: { content: d }, finish_reason: null }],
						})),
						{ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
						...(withUsage ? [{ choices: [], usage }] : []),
					];
					const text = [...chunks.map((c) => JSON.stringify(c)), '[DONE]']
						.map((data) => `data: ${data}${end}${end}`)
						.join('');
					const streamed = await readChatStream(chunked(Buffer.from(text, 'utf8'), cuts));
					expect(readChatCompletion(streamed)).toEqual(readChatCompletion(whole));
				},
			),
			RUNS,
		);
	});
});
