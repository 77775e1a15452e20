// Qwen / Wan / Z-Image on /v1/images/*: New API's Ali channel converting the request for
// DashScope (recorded as `upstream`), DashScope's checks, and the answer converted back —
// in both New API versions the gateway plays (U, the default, and L).
import axios from 'axios';
import { makeImage, startGateway, toDataUrl, type TestGateway } from '../tools/gateway';
import { digest, expectDgridError, multipart, post, useGateway } from './helpers';

const h = useGateway();
const gen = (body: object) => post(h, '/v1/images/generations', body);
const edit = (body: object) => post(h, '/v1/images/edits', body);
const upstream = (i = 0) => h.gw.requests[i].upstream;
const messages = (content: unknown) => ({ messages: [{ role: 'user', content }] });

const TEXT2IMAGE = '/api/v1/services/aigc/text2image/image-synthesis';
const MULTIMODAL = '/api/v1/services/aigc/multimodal-generation/generation';
const IMAGE2IMAGE = '/api/v1/services/aigc/image2image/image-synthesis';

const photo = makeImage('png', { width: 48, height: 24, seed: 3 });

function sendForm(parts: Parameters<typeof multipart>[0]) {
	const { body, contentType } = multipart(parts);
	return h.http.post('/v1/images/edits', body, {
		headers: { ...h.auth, 'Content-Type': contentType },
	});
}

async function download(url: string): Promise<Buffer> {
	return Buffer.from((await axios.get(url, { responseType: 'arraybuffer', proxy: false })).data);
}

describe('synchronous models (qwen-image*, z-image, wan2.6, wan2.7): multimodal-generation', () => {
	it('input and parameters go to DashScope unchanged; URLs only, the model text in revised_prompt, raw answer in metadata', async () => {
		const input = messages([{ text: 'a lake' }]);
		const res = await gen({
			model: 'qwen-image',
			input,
			parameters: { size: '1328*1328', prompt_extend: true, watermark: false },
			response_format: 'b64_json',
		});
		expect(res.status).toBe(200);
		expect(upstream()).toEqual({
			api: MULTIMODAL,
			body: {
				model: 'qwen-image',
				input,
				parameters: { size: '1328*1328', prompt_extend: true, watermark: false },
			},
		});
		expect(res.data.data).toEqual([
			{
				url: h.gw.produced[0].url,
				b64_json: '',
				revised_prompt: 'a lake, highly detailed, soft natural light',
			},
		]);
		expect(digest(await download(res.data.data[0].url))).toBe(digest(h.gw.produced[0].bytes));
		expect(res.data.metadata.output.choices[0].message.content[0].image).toBe(res.data.data[0].url);
		expect(h.gw.produced[0]).toMatchObject({ width: 64, height: 64 });
	});

	it.each(['z-image-turbo', 'wan2.6-t2i', 'wan2.7-t2i', 'openai/qwen-image-plus'])(
		'%s is synchronous too',
		async (model) => {
			expect((await gen({ model, input: messages([{ text: 'x' }]) })).status).toBe(200);
			expect(upstream()?.api).toBe(MULTIMODAL);
		},
	);

	it('several images in one choice: data[] keeps only the last, metadata has them all (audit Q10)', async () => {
		const res = await gen({
			model: 'qwen-image',
			input: messages([{ text: 'x' }]),
			parameters: { n: 3 },
		});
		expect(h.gw.produced).toHaveLength(3);
		expect(res.data.data).toHaveLength(1);
		expect(res.data.data[0].url).toBe(h.gw.produced[2].url);
		const content = res.data.metadata.output.choices[0].message.content;
		expect(
			content.filter((p: { image?: string }) => p.image).map((p: { image: string }) => p.image),
		).toEqual(h.gw.produced.map((p) => p.url));
		expect(res.data.metadata.usage.image_count).toBe(3);
	});

	it('without input, New API builds the messages from the prompt; size x → *, n and watermark from the OpenAI fields', async () => {
		const res = await gen({
			model: 'qwen-image',
			prompt: 'a lake',
			size: '1280x720',
			n: 2,
			watermark: true,
			quality: 'hd',
		});
		expect(res.status).toBe(200);
		expect(upstream()?.body).toEqual({
			model: 'qwen-image',
			input: messages([{ text: 'a lake' }]),
			parameters: { size: '1280*720', n: 2, watermark: true },
		});
		expect(h.gw.produced[0]).toMatchObject({ width: 64, height: 36 });
	});

	it('prompt_extend false: no text comes back', async () => {
		const res = await gen({
			model: 'qwen-image',
			input: messages([{ text: 'x' }]),
			parameters: { prompt_extend: false },
		});
		expect(res.data.data[0].revised_prompt).toBe('');
	});

	it('a plain-string content works in version U', async () => {
		expect((await gen({ model: 'qwen-image', input: messages('a lake') })).status).toBe(200);
	});

	it.each([
		[{ model: 'qwen-image', input: {} }, /Field required: input\.messages/],
		[{ model: 'qwen-image', input: messages([{ text: '' }]) }, /no text/],
		[
			{ model: 'qwen-image', input: messages([{ text: 'x' }, { image: 'ftp://nope' }]) },
			/input\.messages\[0\]\.content\[1\]\.image/,
		],
		[
			{ model: 'qwen-image', input: messages([{ text: 'x' }]), parameters: { size: '1024x1024' } },
			/parameters\.size/,
		],
		[
			{ model: 'qwen-image', input: messages([{ text: 'x' }]), parameters: { n: 7 } },
			/parameters\.n/,
		],
	])('DashScope refuses %j: its 400 relayed as bad_response_status_code', async (body, message) => {
		const res = await gen(body);
		expectDgridError(res, 400, 'bad_response_status_code');
		expect(res.data.error.type).toBe('upstream_error');
		expect(res.data.error.message).toMatch(message);
	});

	it("a wrongly typed parameter fails New API's conversion: 500 convert_request_failed", async () => {
		const res = await gen({
			model: 'qwen-image',
			input: messages([{ text: 'x' }]),
			parameters: { size: 1024 },
		});
		expectDgridError(res, 500, 'convert_request_failed');
		expect(res.data.error.message).toMatch(/^invalid parameters field/);
		expectDgridError(
			await gen({ model: 'qwen-image', input: messages([{ text: 'x' }]), parameters: { n: 200 } }),
			500,
			'convert_request_failed',
		);
	});

	it('no input and no prompt: 500 invalid_request', async () => {
		expectDgridError(await gen({ model: 'qwen-image' }), 500, 'invalid_request');
	});
});

describe('asynchronous Wan text-to-image (wanx*, wan2.0–2.5): text2image tasks', () => {
	it("DGrid's own sample (input.messages) fails: the task API needs input.prompt (audit Q1)", async () => {
		const input = messages('A serene mountain lake at dawn, photorealistic.');
		const res = await gen({ model: 'wanx-v1', input });
		expectDgridError(res, 400, 'bad_response_status_code');
		expect(res.data.error.message).toMatch(/^InvalidParameter: Field required: input\.prompt/);
		expect(upstream()).toEqual({
			api: TEXT2IMAGE,
			body: { model: 'wanx-v1', input, parameters: { n: 1 } },
		});
		expect(h.gw.produced).toHaveLength(0);
	});

	it('input.prompt and input.negative_prompt reach DashScope; every image in data[], revised_prompt "", actual_prompt in metadata', async () => {
		const input = { prompt: 'a lake', negative_prompt: 'people' };
		const res = await gen({
			model: 'wanx2.1-t2i-turbo',
			input,
			parameters: { n: 2, size: '1280*720' },
		});
		expect(res.status).toBe(200);
		expect(upstream()).toEqual({
			api: TEXT2IMAGE,
			body: { model: 'wanx2.1-t2i-turbo', input, parameters: { n: 2, size: '1280*720' } },
		});
		expect(res.data.data).toEqual(
			h.gw.produced.map((p) => ({ url: p.url, b64_json: '', revised_prompt: '' })),
		);
		expect(res.data.metadata.output).toMatchObject({
			task_status: 'SUCCEEDED',
			results: [
				{
					url: h.gw.produced[0].url,
					orig_prompt: 'a lake',
					actual_prompt: 'a lake, highly detailed, soft natural light',
				},
				{
					url: h.gw.produced[1].url,
					orig_prompt: 'a lake',
					actual_prompt: 'a lake, highly detailed, soft natural light',
				},
			],
		});
		expect(h.gw.produced[0]).toMatchObject({ width: 64, height: 36 });
	});

	it("without input New API sends {prompt} and n=1; parameters without n leave DashScope's default of 4", async () => {
		await gen({ model: 'wanx-v1', prompt: 'a lake', size: '1024x1024' });
		expect(upstream()?.body).toEqual({
			model: 'wanx-v1',
			input: { prompt: 'a lake' },
			parameters: { size: '1024*1024', n: 1 },
		});
		expect(h.gw.produced).toHaveLength(1);
		h.gw.reset();
		const res = await gen({
			model: 'wanx-v1',
			input: { prompt: 'a lake' },
			parameters: { seed: 7 },
		});
		expect(res.data.data).toHaveLength(4);
	});

	it('parameters.negative_prompt is dropped in version U; unknown keys always', async () => {
		await gen({
			model: 'wanx-v1',
			input: { prompt: 'x' },
			parameters: { n: 1, negative_prompt: 'blur', style: '<auto>' },
		});
		expect(upstream()?.body).toMatchObject({ parameters: { n: 1 } });
		expect((upstream()?.body as { parameters: object }).parameters).not.toHaveProperty(
			'negative_prompt',
		);
	});

	it('asyncLatencyMs delays only the asynchronous models', async () => {
		const gw = await startGateway({ asyncLatencyMs: 60000 });
		try {
			const client = axios.create({
				baseURL: gw.baseUrl,
				proxy: false,
				headers: { Authorization: `Bearer ${gw.apiKey}` },
			});
			const slow = await client
				.post('/v1/images/generations', { model: 'wanx-v1', prompt: 'x' }, { timeout: 300 })
				.catch((e: unknown) => e);
			expect(axios.isAxiosError(slow) && slow.code).toBe('ECONNABORTED');
			const fast = await client.post(
				'/v1/images/generations',
				{ model: 'qwen-image', prompt: 'x' },
				{ timeout: 5000 },
			);
			expect(fast.status).toBe(200);
		} finally {
			await gw.close();
		}
	});

	it('a task not done after New API\'s polling: 500 bad_response "aliAsyncTaskWait timeout" (directive or queued fault)', async () => {
		const res = await gen({ model: 'wanx-v1', prompt: 'x [dgrid:fault=asyncTimeout]' });
		expectDgridError(res, 500, 'bad_response');
		expect(res.data.error.message).toMatch(/^aliAsyncTaskWait timeout \(request id: /);
		h.gw.queueFault({ kind: 'asyncTimeout' });
		expectDgridError(await gen({ model: 'wanx-v1', prompt: 'x' }), 500, 'bad_response');
	});
});

describe('edits', () => {
	it('JSON with DashScope {image} parts: forwarded unchanged, the output sized like the first input', async () => {
		const input = messages([{ image: toDataUrl(photo, 'image/png') }, { text: 'make it night' }]);
		const res = await edit({ model: 'qwen-image-edit', input });
		expect(res.status).toBe(200);
		expect(upstream()).toEqual({
			api: MULTIMODAL,
			body: { model: 'qwen-image-edit', input, parameters: { n: 1 } },
		});
		expect(res.data.data[0].revised_prompt).toContain('make it night');
		expect(h.gw.produced[0]).toMatchObject({ width: 48, height: 24 });
	});

	it('OpenAI JSON (images[]) on an Ali model: the images are ignored, so qwen-image-edit has none (audit O8)', async () => {
		const res = await edit({
			model: 'qwen-image-edit',
			prompt: 'make it night',
			images: [{ image_url: toDataUrl(photo, 'image/png') }],
		});
		expect(upstream()?.body).toEqual({
			model: 'qwen-image-edit',
			input: messages([{ text: 'make it night' }]),
			parameters: { n: 1 },
		});
		expectDgridError(res, 400, 'bad_response_status_code');
		expect(res.data.error.message).toMatch(/needs an input image/);
	});

	it('multipart: the files become data: URL parts before the prompt; only n survives the conversion', async () => {
		const jpeg = makeImage('jpeg', { width: 16, height: 16, seed: 4 });
		const res = await sendForm([
			{ name: 'image[]', filename: 'a.png', contentType: 'image/png', data: photo },
			{ name: 'image[]', filename: 'b.jpg', contentType: 'image/jpeg', data: jpeg },
			{ name: 'prompt', value: 'merge' },
			{ name: 'model', value: 'qwen-image-edit-plus' },
			{ name: 'n', value: '2' },
			{ name: 'size', value: '1024x1024' },
		]);
		expect(res.status).toBe(200);
		expect(upstream()).toEqual({
			api: MULTIMODAL,
			body: {
				model: 'qwen-image-edit-plus',
				input: messages([
					{ image: toDataUrl(photo, 'image/png') },
					{ image: toDataUrl(jpeg, 'image/jpeg') },
					{ text: 'merge' },
				]),
				parameters: { n: 2 },
			},
		});
		// size was not read: the first input's size; two images made, one in data[].
		expect(h.gw.produced.map((p) => [p.width, p.height])).toEqual([
			[48, 24],
			[48, 24],
		]);
		expect(res.data.data).toHaveLength(1);
	});

	it('old-Wan image-to-image: JSON fails the conversion (audit Q7), multipart becomes an image2image task', async () => {
		const json = await edit({
			model: 'wanx2.1-imageedit',
			input: messages([{ image: toDataUrl(photo, 'image/png') }, { text: 'x' }]),
		});
		expectDgridError(json, 500, 'convert_request_failed');
		expect(json.data.error.message).toMatch(/failed to parse image edit form request/);
		const form = await sendForm([
			{ name: 'image', filename: 'a.png', contentType: 'image/png', data: photo },
			{ name: 'prompt', value: 'make it night' },
			{ name: 'negative_prompt', value: 'blur' },
			{ name: 'model', value: 'wanx2.1-imageedit' },
		]);
		expect(form.status).toBe(200);
		expect(h.gw.requests[1].upstream).toEqual({
			api: IMAGE2IMAGE,
			body: {
				model: 'wanx2.1-imageedit',
				input: {
					prompt: 'make it night',
					images: [toDataUrl(photo, 'image/png')],
					negative_prompt: 'blur',
				},
				parameters: { n: 1 },
			},
		});
		expect(form.data.data).toHaveLength(1);
		expect(form.data.metadata.output.results[0].url).toBe(form.data.data[0].url);
	});

	it('a multipart Ali edit without a file fails the conversion', async () => {
		const res = await sendForm([
			{ name: 'prompt', value: 'x' },
			{ name: 'model', value: 'qwen-image-edit' },
		]);
		expectDgridError(res, 500, 'convert_request_failed');
	});
});

describe('version L (newer Ali files)', () => {
	let l: TestGateway;
	beforeAll(async () => {
		l = await startGateway({ newApiVersion: 'L' });
	});
	afterAll(async () => {
		await l.close();
	});
	const postL = (body: object) =>
		axios.post(`${l.baseUrl}/v1/images/generations`, body, {
			headers: { Authorization: `Bearer ${l.apiKey}` },
			validateStatus: () => true,
			proxy: false,
		});

	it("a synchronous model's plain-string content fails the typed input: 500 convert_request_failed", async () => {
		const res = await postL({ model: 'qwen-image', input: messages('a lake') });
		expect(res.status).toBe(500);
		expect(res.data.error.code).toBe('convert_request_failed');
		expect(res.data.error.message).toMatch(/^invalid input field: json: cannot unmarshal string/);
	});

	it('parameters.negative_prompt reaches DashScope; parts work as in U', async () => {
		const res = await postL({
			model: 'qwen-image',
			input: messages([{ text: 'x' }]),
			parameters: { negative_prompt: 'blur' },
		});
		expect(res.status).toBe(200);
		expect(l.requests.at(-1)?.upstream?.body).toMatchObject({
			parameters: { negative_prompt: 'blur' },
		});
	});

	it("an async model's input is still forwarded as it is", async () => {
		const res = await postL({
			model: 'wanx-v1',
			input: { prompt: 'x', negative_prompt: 'y', extra: 1 },
		});
		expect(res.status).toBe(200);
		expect(l.requests.at(-1)?.upstream?.body).toMatchObject({
			input: { prompt: 'x', negative_prompt: 'y', extra: 1 },
		});
	});
});
