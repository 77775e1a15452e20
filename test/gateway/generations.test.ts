// POST /v1/images/generations: OpenAI shape per model family, validation, Google models (Qwen/Wan: ali.test.ts).
import axios from 'axios';
import { sniffImage } from '../tools/gateway';
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
		expect(h.gw.produced[0]).toMatchObject({
			format: 'png',
			url: d.url,
			route: 'generations',
			width: 64,
			height: 37,
		});
		expect(sniffImage(bytes)).toMatchObject({ format: 'png', width: 64, height: 37 });
	});

	it('dall-e-2 with b64_json returns n base64 images, all different', async () => {
		const res = await gen({
			prompt: 'x',
			model: 'dall-e-2',
			n: 3,
			size: '256x256',
			response_format: 'b64_json',
		});
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
		const res = await gen({
			prompt: 'x',
			model: 'gpt-image-1',
			size: '1024x1536',
			output_format: 'jpeg',
			quality: 'high',
		});
		expect(res.status).toBe(200);
		const bytes = Buffer.from(res.data.data[0].b64_json, 'base64');
		expect(sniffImage(bytes)).toMatchObject({ format: 'jpeg', width: 43, height: 64 });
		expect(res.data.data[0].url).toBe('');
		expect(res.data.usage).toMatchObject({
			total_tokens: expect.any(Number),
			input_tokens_details: expect.any(Object),
		});
		expect(res.data.output_format).toBe('jpeg');
	});

	it('gpt-image webp with transparent background', async () => {
		const res = await gen({
			prompt: 'x',
			model: 'gpt-image-1-mini',
			output_format: 'webp',
			background: 'transparent',
		});
		const bytes = Buffer.from(res.data.data[0].b64_json, 'base64');
		expect(bytes.toString('latin1', 8, 16)).toBe('WEBPVP8L');
		expect(h.gw.produced[0].format).toBe('webp');
	});

	it('gpt-image rejects response_format like OpenAI', async () => {
		const res = await gen({ prompt: 'x', model: 'gpt-image-1', response_format: 'b64_json' });
		expectDgridError(res, 400, 'unknown_parameter');
		expect(res.data.error.param).toBe('response_format');
	});

	it('chatgpt-image-latest is a GPT Image model: base64 only, response_format rejected', async () => {
		const res = await gen({ prompt: 'x', model: 'chatgpt-image-latest', size: '1536x1024' });
		expect(res.data.data[0].url).toBe('');
		expect(sniffImage(Buffer.from(res.data.data[0].b64_json, 'base64'))).toMatchObject({
			width: 64,
			height: 43,
		});
		expectDgridError(
			await gen({ prompt: 'x', model: 'chatgpt-image-latest', response_format: 'url' }),
			400,
			'unknown_parameter',
		);
	});

	it('unknown top-level keys are dropped, not rejected: aspect_ratio never reaches an OpenAI-shaped channel', async () => {
		const res = await gen({
			prompt: 'x',
			model: 'flux-pro',
			foo: 1,
			negative_prompt: 'y',
			aspect_ratio: '16:9',
		});
		expect(res.status).toBe(200);
		expect(h.gw.requests[0].upstream).toEqual({
			api: '/v1/images/generations',
			body: { prompt: 'x', model: 'flux-pro' },
		});
		// The default shape, not 16:9.
		expect(h.gw.produced[0]).toMatchObject({ width: 64, height: 64 });
	});

	it('MiniMax is the channel that reads aspect_ratio', async () => {
		const res = await gen({ prompt: 'x', model: 'image-01', aspect_ratio: '16:9' });
		expect(res.status).toBe(200);
		expect(h.gw.requests[0].upstream?.body).toEqual({
			prompt: 'x',
			model: 'image-01',
			aspect_ratio: '16:9',
		});
		expect(h.gw.produced[0]).toMatchObject({ width: 64, height: 36 });
	});
});

describe("Google models (New API's Gemini channel)", () => {
	it('imagen answers in base64 whatever response_format says; its request carries the prompt, n and an aspect ratio', async () => {
		const res = await gen({
			prompt: 'x',
			model: 'imagen-4.0-generate-001',
			response_format: 'url',
			n: 2,
			quality: 'hd',
		});
		expect(res.data.data).toHaveLength(2);
		expect(res.data.data[0].url).toBe('');
		expect(res.data.data[0].b64_json.length).toBeGreaterThan(10);
		expect(h.gw.requests[0].upstream).toEqual({
			api: '/v1beta/models/imagen-4.0-generate-001:predict',
			body: {
				instances: [{ prompt: 'x' }],
				parameters: {
					sampleCount: 2,
					aspectRatio: '1:1',
					personGeneration: 'allow_adult',
					imageSize: '2K',
				},
			},
		});
	});

	it.each([
		['16:9', '16:9', 64, 36],
		['3:4', '3:4', 48, 64],
		['1792x1024', '16:9', 64, 36],
		['1024x1024', '1:1', 64, 64],
		// A size New API does not know becomes 1:1, silently.
		['1344x768', '1:1', 64, 64],
	])('imagen reads its aspect ratio from size %s → %s', async (size, ratio, width, height) => {
		const res = await gen({
			prompt: 'x',
			model: 'imagen-4.0-generate-001',
			size,
			aspect_ratio: '9:16',
		});
		expect(res.status).toBe(200);
		expect(
			(h.gw.requests[0].upstream?.body as { parameters: { aspectRatio: string } }).parameters
				.aspectRatio,
		).toBe(ratio);
		expect(h.gw.produced[0]).toMatchObject({ width, height });
	});

	it.each(['1536x1024', '3:2', '21:9'])(
		'imagen refuses the ratio size %s gives (Imagen takes 1:1, 3:4, 4:3, 9:16, 16:9)',
		async (size) => {
			const res = await gen({ prompt: 'x', model: 'imagen-4.0-generate-001', size });
			expectDgridError(res, 400, 'bad_response_status_code');
			expect(res.data.error.message).toMatch(/^Unsupported aspect ratio/);
		},
	);

	it('imagen with nothing left after safety filtering: 500 bad_response_body', async () => {
		expectDgridError(
			await gen({ prompt: 'x [dgrid:refuse]', model: 'imagen-4.0-generate-001' }),
			500,
			'bad_response_body',
		);
	});

	it('gemini-* image models are refused before anything is sent: 500 convert_request_failed', async () => {
		const res = await gen({ prompt: 'x', model: 'gemini-2.5-flash-image' });
		expectDgridError(res, 500, 'convert_request_failed');
		expect(res.data.error.message).toMatch(
			/^not supported model for image generation, only imagen models are supported/,
		);
		expect(h.gw.produced).toHaveLength(0);
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
