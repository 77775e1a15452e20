// POST /v1/images/edits: multipart and both JSON variants, image checks, answer shape.
import { makeImage, sniffImage, toDataUrl } from '../tools/gateway';
import { expectDgridError, multipart, post, useGateway, digest } from './helpers';

const h = useGateway();

const square = makeImage('png', { width: 40, height: 40, seed: 1 });
const wide = makeImage('png', { width: 48, height: 24, seed: 2 });

function sendForm(parts: Parameters<typeof multipart>[0]) {
	const { body, contentType } = multipart(parts);
	return h.http.post('/v1/images/edits', body, {
		headers: { ...h.auth, 'Content-Type': contentType },
	});
}

describe('multipart', () => {
	it('dall-e-2: one square PNG + mask → URL result sized like the input', async () => {
		const res = await sendForm([
			{ name: 'image', filename: 'in.png', contentType: 'image/png', data: square },
			{
				name: 'mask',
				filename: 'mask.png',
				contentType: 'image/png',
				data: makeImage('png', { width: 40, height: 40, alpha: true }),
			},
			{ name: 'prompt', value: 'add a hat' },
			{ name: 'model', value: 'dall-e-2' },
		]);
		expect(res.status).toBe(200);
		expect(res.data.data[0].url).toMatch(/^http/);
		expect(h.gw.produced[0]).toMatchObject({ route: 'edits', width: 40, height: 40 });
		const rec = h.gw.requests[0].multipart!;
		expect(rec.fields).toEqual({ prompt: 'add a hat', model: 'dall-e-2' });
		expect(rec.files.map((f) => [f.name, f.filename, f.contentType])).toEqual([
			['image', 'in.png', 'image/png'],
			['mask', 'mask.png', 'image/png'],
		]);
		expect(digest(rec.files[0].data)).toBe(digest(square));
	});

	it('gpt-image: several image[] files of mixed formats, n and output_format as fields', async () => {
		const res = await sendForm([
			{ name: 'image[]', filename: 'a.png', contentType: 'image/png', data: wide },
			{
				name: 'image[]',
				filename: 'b.jpg',
				contentType: 'image/jpeg',
				data: makeImage('jpeg', { width: 16, height: 16 }),
			},
			{
				name: 'image[]',
				filename: 'c.webp',
				contentType: 'image/webp',
				data: makeImage('webp', { width: 16, height: 16 }),
			},
			{ name: 'prompt', value: 'combine' },
			{ name: 'model', value: 'gpt-image-1' },
			{ name: 'n', value: '2' },
			{ name: 'output_format', value: 'jpeg' },
			{ name: 'input_fidelity', value: 'high' },
		]);
		expect(res.status).toBe(200);
		expect(res.data.data).toHaveLength(2);
		const bytes = Buffer.from(res.data.data[1].b64_json, 'base64');
		expect(sniffImage(bytes)).toMatchObject({ format: 'jpeg', width: 48, height: 24 });
		expect(digest(h.gw.produced[1].bytes)).toBe(digest(bytes));
	});

	it('an explicit size wins over the input dimensions', async () => {
		await sendForm([
			{ name: 'image', filename: 'a.png', contentType: 'image/png', data: wide },
			{ name: 'prompt', value: 'x' },
			{ name: 'model', value: 'gpt-image-1' },
			{ name: 'size', value: '1024x1536' },
		]);
		expect(h.gw.produced[0]).toMatchObject({ width: 43, height: 64 });
	});

	it('qwen-image-edit multipart is converted and answered the Qwen way', async () => {
		const res = await sendForm([
			{ name: 'image', filename: 'a.png', contentType: 'image/png', data: wide },
			{ name: 'prompt', value: 'x' },
			{ name: 'model', value: 'qwen-image-edit' },
		]);
		expect(res.data.data[0]).toMatchObject({ b64_json: '', url: expect.stringMatching(/^http/) });
		expect(res.data.metadata).toBeDefined();
	});

	it.each([
		[
			'missing prompt',
			[{ name: 'image', filename: 'a.png', contentType: 'image/png', data: square }],
			500,
			undefined,
		],
		['missing image', [{ name: 'prompt', value: 'x' }], 500, undefined],
		[
			'a file that is not an image',
			[
				{ name: 'image', filename: 'a.png', contentType: 'image/png', data: Buffer.from('<html>') },
				{ name: 'prompt', value: 'x' },
			],
			400,
			'image',
		],
		[
			'dall-e-2 with a JPEG',
			[
				{
					name: 'image',
					filename: 'a.jpg',
					contentType: 'image/jpeg',
					data: makeImage('jpeg', { width: 8, height: 8 }),
				},
				{ name: 'prompt', value: 'x' },
			],
			400,
			'image',
		],
		[
			'dall-e-2 with a non-square PNG',
			[
				{ name: 'image', filename: 'a.png', contentType: 'image/png', data: wide },
				{ name: 'prompt', value: 'x' },
			],
			400,
			'image',
		],
		[
			'dall-e-2 with two images',
			[
				{ name: 'image[]', filename: 'a.png', data: square },
				{ name: 'image[]', filename: 'b.png', data: square },
				{ name: 'prompt', value: 'x' },
			],
			400,
			'image',
		],
		[
			'a mask of another size',
			[
				{ name: 'image', filename: 'a.png', data: square },
				{ name: 'mask', filename: 'm.png', data: makeImage('png', { width: 20, height: 20 }) },
				{ name: 'prompt', value: 'x' },
			],
			400,
			'mask',
		],
		[
			'a JPEG mask',
			[
				{ name: 'image', filename: 'a.png', data: square },
				{ name: 'mask', filename: 'm.jpg', data: makeImage('jpeg', { width: 40, height: 40 }) },
				{ name: 'prompt', value: 'x' },
			],
			400,
			'mask',
		],
		[
			'n not a number',
			[
				{ name: 'image', filename: 'a.png', data: square },
				{ name: 'prompt', value: 'x' },
				{ name: 'n', value: 'two' },
			],
			400,
			'n',
		],
		[
			'input_fidelity unknown',
			[
				{ name: 'image', filename: 'a.png', data: square },
				{ name: 'prompt', value: 'x' },
				{ name: 'input_fidelity', value: 'max' },
			],
			400,
			'input_fidelity',
		],
	])('rejects %s', async (_name, parts, status, param) => {
		const res = await sendForm(parts as Parameters<typeof multipart>[0]);
		expectDgridError(res, status);
		if (param) expect(res.data.error.param).toBe(param);
	});

	it('rejects more than 16 images', async () => {
		const files = Array.from({ length: 17 }, (_, i) => ({
			name: 'image[]',
			filename: `${i}.png`,
			contentType: 'image/png',
			data: square,
		}));
		const res = await sendForm([
			...files,
			{ name: 'prompt', value: 'x' },
			{ name: 'model', value: 'gpt-image-1' },
		]);
		expectDgridError(res, 400);
		expect(res.data.error.message).toMatch(/16/);
	});

	it('a malformed multipart body is a 400', async () => {
		const res = await h.http.post('/v1/images/edits', Buffer.from('garbage'), {
			headers: { ...h.auth, 'Content-Type': 'multipart/form-data; boundary=abc' },
		});
		expectDgridError(res, 400, 'bad_request_body');
	});
});

describe('JSON variants', () => {
	it('OpenAI JSON: images by data URL and by URL of the CDN', async () => {
		const hosted = h.gw.hostImage(makeImage('webp', { width: 30, height: 10 }), 'webp');
		const res = await post(h, '/v1/images/edits', {
			model: 'gpt-image-1',
			prompt: 'merge',
			images: [{ image_url: hosted }, { image_url: toDataUrl(square, 'image/png') }],
			output_format: 'png',
		});
		expect(res.status).toBe(200);
		expect(h.gw.produced[0]).toMatchObject({ width: 30, height: 10, format: 'png' });
		expect(h.gw.requests[0].json).toMatchObject({ prompt: 'merge' });
	});

	it('OpenAI JSON: external https URLs are accepted unseen', async () => {
		const res = await post(h, '/v1/images/edits', {
			model: 'gpt-image-1',
			prompt: 'x',
			images: [{ image_url: 'https://example.com/cat.png' }],
		});
		expect(res.status).toBe(200);
		expect(res.data.data[0].b64_json.length).toBeGreaterThan(10);
	});

	it('Imagen edits: the images never reach the model, Imagen makes a new image from the prompt (audit O9)', async () => {
		const res = await post(h, '/v1/images/edits', {
			model: 'imagen-4.0-generate-001',
			prompt: 'x',
			images: [{ image_url: toDataUrl(wide, 'image/png') }],
		});
		expect(res.status).toBe(200);
		expect(h.gw.requests[0].upstream?.body).toEqual({
			instances: [{ prompt: 'x' }],
			parameters: { sampleCount: 1, aspectRatio: '1:1', personGeneration: 'allow_adult' },
		});
		expect(h.gw.produced[0]).toMatchObject({ width: 64, height: 64 });
	});

	it('gemini-* edits: 500 convert_request_failed, JSON or multipart', async () => {
		const json = await post(h, '/v1/images/edits', {
			model: 'gemini-3-pro-image-preview',
			prompt: 'x',
			images: [{ image_url: 'https://example.com/cat.png' }],
		});
		expectDgridError(json, 500, 'convert_request_failed');
		const form = await sendForm([
			{ name: 'image', filename: 'a.png', contentType: 'image/png', data: square },
			{ name: 'prompt', value: 'x' },
			{ name: 'model', value: 'gemini-2.5-flash-image' },
		]);
		expectDgridError(form, 500, 'convert_request_failed');
	});

	it.each([
		[
			{ prompt: 'x', images: [{ image_url: 'data:image/png;base64,PGh0bWw+' }] },
			400,
			'images[0].image_url',
		],
		[{ prompt: 'x', images: [{ image_url: 'not a url' }] }, 400, 'images[0].image_url'],
		[{ prompt: 'x', images: [{ url: 'https://x/y.png' }] }, 400, 'images[0].image_url'],
		[{ prompt: 'x', images: [] }, 500, null],
		[{ images: [{ image_url: 'https://x/y.png' }] }, 500, null],
	])('%j → %i', async (body, status, param) => {
		const res = await post(h, '/v1/images/edits', body);
		expectDgridError(res, status as number);
		expect(res.data.error.param).toBe(param);
	});
});
