// Prompt directives: what a workflow in a real n8n can ask for through its prompt text.
import axios from 'axios';
import { parseDirectives, sniffImage } from '../tools/gateway';
import { expectDgridError, multipart, post, useGateway } from './helpers';

const h = useGateway();
const gen = (prompt: string, extra: object = {}) =>
	post(h, '/v1/images/generations', {
		prompt,
		model: 'dall-e-3',
		response_format: 'b64_json',
		...extra,
	});

describe('parseDirectives', () => {
	it('reads every directive and ignores unknown or invalid ones', () => {
		expect(
			parseDirectives(
				'x [dgrid:refuse] [dgrid:status=503*2] [dgrid:retry-after=7] [dgrid:images=3] [dgrid:format=jpg] [dgrid:fault=reset] [dgrid:delay=5] [dgrid:mislabel] [dgrid:bogus=1] [dgrid:images=99]',
			),
		).toEqual({
			refuse: true,
			mislabel: true,
			status: { status: 503, times: 2, token: '[dgrid:status=503*2]' },
			retryAfter: '7',
			images: 3,
			format: 'jpeg',
			fault: { kind: 'reset', times: undefined, token: '[dgrid:fault=reset]' },
			delayMs: 5,
		});
		expect(parseDirectives('plain prompt')).toEqual({ refuse: false, mislabel: false });
	});
});

describe('refusals per route', () => {
	it('generations: 400 content_policy_violation', async () => {
		expectDgridError(await gen('a [dgrid:refuse] b'), 400, 'content_policy_violation');
	});

	it("Wan tasks: HTTP 200 with an ali_error; synchronous Qwen models: DashScope's 400 relayed", async () => {
		const res = await post(h, '/v1/images/generations', {
			model: 'wanx-v1',
			input: { prompt: '[dgrid:refuse]' },
		});
		expect(res.status).toBe(200);
		expect(res.data.error).toMatchObject({ type: 'ali_error', code: 'DataInspectionFailed' });
		const sync = await post(h, '/v1/images/generations', {
			model: 'qwen-image',
			prompt: '[dgrid:refuse]',
		});
		expectDgridError(sync, 400, 'bad_response_status_code');
		expect(sync.data.error.message).toMatch(/^Input data may contain inappropriate content\./);
	});

	it('generateContent: finishReason SAFETY and no image; variants for prompt block and other reasons', async () => {
		const path = '/v1/models/gemini-2.5-flash-image:generateContent';
		const body = (t: string) => ({ contents: [{ parts: [{ text: t }] }] });
		const a = await post(h, path, body('x [dgrid:refuse]'));
		expect(a.status).toBe(200);
		expect(a.data.candidates[0].finishReason).toBe('SAFETY');
		expect(a.data.candidates[0].content).toBeUndefined();
		const b = await post(h, path, body('x [dgrid:refuse=prompt]'));
		expect(b.data.candidates).toBeUndefined();
		expect(b.data.promptFeedback.blockReason).toBe('PROHIBITED_CONTENT');
		const c = await post(h, path, body('x [dgrid:refuse=IMAGE_SAFETY]'));
		expect(c.data.candidates[0].finishReason).toBe('IMAGE_SAFETY');
		expect(h.gw.produced).toHaveLength(0);
	});

	it('chat: a text-only answer', async () => {
		const res = await post(h, '/v1/chat/completions', {
			model: 'gemini-2.5-flash-image',
			messages: [{ role: 'user', content: 'x [dgrid:refuse]' }],
		});
		expect(res.data.choices[0].message.content).toBe("I can't help with that.");
	});

	it('edits (multipart): the directive is found in form fields too', async () => {
		const { body, contentType } = multipart([
			{
				name: 'image',
				filename: 'a.png',
				contentType: 'image/png',
				data: (await import('../tools/gateway')).makeImage('png', { width: 8, height: 8 }),
			},
			{ name: 'prompt', value: 'hat [dgrid:refuse]' },
		]);
		const res = await h.http.post('/v1/images/edits', body, {
			headers: { ...h.auth, 'Content-Type': contentType },
		});
		expectDgridError(res, 400, 'content_policy_violation');
	});
});

describe('status, fault and count directives', () => {
	it('[dgrid:status=429] with retry-after, every time', async () => {
		for (let i = 0; i < 2; i++) {
			const res = await h.http.post(
				'/v1/images/generations',
				{ prompt: 'x [dgrid:status=429] [dgrid:retry-after=3]' },
				{ headers: h.auth, responseType: 'text' },
			);
			expect(res.status).toBe(429);
			expect(res.data).toBe('');
			expect(res.headers['retry-after']).toBe('3');
		}
	});

	it('[dgrid:status=503*2] fails twice then succeeds (a retry test in real n8n)', async () => {
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await gen('x [dgrid:status=503*2]')).status);
		expect(statuses).toEqual([503, 503, 200]);
	});

	it('status directives still require a valid key', async () => {
		expectDgridError(
			await post(h, '/v1/images/generations', { prompt: '[dgrid:status=429]' }, {}),
			401,
		);
	});

	it('[dgrid:fault=…] kinds', async () => {
		const e200 = await gen('[dgrid:fault=errorIn200]');
		expect(e200.data.error.type).toBe('ali_error');
		const bad = await h.http.post(
			'/v1/images/generations',
			{ prompt: '[dgrid:fault=malformedJson]' },
			{ headers: h.auth, responseType: 'text' },
		);
		expect(() => JSON.parse(bad.data)).toThrow();
		const cut = await gen('[dgrid:fault=truncatedBase64]');
		expect(Buffer.from(cut.data.data[0].b64_json, 'base64').includes(Buffer.from('IEND'))).toBe(
			false,
		);
		await expect(gen('[dgrid:fault=reset]')).rejects.toThrow();
		const hang = await h.http
			.post(
				'/v1/images/generations',
				{ prompt: '[dgrid:fault=hang]' },
				{ headers: h.auth, timeout: 200 },
			)
			.catch((e: unknown) => e);
		expect(axios.isAxiosError(hang) && hang.code).toBe('ECONNABORTED');
	});

	it('[dgrid:images=3] and [dgrid:format=webp] on every route', async () => {
		const g = await gen('[dgrid:images=3] [dgrid:format=webp]');
		expect(g.data.data).toHaveLength(3);
		expect(sniffImage(Buffer.from(g.data.data[0].b64_json, 'base64'))?.format).toBe('webp');
		const gc = await post(h, '/v1/models/gemini-2.5-flash-image:generateContent', {
			contents: [{ parts: [{ text: '[dgrid:images=2] [dgrid:format=jpeg]' }] }],
			generationConfig: { responseModalities: ['IMAGE'] },
		});
		const parts = gc.data.candidates[0].content.parts;
		expect(parts).toHaveLength(2);
		expect(parts[0].inlineData.mimeType).toBe('image/jpeg');
		const chat = await post(h, '/v1/chat/completions', {
			model: 'gemini-2.5-flash-image',
			messages: [{ role: 'user', content: '[dgrid:images=2]' }],
		});
		expect(chat.data.choices[0].message.content.match(/!\[image\]/g)).toHaveLength(2);
		const q = await post(h, '/v1/images/generations', {
			model: 'wanx-v1',
			input: { prompt: 'x [dgrid:images=0]' },
		});
		expect(q.data.data).toBeNull();
		expect(h.gw.produced.map((p) => p.format)).toEqual([
			'webp',
			'webp',
			'webp',
			'jpeg',
			'jpeg',
			'png',
			'png',
		]);
	});

	it('[dgrid:mislabel] declares a MIME type the bytes are not', async () => {
		const gc = await post(h, '/v1/models/gemini-2.5-flash-image:generateContent', {
			contents: [{ parts: [{ text: '[dgrid:mislabel]' }] }],
			generationConfig: { responseModalities: ['IMAGE'] },
		});
		const { mimeType, data } = gc.data.candidates[0].content.parts[0].inlineData;
		expect(mimeType).toBe('image/jpeg');
		expect(sniffImage(Buffer.from(data, 'base64'))?.format).toBe('png');
	});

	it('[dgrid:delay=…] delays that request only', async () => {
		const slow = await h.http
			.post(
				'/v1/images/generations',
				{ prompt: 'x [dgrid:delay=60000]' },
				{ headers: h.auth, timeout: 200 },
			)
			.catch((e: unknown) => e);
		expect(axios.isAxiosError(slow) && slow.code).toBe('ECONNABORTED');
		expect((await gen('x')).status).toBe(200);
	});
});
