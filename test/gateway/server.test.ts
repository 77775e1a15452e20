// Routing, the model list, body limits, latency, recording, reset and close.
import axios from 'axios';
import { startGateway } from '../tools/gateway';
import { expectDgridError, multipart, post, useGateway } from './helpers';

const h = useGateway({ maxBodyBytes: 64 * 1024 });

describe('GET /v1/models', () => {
	it('lists image and non-image models in New API shape', async () => {
		const res = await h.http.get('/v1/models', { headers: h.auth });
		expect(res.status).toBe(200);
		expect(res.data.object).toBe('list');
		const ids = res.data.data.map((m: { id: string }) => m.id);
		for (const id of [
			'dall-e-3',
			'gpt-image-1',
			'openai/gpt-4o',
			'wanx-v1',
			'qwen-image-edit',
			'gemini-2.5-flash-image',
			'claude-sonnet-4',
			'flux-pro',
		]) {
			expect(ids).toContain(id);
		}
		for (const m of res.data.data) {
			expect(m).toEqual({
				id: expect.any(String),
				object: 'model',
				created: expect.any(Number),
				owned_by: expect.any(String),
				supported_endpoint_types: expect.any(Array),
			});
		}
	});
});

describe('routing and limits', () => {
	it('unknown routes and wrong methods are 404 in DGrid shape', async () => {
		expectDgridError(await post(h, '/v1/images/variations', {}), 404);
		expectDgridError(await h.http.get('/v1/images/generations', { headers: h.auth }), 404);
		const res = await post(h, '/nope', {});
		expect(res.data.error.message).toMatch(/^Invalid URL \(POST \/nope\)/);
		expect(h.gw.requests.map((r) => r.status)).toEqual([404, 404, 404]);
	});

	it('bodies over maxBodyBytes get 413', async () => {
		const res = await post(h, '/v1/images/generations', { prompt: 'x'.repeat(70 * 1024) });
		expectDgridError(res, 413, 'read_request_body_failed');
		expect(h.gw.requests[0].rawBody.length).toBeLessThanOrEqual(64 * 1024);
	});

	it('unparsable JSON is a 400 bad_request_body', async () => {
		const res = await h.http.post('/v1/images/generations', Buffer.from('{"prompt": "x",'), {
			headers: { ...h.auth, 'Content-Type': 'application/json' },
		});
		expectDgridError(res, 400, 'bad_request_body');
		expect(h.gw.requests[0].json).toBeUndefined();
		expect(h.gw.requests[0].rawBody.toString()).toBe('{"prompt": "x",');
	});
});

describe('recording', () => {
	it('records method, path, query, headers, raw body and parsed JSON in order', async () => {
		await post(
			h,
			'/v1/images/generations?trace=1',
			{ prompt: 'first', model: 'dall-e-2', response_format: 'b64_json' },
			{ ...h.auth, 'X-Trace': 'abc' },
		);
		await h.http.get('/v1/models', { headers: h.auth });
		const [a, b] = h.gw.requests;
		expect(a).toMatchObject({
			method: 'POST',
			path: '/v1/images/generations',
			query: { trace: '1' },
			route: 'generations',
			status: 200,
		});
		expect(a.headers['x-trace']).toBe('abc');
		expect(a.json).toEqual({ prompt: 'first', model: 'dall-e-2', response_format: 'b64_json' });
		expect(JSON.parse(a.rawBody.toString())).toEqual(a.json);
		expect(b).toMatchObject({ method: 'GET', path: '/v1/models', route: 'models' });
	});

	it('records multipart fields (repeated ones as arrays) and files', async () => {
		const { body, contentType } = multipart([
			{ name: 'prompt', value: 'héllo' },
			{ name: 'tag', value: 'a' },
			{ name: 'tag', value: 'b' },
			{
				name: 'image[]',
				filename: 'one.png',
				contentType: 'image/png',
				data: Buffer.from([1, 2, 3]),
			},
			{
				name: 'image[]',
				filename: 'two.webp',
				contentType: 'image/webp',
				data: Buffer.from([4, 5]),
			},
		]);
		await h.http.post('/v1/images/edits', body, {
			headers: { ...h.auth, 'Content-Type': contentType },
		});
		const mp = h.gw.requests[0].multipart!;
		expect(mp.fields).toEqual({ prompt: 'héllo', tag: ['a', 'b'] });
		expect(mp.files).toEqual([
			{
				name: 'image[]',
				filename: 'one.png',
				contentType: 'image/png',
				data: Buffer.from([1, 2, 3]),
			},
			{
				name: 'image[]',
				filename: 'two.webp',
				contentType: 'image/webp',
				data: Buffer.from([4, 5]),
			},
		]);
		expect(h.gw.requests[0].json).toBeUndefined();
	});
	it('records when each request arrived, and when a client left before the answer was complete', async () => {
		const before = Date.now();
		await post(h, '/v1/images/generations', { prompt: 'a fox', model: 'dall-e-2' });
		const controller = new AbortController();
		const leaving = h.http
			.post(
				'/v1/images/generations',
				{ prompt: 'slow [dgrid:delay=5000]', model: 'dall-e-2' },
				{ headers: h.auth, signal: controller.signal },
			)
			.catch((error: unknown) => error);
		for (let tries = 0; tries < 200 && h.gw.requests.length < 2; tries++)
			await new Promise((resolve) => setTimeout(resolve, 10));
		const abortedAt = Date.now();
		controller.abort();
		await leaving;
		for (let tries = 0; tries < 200 && h.gw.requests[1].closedEarlyAt === undefined; tries++)
			await new Promise((resolve) => setTimeout(resolve, 10));
		const [answered, left] = h.gw.requests;
		expect(answered.receivedAt).toBeGreaterThanOrEqual(before);
		expect(answered.closedEarlyAt).toBeUndefined();
		expect(left.closedEarlyAt).toBeGreaterThanOrEqual(abortedAt);
		// Closed long before the delayed answer was due.
		expect(left.closedEarlyAt! - left.receivedAt).toBeLessThan(5000);
	});
});

describe('latency, reset and close', () => {
	it('setLatency delays answers; reset restores the start-up latency and clears queues', async () => {
		h.gw.setLatency(60000);
		const slow = await h.http
			.get('/v1/models', { headers: h.auth, timeout: 200 })
			.catch((e: unknown) => e);
		expect(axios.isAxiosError(slow) && slow.code).toBe('ECONNABORTED');
		h.gw.queueFault({ kind: 'status', status: 500 });
		h.gw.queueResponse({ json: {} });
		h.gw.reset();
		expect(h.gw.requests).toHaveLength(0);
		const res = await h.http.get('/v1/models', { headers: h.auth, timeout: 5000 });
		expect(res.status).toBe(200);
		expect(res.data.object).toBe('list');
	});

	it('close() ends hung requests and frees both ports', async () => {
		const gw = await startGateway();
		gw.queueFault({ kind: 'hang' });
		const pending = axios
			.post(
				`${gw.baseUrl}/v1/images/generations`,
				{ prompt: 'x' },
				{ headers: { Authorization: `Bearer ${gw.apiKey}` }, proxy: false },
			)
			.then(
				() => 'answered',
				(e: unknown) => (axios.isAxiosError(e) ? (e.code ?? e.message) : 'error'),
			);
		for (let i = 0; i < 100 && gw.requests.length === 0; i++)
			await new Promise((r) => setTimeout(r, 10));
		await gw.close();
		expect(await pending).not.toBe('answered');
		await expect(
			axios.get(`${gw.baseUrl}/v1/models`, { proxy: false, timeout: 2000 }),
		).rejects.toThrow();
		await expect(
			axios.get(`${gw.cdnBaseUrl}/images/x.png`, { proxy: false, timeout: 2000 }),
		).rejects.toThrow();
		await gw.close(); // idempotent
	});

	it('close() also cancels a long latency wait', async () => {
		const gw = await startGateway({ latencyMs: 60000 });
		const pending = axios.get(`${gw.baseUrl}/v1/models`, { proxy: false }).then(
			() => 'answered',
			() => 'failed',
		);
		for (let i = 0; i < 100 && gw.requests.length === 0; i++)
			await new Promise((r) => setTimeout(r, 10));
		await gw.close();
		expect(await pending).toBe('failed');
	});
});
