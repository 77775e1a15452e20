/**
 * The readers give the same result whether an answer was parsed whole (JSON.parse) or read by
 * the streaming reader, which hands them long base64 images already decoded: the same images
 * byte for byte, the same json, the same reasons.
 */
import fc from 'fast-check';

import { readChatCompletion } from '../../nodes/DGridImages/chat/message';
import { readImageData } from '../../nodes/DGridImages/core/answer/imageDataReader';
import { readGeminiResponse } from '../../nodes/DGridImages/gemini/response';
import { readJsonStream } from '../../nodes/DGridImages/transport/jsonStream/read';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) };

const bytes = fc.uint8Array({ minLength: 30, maxLength: 400 }).map((array) => Buffer.from(array));
const base64 = bytes.map((image) => image.toString('base64'));
const mime = fc.constantFrom('image/png', 'image/jpeg', 'image/webp', 'application/pdf', '');
const dataUrl = fc.tuple(mime, base64).map(([type, data]) => `data:${type};base64,${data}`);
const prose = fc.string({ maxLength: 20 }).map((text) => text.replace(/[A-Za-z0-9+/=_-]/g, ' '));
/** Text with images in every way chat answers write them, and some prose. */
const chatText = fc
	.array(
		fc.oneof(
			prose,
			dataUrl.map((url) => `![image](${url})`),
			dataUrl.map((url) => ` ${url} `),
			fc.constant('![x](https://cdn.example.com/a.png)'),
		),
		{ maxLength: 4 },
	)
	.map((pieces) => pieces.join(''));

const chatAnswer = fc.record({
	choices: fc.array(
		fc.record({
			message: fc.record({
				content: fc.oneof(
					chatText,
					dataUrl,
					fc.array(
						fc.oneof(
							fc.record({ type: fc.constant('text'), text: chatText }),
							fc.record({ type: fc.constant('image_url'), image_url: fc.record({ url: dataUrl }) }),
							fc.record({ type: fc.constant('image'), b64_json: base64, mime_type: mime }),
							chatText,
						),
						{ maxLength: 3 },
					),
				),
				images: fc.array(
					fc.oneof(
						fc.record({ image_url: fc.record({ url: dataUrl }) }),
						fc.record({ type: fc.constant('image'), data: base64 }),
					),
					{ maxLength: 2 },
				),
			}),
			finish_reason: fc.constantFrom('stop', 'length'),
		}),
		{ minLength: 1, maxLength: 2 },
	),
});

const geminiAnswer = fc.record({
	candidates: fc.array(
		fc.record({
			content: fc.record({
				parts: fc.array(
					fc.oneof(
						fc.record({ text: chatText }),
						fc.record({ inlineData: fc.record({ mimeType: mime, data: base64 }) }),
						fc.record({
							inline_data: fc.record({ mime_type: mime, data: fc.oneof(base64, dataUrl) }),
						}),
					),
					{ maxLength: 3 },
				),
			}),
			finishReason: fc.constant('STOP'),
		}),
		{ maxLength: 2 },
	),
});

const imagesAnswer = fc.record({
	created: fc.nat(),
	data: fc.array(
		fc.record({
			url: fc.oneof(fc.constant(''), dataUrl, fc.constant('https://cdn.example.com/b.png')),
			b64_json: fc.oneof(fc.constant(''), base64, dataUrl),
			revised_prompt: prose,
		}),
		{ maxLength: 3 },
	),
	usage: fc.record({ total_tokens: fc.nat() }),
});

/** A reader's result in comparable form: Buffers as base64, no class instances. */
const comparable = (value: unknown) =>
	JSON.parse(
		JSON.stringify(value, (_key, inner: unknown) =>
			Buffer.isBuffer(inner) ? inner.toString('base64') : inner,
		),
	) as unknown;

async function bothWays(answer: unknown, read: (body: unknown) => unknown) {
	const text = JSON.stringify(answer);
	const streamed = await readJsonStream(Buffer.from(text), { minDecodedLength: 16 });
	if (!streamed.ok) throw new Error(streamed.problem);
	expect(comparable(read(streamed.value))).toEqual(comparable(read(JSON.parse(text))));
}

describe('readers: streamed answers read like parsed ones', () => {
	it('chat completions', async () => {
		await fc.assert(
			fc.asyncProperty(chatAnswer, async (answer) => await bothWays(answer, readChatCompletion)),
			RUNS,
		);
	});

	it('Gemini generateContent answers', async () => {
		await fc.assert(
			fc.asyncProperty(geminiAnswer, async (answer) => await bothWays(answer, readGeminiResponse)),
			RUNS,
		);
	});

	it('images answers (Generate, Edit, Qwen)', async () => {
		await fc.assert(
			fc.asyncProperty(imagesAnswer, async (answer) => await bothWays(answer, readImageData)),
			RUNS,
		);
	});
});
