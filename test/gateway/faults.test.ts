// Each queued fault produces exactly its documented wire behaviour, once, FIFO.
import axios from 'axios';
import { b64, expectDgridError, post, useGateway, digest } from './helpers';

const h = useGateway();
const gen = (prompt = 'an otter', extra: object = {}) =>
	post(h, '/v1/images/generations', {
		prompt,
		model: 'dall-e-3',
		response_format: 'b64_json',
		...extra,
	});

describe('status faults', () => {
	it.each([
		[401, ''],
		[403, 'insufficient_user_quota'],
		[413, 'read_request_body_failed'],
		[500, 'invalid_request'],
		[503, 'model_not_found'],
		[502, 'bad_response_status_code'],
	])('%i has a DGrid-shaped default body', async (status, code) => {
		h.gw.queueFault({ kind: 'status', status });
		const res = await gen();
		expectDgridError(res, status, code);
		expect(h.gw.requests[0].status).toBe(status);
	});

	it('429 defaults to an empty body, with Retry-After when given', async () => {
		h.gw.queueFault({ kind: 'status', status: 429, retryAfter: '2' });
		const res = await h.http.post(
			'/v1/images/generations',
			{ prompt: 'x' },
			{ headers: h.auth, responseType: 'text' },
		);
		expect(res.status).toBe(429);
		expect(res.data).toBe('');
		expect(res.headers['content-length']).toBe('0');
		expect(res.headers['retry-after']).toBe('2');
		expect(res.headers['x-oneapi-request-id']).toMatch(/^\d{14}/);
	});

	it('429 without Retry-After has no such header', async () => {
		h.gw.queueFault({ kind: 'status', status: 429 });
		const res = await gen();
		expect(res.status).toBe(429);
		expect(res.headers['retry-after']).toBeUndefined();
	});

	it('custom object, string and null bodies are sent as given', async () => {
		h.gw.queueFault({
			kind: 'status',
			status: 429,
			body: { error: { message: 'slow down', type: 'rate_limit', code: 'rate_limit_exceeded' } },
		});
		h.gw.queueFault({ kind: 'status', status: 502, body: '<html>Bad Gateway</html>' });
		h.gw.queueFault({ kind: 'status', status: 500, body: null });
		const a = await gen();
		expect(a.data).toEqual({
			error: { message: 'slow down', type: 'rate_limit', code: 'rate_limit_exceeded' },
		});
		const b = await gen();
		expect(b.status).toBe(502);
		expect(b.headers['content-type']).toMatch(/text\/html/);
		expect(b.data).toBe('<html>Bad Gateway</html>');
		const c = await h.http.post(
			'/v1/images/generations',
			{ prompt: 'x' },
			{ headers: h.auth, responseType: 'text' },
		);
		expect(c.status).toBe(500);
		expect(c.data).toBe('');
		expect(c.headers['x-oneapi-request-id']).toBeDefined();
	});

	it('is consumed once and served FIFO; the next request is normal', async () => {
		h.gw.queueFault({ kind: 'status', status: 503 });
		h.gw.queueFault({ kind: 'status', status: 429 });
		expect((await gen()).status).toBe(503);
		expect((await gen()).status).toBe(429);
		const ok = await gen();
		expect(ok.status).toBe(200);
		expect(ok.data.data[0].b64_json.length).toBeGreaterThan(100);
	});

	it('applies only to its route when one is given', async () => {
		h.gw.queueFault({ kind: 'status', status: 503, route: 'chat' });
		expect((await gen()).status).toBe(200);
		const chat = await post(h, '/v1/chat/completions', {
			model: 'gemini-2.5-flash-image',
			messages: [{ role: 'user', content: 'x' }],
		});
		expectDgridError(chat, 503, 'model_not_found');
		expect(chat.data.error.message).toContain('gemini-2.5-flash-image');
	});

	it('fires before auth (a fault simulates the service, whatever the key)', async () => {
		h.gw.queueFault({ kind: 'status', status: 500 });
		const res = await post(h, '/v1/images/generations', { prompt: 'x' }, {});
		expectDgridError(res, 500, 'invalid_request');
	});
});

describe('200 faults', () => {
	it('errorIn200: HTTP 200 carrying the Qwen async failure error', async () => {
		h.gw.queueFault({ kind: 'errorIn200' });
		const res = await gen();
		expect(res.status).toBe(200);
		expect(res.data).toEqual({
			error: {
				message: 'Input data may contain inappropriate content.',
				type: 'ali_error',
				code: 'DataInspectionFailed',
			},
		});
		expect(res.data.data).toBeUndefined();
	});

	it('errorIn200 message and code can be overridden', async () => {
		h.gw.queueFault({ kind: 'errorIn200', message: 'task failed', code: 'InternalError' });
		const res = await gen();
		expect(res.data.error).toMatchObject({
			message: 'task failed',
			code: 'InternalError',
			type: 'ali_error',
		});
	});

	it('malformedJson: 200, JSON content type, unparsable body', async () => {
		h.gw.queueFault({ kind: 'malformedJson' });
		const res = await h.http.post(
			'/v1/images/generations',
			{ prompt: 'x' },
			{ headers: h.auth, responseType: 'text', transitional: { silentJSONParsing: true } },
		);
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/application\/json/);
		expect(() => JSON.parse(res.data as string)).toThrow();
		expect(res.data).toMatch(/^\{"created":/);
	});

	it('truncatedBase64: normal-looking answer whose image is cut', async () => {
		h.gw.queueFault({ kind: 'truncatedBase64' });
		const res = await gen();
		expect(res.status).toBe(200);
		const data: string = res.data.data[0].b64_json;
		expect(data.length % 4).not.toBe(0);
		const bytes = Buffer.from(data, 'base64');
		expect(bytes.subarray(0, 4).toString('latin1')).toBe('\x89PNG');
		expect(bytes.includes(Buffer.from('IEND'))).toBe(false);
		expect(h.gw.produced[0]).toMatchObject({ truncated: true });
		expect(digest(h.gw.produced[0].bytes)).toBe(digest(bytes));
		// a full image for comparison: the next answer is whole
		const whole = Buffer.from((await gen()).data.data[0].b64_json, 'base64');
		expect(b64(whole).length % 4).toBe(0);
		expect(whole.includes(Buffer.from('IEND'))).toBe(true);
	});

	it('truncatedBase64 on a URL result truncates the CDN bytes', async () => {
		h.gw.queueFault({ kind: 'truncatedBase64' });
		const res = await post(h, '/v1/images/generations', { prompt: 'x', model: 'dall-e-2' });
		const img = await axios.get(res.data.data[0].url, {
			responseType: 'arraybuffer',
			proxy: false,
		});
		const bytes = Buffer.from(img.data);
		expect(bytes.includes(Buffer.from('IEND'))).toBe(false);
		expect(digest(bytes)).toBe(digest(h.gw.produced[0].bytes));
	});
});

describe('connection faults', () => {
	it('reset: the socket is destroyed without an answer', async () => {
		h.gw.queueFault({ kind: 'reset' });
		const err = await gen().then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(axios.isAxiosError(err)).toBe(true);
		expect(
			axios.isAxiosError(err) && (err.code === 'ECONNRESET' || /socket hang up/.test(err.message)),
		).toBe(true);
		expect(h.gw.requests[0].status).toBe(0);
		expect((await gen()).status).toBe(200);
	});

	it('hang: no answer until the client gives up', async () => {
		h.gw.queueFault({ kind: 'hang' });
		const err = await h.http
			.post('/v1/images/generations', { prompt: 'x' }, { headers: h.auth, timeout: 300 })
			.then(
				() => undefined,
				(e: unknown) => e,
			);
		expect(axios.isAxiosError(err) && err.code).toBe('ECONNABORTED');
		expect(h.gw.requests).toHaveLength(1);
		expect(h.gw.requests[0].status).toBe(0);
	});
});

describe('scripted responses', () => {
	it('replace the default answer once, with status, headers and JSON', async () => {
		h.gw.queueResponse({ status: 202, headers: { 'X-Custom': 'yes' }, json: { hello: 'world' } });
		const res = await gen();
		expect(res.status).toBe(202);
		expect(res.headers['x-custom']).toBe('yes');
		expect(res.data).toEqual({ hello: 'world' });
		expect((await gen()).data.data).toHaveLength(1);
	});

	it('raw bodies and route matching', async () => {
		h.gw.queueResponse({
			route: 'models',
			raw: 'plain',
			headers: { 'Content-Type': 'text/plain' },
		});
		expect((await gen()).status).toBe(200);
		const res = await h.http.get('/v1/models', { headers: h.auth });
		expect(res.data).toBe('plain');
	});

	it('sse scripts are sent as separate data events', async () => {
		h.gw.queueResponse({ route: 'chat', sse: ['{"a":1}', '{"b":2}', '[DONE]'] });
		const res = await h.http.post(
			'/v1/chat/completions',
			{ model: 'x', messages: [] },
			{ headers: h.auth, responseType: 'text' },
		);
		expect(res.headers['content-type']).toMatch(/text\/event-stream/);
		expect(res.data).toBe('data: {"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n');
	});
});
