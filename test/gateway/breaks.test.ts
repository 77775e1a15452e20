// New API's own error codes, answers that break off after the headers (cut / stall), and a
// broken gateway that echoes the key: each exactly as documented, by fault and by directive.
import http from 'node:http';

import { expectDgridError, post, useGateway } from './helpers';
import type { Harness } from './helpers';

const h = useGateway({ apiKey: 'plainkey-Zq8Vt3Lw9' });

const gen = (prompt = 'an otter', model = 'dall-e-3') =>
	post(h, '/v1/images/generations', { prompt, model, response_format: 'b64_json' });

interface RawOutcome {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
	/** How the body ended: `end` (complete), `error` (reset/aborted), `open` (still open when we stopped waiting). */
	ending: 'end' | 'error' | 'open';
}

/**
 * A raw HTTP POST that records every byte and how the body ended. `quietMs`: once `expectBytes`
 * bytes are in and nothing ended the body within that long, it is reported `open` (a stall).
 */
function rawPost(
	harness: Harness,
	path: string,
	body: object,
	expectBytes: number,
	quietMs = 150,
): Promise<RawOutcome> {
	const url = new URL(path, harness.gw.baseUrl);
	return new Promise((resolve, reject) => {
		let answered = false;
		const req = http.request(
			url,
			{ method: 'POST', headers: { ...harness.auth, 'Content-Type': 'application/json' } },
			(res) => {
				answered = true;
				const chunks: Buffer[] = [];
				let received = 0;
				let timer: NodeJS.Timeout | undefined;
				let settled = false;
				const finish = (ending: RawOutcome['ending']) => {
					if (settled) return;
					settled = true;
					if (timer) clearTimeout(timer);
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks),
						ending,
					});
					if (ending === 'open') req.destroy();
				};
				const armQuiet = () => {
					if (received >= expectBytes && !timer) timer = setTimeout(() => finish('open'), quietMs);
				};
				res.on('data', (chunk: Buffer) => {
					chunks.push(chunk);
					received += chunk.length;
					armQuiet();
				});
				res.on('end', () => finish('end'));
				res.on('error', () => finish('error'));
				res.on('aborted', () => finish('error'));
				armQuiet();
			},
		);
		// Once the answer started, a reset is the answer's ending (reported above), not a failed request.
		req.on('error', (error) => {
			if (!answered) reject(error);
		});
		req.end(JSON.stringify(body));
	});
}

const chatBody = (prompt: string) => ({
	model: 'gemini-2.5-flash-image',
	messages: [{ role: 'user', content: prompt }],
	stream: true,
});

const eventsOf = (body: Buffer) => body.toString('utf8').split('\n\n').filter(Boolean);

describe("New API's error codes", () => {
	it.each([
		['convert_request_failed', 500, 'new_api_error', /only imagen models are supported/],
		['bad_response', 500, 'new_api_error', /aliAsyncTaskWait timeout/],
		['bad_response_body', 500, 'new_api_error', /no images generated/],
		['empty_response', 500, 'new_api_error', /empty response/],
		['invalid_request', 500, 'new_api_error', /invalid request/],
		['model_not_found', 503, 'new_api_error', /No available channel for model dall-e-3/],
		['prompt_blocked', 400, 'prompt_blocked', /request blocked by Gemini API: PROHIBITED_CONTENT/],
		['do_request_failed', 500, 'new_api_error', /do request failed/],
		['bad_response_status_code', 502, 'upstream_error', /bad response status code 502/],
	] as const)('%s: HTTP %i, type %s, its message', async (code, status, type, message) => {
		h.gw.queueFault({ kind: 'newApiError', code });
		const res = await gen();
		expectDgridError(res, status, code);
		expect(res.data.error.type).toBe(type);
		expect(res.data.error.message).toMatch(message);
	});

	it('[dgrid:error=convert_request_failed*1] fails once, then the request succeeds', async () => {
		const prompt = 'a fox [dgrid:error=convert_request_failed*1]';
		expectDgridError(await gen(prompt), 500, 'convert_request_failed');
		expect((await gen(prompt)).status).toBe(200);
		expect(h.gw.requests.map((r) => r.status)).toEqual([500, 200]);
	});

	it('unknown codes in the directive are ignored', async () => {
		expect((await gen('a fox [dgrid:error=no_such_code]')).status).toBe(200);
	});

	it("chat: [dgrid:refuse=prompt] is New API's 400 prompt_blocked", async () => {
		const res = await post(h, '/v1/chat/completions', {
			...chatBody('a cat [dgrid:refuse=prompt]'),
			stream: false,
		});
		expectDgridError(res, 400, 'prompt_blocked');
	});
});

describe('answers that break off after the headers', () => {
	it('cut: the headers announce the whole body, `after` bytes arrive, then the connection resets', async () => {
		h.gw.queueFault({ kind: 'cut', after: 40 });
		const outcome = await rawPost(
			h,
			'/v1/images/generations',
			{ prompt: 'x', model: 'dall-e-3' },
			40,
		);
		expect(outcome.status).toBe(200);
		expect(Number(outcome.headers['content-length'])).toBeGreaterThan(40);
		expect(outcome.body).toHaveLength(40);
		expect(outcome.ending).toBe('error');
		expect(h.gw.requests[0].status).toBe(200);
	});

	it('stall: the first bytes arrive, then nothing (the socket stays open)', async () => {
		h.gw.queueFault({ kind: 'stall', after: 25 });
		const outcome = await rawPost(
			h,
			'/v1/images/generations',
			{ prompt: 'x', model: 'dall-e-3' },
			25,
		);
		expect(outcome.status).toBe(200);
		expect(outcome.body).toHaveLength(25);
		expect(outcome.ending).toBe('open');
	});

	it('without `after`, only the headers leave', async () => {
		h.gw.queueFault({ kind: 'stall' });
		const outcome = await rawPost(
			h,
			'/v1/images/generations',
			{ prompt: 'x', model: 'dall-e-3' },
			0,
		);
		expect(outcome.status).toBe(200);
		expect(outcome.body).toHaveLength(0);
		expect(outcome.ending).toBe('open');
	});

	it('event streams break after `after` whole events: [dgrid:fault=cut] and [dgrid:fault=stall] with [dgrid:after=N]', async () => {
		const cut = await rawPost(
			h,
			'/v1/chat/completions',
			chatBody('a cat [dgrid:fault=cut] [dgrid:after=2]'),
			1,
		);
		expect(cut.headers['content-type']).toMatch(/text\/event-stream/);
		expect(cut.ending).toBe('error');
		expect(eventsOf(cut.body)).toHaveLength(2);

		const stalled = await rawPost(
			h,
			'/v1/chat/completions',
			chatBody('a cat [dgrid:fault=stall] [dgrid:after=3]'),
			1,
			300,
		);
		expect(stalled.ending).toBe('open');
		expect(eventsOf(stalled.body)).toHaveLength(3);
		expect(eventsOf(stalled.body).every((event) => event.startsWith('data: {'))).toBe(true);
	});

	it('the CDN: a download that is cut or stalls part-way', async () => {
		const url = h.gw.hostImage(Buffer.alloc(500, 7), 'png');
		const get = (expectBytes: number) =>
			new Promise<{ bytes: number; ending: string }>((resolve) => {
				http.get(url, (res) => {
					let bytes = 0;
					let timer: NodeJS.Timeout | undefined;
					let settled = false;
					const done = (ending: string) => {
						if (settled) return;
						settled = true;
						if (timer) clearTimeout(timer);
						resolve({ bytes, ending });
						res.destroy();
					};
					res.on('data', (chunk: Buffer) => {
						bytes += chunk.length;
						if (bytes >= expectBytes && !timer) timer = setTimeout(() => done('open'), 150);
					});
					res.on('end', () => done('end'));
					res.on('aborted', () => done('error'));
					res.on('error', () => done('error'));
				});
			});
		h.gw.queueFault({ route: 'cdn', kind: 'cut', after: 100 });
		expect(await get(100)).toEqual({ bytes: 100, ending: 'error' });
		h.gw.queueFault({ route: 'cdn', kind: 'stall', after: 60 });
		expect(await get(60)).toEqual({ bytes: 60, ending: 'open' });
		expect(await get(500)).toEqual({ bytes: 500, ending: 'end' });
	});
});

describe('a gateway that echoes the key (the real one never does)', () => {
	it('echoKey: 401 with the Authorization header in the message and the bare key as param and code', async () => {
		h.gw.queueFault({ kind: 'echoKey' });
		const res = await gen();
		expect(res.status).toBe(401);
		expect(res.data.error.message).toContain(`Authorization: Bearer ${h.gw.apiKey}`);
		expect(res.data.error.param).toBe(h.gw.apiKey);
		expect(res.data.error.code).toBe(h.gw.apiKey);
	});

	it('echoKey in the answer: every text field of a normal answer carries the key, also in a stream', async () => {
		const res = await gen('a fox [dgrid:fault=echoKeyInAnswer]');
		expect(res.status).toBe(200);
		expect(res.data.data[0].revised_prompt).toContain(`key ${h.gw.apiKey}`);
		expect(res.data.data[0].b64_json).not.toContain(h.gw.apiKey);

		const streamed = await rawPost(
			h,
			'/v1/chat/completions',
			chatBody('a cat [dgrid:fault=echoKeyInAnswer]'),
			Infinity,
		);
		expect(streamed.ending).toBe('end');
		const text = streamed.body.toString('utf8');
		expect(text).toContain(`key ${h.gw.apiKey}`);
		expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
	});
});
