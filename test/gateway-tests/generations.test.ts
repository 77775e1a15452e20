// POST /v1/images/generations: OpenAI shape per model family, validation, Qwen/Wan shape.
import axios from 'axios';
import { sniffImage, startGateway } from '../gateway';
import { expectDgridError, post, useGateway, digest } from './helpers';

const h = useGateway();
const gen = (body: object) => post(h, '/v1/images/generations', body);

async function download(url: string): Promise<Buffer> {
	const res = await axios.get(url, { responseType: 'arraybuffer', proxy: false });
	return Buffer.from(res.data);
}

describe('OpenAI shape', () => {
	it('dall-e-3 defaults to CDN URLs with revised_prompt and "" in unused keys', async () => {
		const res = await gen({ prompt: 'a sea otter', model: 'dall-e-3', size: '1792x1024' });
		expect(res.status).toBe(200);
		expect(res.data.created).toEqual(expect.any(Number));
		expect(res.data.data).toHaveLength(1);
		const d = res.data.data[0];
		expect(d.b64_json).toBe('');
		expect(d.revised_prompt).toContain('a sea otter');
		expect(d.url.startsWith(`${h.gw.cdnBaseUrl}/images/`)).toBe(true);
		expect(res.data.usage).toBeUndefined();
		const bytes = await download(d.url);
		expect(digest(bytes)).toBe(digest(h.gw.produced[0].bytes));
		expect(h.gw.produced[0]).toMatchObject({ format: 'png', url: d.url, route: 'generations', width: 64, height: 37 });
		expect(sniffImage(bytes)).toMatchObject({ format: 'png', width: 64, height: 37 });
	});

	it('dall-e-2 with b64_json returns n base64 images, all different', async () => {
		const res = await gen({ prompt: 'x', model: 'dall-e-2', n: 3, size: '256x256', response_format: 'b64_json' });
		expect(res.data.data).toHaveLength(3);
		const images = res.data.data.map((d: { b64_json: string; url: string }) => {
			expect(d.url).toBe('');
			return Buffer.from(d.b64_json, 'base64');
		});
		expect(images.map((b: Buffer) => sniffImage(b)?.width)).toEqual([64, 64, 64]);
		expect(new Set(images.map((b: Buffer) => b.toString('base64'))).size).toBe(3);
		expect(h.gw.produced.map((p) => digest(p.bytes))).toEqual(images.map(digest));
	});

	it('model defaults to dall-e-2 (URL results)', async () => {
		const res = await gen({ prompt: 'x' });
		expect(res.data.data[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/images\//);
	});

	it('gpt-image returns b64 in output_format, with usage', async () => {
		const res = await gen({ prompt: 'x', model: 'gpt-image-1', size: '1024x1536', output_format: 'jpeg', quality: 'high' });
		expect(res.status).toBe(200);
		const bytes = Buffer.from(res.data.data[0].b64_json, 'base64');
		expect(sniffImage(bytes)).toMatchObject({ format: 'jpeg', width: 43, height: 64 });
		expect(res.data.data[0].url).toBe('');
		expect(res.data.usage).toMatchObject({ total_tokens: expect.any(Number), input_tokens_details: expect.any(Object) });
		expect(res.data.output_format).toBe('jpeg');
	});

	it('gpt-image webp with transparent background', async () => {
		const res = await gen({ prompt: 'x', model: 'gpt-image-1-mini', output_format: 'webp', background: 'transparent' });
		const bytes = Buffer.from(res.data.data[0].b64_json, 'base64');
		expect(bytes.toString('latin1', 8, 16)).toBe('WEBPVP8L');
		expect(h.gw.produced[0].format).toBe('webp');
	});

	it('gpt-image rejects response_format like OpenAI', async () => {
		const res = await gen({ prompt: 'x', model: 'gpt-image-1', response_format: 'b64_json' });
		expectDgridError(res, 400, 'unknown_parameter');
		expect(res.data.error.param).toBe('response_format');
	});

	it('imagen and gemini models answer in base64 whatever response_format says', async () => {
		for (const model of ['imagen-4.0-generate-001', 'gemini-2.5-flash-image']) {
			const res = await gen({ prompt: 'x', model, response_format: 'url' });
			expect(res.data.data[0].url).toBe('');
			expect(res.data.data[0].b64_json.length).toBeGreaterThan(10);
		}
	});

	it('unknown top-level keys are dropped, not rejected', async () => {
		expect((await gen({ prompt: 'x', model: 'flux-pro', foo: 1, negative_prompt: 'y' })).status).toBe(200);
	});
});

describe('validation', () => {
	it('missing prompt is the gateway quirk: HTTP 500 invalid_request', async () => {
		expectDgridError(await gen({ model: 'dall-e-3' }), 500, 'invalid_request');
		expectDgridError(await gen({ prompt: '', model: 'dall-e-3' }), 500, 'invalid_request');
	});

	it.each([
		[{ prompt: 'x'.repeat(4001) }, 'prompt'],
		[{ prompt: 'x', n: 0 }, 'n'],
		[{ prompt: 'x', n: 11 }, 'n'],
		[{ prompt: 'x', n: 1.5 }, 'n'],
		[{ prompt: 'x', n: '2' }, 'n'],
		[{ prompt: 'x', size: 'big' }, 'size'],
		[{ prompt: 'x', size: '300x300' }, 'size'],
		[{ prompt: 'x', model: 'dall-e-3', size: '512x512' }, 'size'],
		[{ prompt: 'x', model: 'dall-e-3', n: 2 }, 'n'],
		[{ prompt: 'x', model: 'dall-e-3', quality: 'high' }, 'quality'],
		[{ prompt: 'x', quality: 'ultra' }, 'quality'],
		[{ prompt: 'x', style: 'cartoon' }, 'style'],
		[{ prompt: 'x', response_format: 'png' }, 'response_format'],
		[{ prompt: 'x', model: 'gpt-image-1', output_format: 'gif' }, 'output_format'],
		[{ prompt: 'x', model: 'gpt-image-1', output_compression: 101 }, 'output_compression'],
		[{ prompt: 'x', model: 'gpt-image-1', background: 'green' }, 'background'],
		[{ prompt: 'x', model: 'gpt-image-1', moderation: 'none' }, 'moderation'],
		[{ prompt: 42 }, 'prompt'],
	])('%j → 400 naming %s', async (body, param) => {
		const res = await gen(body);
		expectDgridError(res, 400);
		expect(res.data.error.param).toBe(param);
		expect(res.data.error.type).toBe('invalid_request_error');
	});

	it('null optional fields are accepted', async () => {
		expect((await gen({ prompt: 'x', n: null, size: null, model: 'dall-e-2' })).status).toBe(200);
	});
});

describe('Qwen / Wan (DashScope shape)', () => {
	const qwen = (model: string, content: unknown, parameters?: object) =>
		gen({ model, input: { messages: [{ role: 'user', content }] }, ...(parameters ? { parameters } : {}) });

	it('returns CDN URLs, b64_json "", model text in revised_prompt and raw metadata', async () => {
		const res = await qwen('qwen-image', [{ text: 'a lake' }], { size: '1328*1328', n: 2, prompt_extend: true, watermark: false });
		expect(res.status).toBe(200);
		expect(res.data.data).toHaveLength(2);
		for (const d of res.data.data) {
			expect(d.b64_json).toBe('');
			expect(d.revised_prompt).toContain('a lake');
			expect(digest(await download(d.url))).toBe(digest(h.gw.produced.find((p) => p.url === d.url)!.bytes));
		}
		expect(res.data.metadata.output.choices[0].message.content[0].image).toBe(res.data.data[0].url);
		expect(h.gw.produced[0]).toMatchObject({ width: 64, height: 64 });
	});

	it('ignores response_format and accepts a plain string content', async () => {
		const res = await gen({ model: 'qwen-image-plus', response_format: 'b64_json', input: { messages: [{ role: 'user', content: 'a lake' }] } });
		expect(res.data.data[0].url).toMatch(/^http/);
		expect(res.data.data[0].b64_json).toBe('');
	});

	it('async wan models report a finished task', async () => {
		const res = await qwen('wan2.6-t2i', 'a lake', { size: '1280*720' });
		expect(res.data.metadata.output.task_status).toBe('SUCCEEDED');
		expect(res.data.metadata.output.results[0].url).toBe(res.data.data[0].url);
		expect(h.gw.produced[0]).toMatchObject({ width: 64, height: 36 });
	});

	it('asyncLatencyMs delays only the asynchronous models', async () => {
		const gw = await startGateway({ asyncLatencyMs: 60000 });
		try {
			const client = axios.create({ baseURL: gw.baseUrl, proxy: false, headers: { Authorization: `Bearer ${gw.apiKey}` } });
			const body = (model: string) => ({ model, input: { messages: [{ role: 'user', content: 'x' }] } });
			const slow = await client.post('/v1/images/generations', body('wanx-v1'), { timeout: 300 }).catch((e: unknown) => e);
			expect(axios.isAxiosError(slow) && slow.code).toBe('ECONNABORTED');
			const fast = await client.post('/v1/images/generations', body('qwen-image'), { timeout: 5000 });
			expect(fast.status).toBe(200);
		} finally {
			await gw.close();
		}
	});

	it('OpenAI-shaped requests to Alibaba models are answered the Qwen way', async () => {
		const res = await gen({ prompt: 'a lake', model: 'wanx-v1', response_format: 'b64_json' });
		expect(res.data.data[0].url).toMatch(/^http/);
		expect(res.data.metadata).toBeDefined();
	});

	it.each([
		[{ model: 'wanx-v1', input: {} }, 'input.messages'],
		[{ model: 'wanx-v1', input: { messages: [] } }, 'input.messages'],
		[{ input: { messages: [{ role: 'user', content: 'x' }] } }, 'model'],
		[{ model: 'wanx-v1', input: { messages: [{ role: 'user', content: [{}] }] } }, 'input.messages[0].content[0]'],
		[{ model: 'wanx-v1', input: { messages: [{ role: 'user', content: 'x' }] }, parameters: { size: '1024x1024' } }, 'parameters.size'],
		[{ model: 'wanx-v1', input: { messages: [{ role: 'user', content: [{ text: '' }] }] } }, 'input.messages'],
		[{ model: 'qwen-image', input: { messages: [{ role: 'user', content: [{ text: 'x' }, { image: 'ftp://nope' }] }] } }, 'input.messages[0].content[1].image'],
	])('%j → 400 naming %s', async (body, param) => {
		const res = await gen(body);
		expectDgridError(res, 400);
		expect(res.data.error.param).toBe(param);
	});
});
