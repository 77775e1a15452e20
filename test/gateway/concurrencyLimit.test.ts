// maxConcurrent: beyond N requests in flight, New API's concurrency-limit 429 with Retry-After: 1.
// The gateway's latency is ten minutes here, so requests stay in flight until the test aborts
// them — and the 429 can only arrive in time because the limiter answers before the latency.
import type { AxiosResponse } from 'axios';
import { expectDgridError, post, useGateway, type Harness } from './helpers';

const TEN_MINUTES = 600_000;
const h = useGateway({ maxConcurrent: 2, latencyMs: TEN_MINUTES });

/** Requests the gateway holds (its latency) until abort(); they count as in flight. */
function holdRequests(harness: Harness, count: number, path = '/v1/images/generations') {
	const controller = new AbortController();
	const pending = Array.from({ length: count }, (_, i) =>
		harness.http
			.post(
				path,
				{ prompt: `held ${i}`, model: 'dall-e-3' },
				{ headers: harness.auth, signal: controller.signal, timeout: 0 },
			)
			.catch(() => undefined),
	);
	return {
		abort: async () => {
			controller.abort();
			await Promise.all(pending);
			await waitFor(() => harness.gw.concurrency().inFlight === 0);
		},
	};
}

/** Bounded wait for the gateway's side of the sockets (no timing is asserted). */
async function waitFor(condition: () => boolean): Promise<void> {
	for (let i = 0; i < 500 && !condition(); i++)
		await new Promise((resolve) => setTimeout(resolve, 10));
	expect(condition()).toBe(true);
}

const generate = (prompt = 'an otter'): Promise<AxiosResponse> =>
	post(h, '/v1/images/generations', { prompt, model: 'dall-e-3', response_format: 'b64_json' });

describe('maxConcurrent', () => {
	it("answers New API's 429 with Retry-After: 1 beyond the limit, at once", async () => {
		const held = holdRequests(h, 2);
		try {
			await waitFor(() => h.gw.concurrency().inFlight === 2);
			const res = await generate();
			expectDgridError(res, 429, '');
			expect(res.headers['retry-after']).toBe('1');
			expect(res.data.error.type).toBe('new_api_error');
			expect(res.data.error.message).toContain('最多同时进行 2 个请求');
			expect(h.gw.requests.map((r) => r.status).filter((s) => s !== 0)).toEqual([429]);
			expect(h.gw.produced).toHaveLength(0);
			expect(h.gw.concurrency()).toEqual({ limit: 2, inFlight: 2, peak: 2, rejected: 1 });
		} finally {
			await held.abort();
		}
	});

	it('frees a slot when a response is over (here: the client gave up)', async () => {
		const held = holdRequests(h, 2);
		await waitFor(() => h.gw.concurrency().inFlight === 2);
		await held.abort();
		h.gw.setLatency(0);
		expect((await generate()).status).toBe(200);
		expect(h.gw.concurrency()).toMatchObject({ inFlight: 0, rejected: 0 });
	});

	it('counts neither GET /v1/models nor requests with a wrong key (New API checks the key first)', async () => {
		const held = holdRequests(h, 2);
		try {
			await waitFor(() => h.gw.concurrency().inFlight === 2);
			h.gw.setLatency(0);
			expect((await h.http.get('/v1/models', { headers: h.auth })).status).toBe(200);
			expect(
				(
					await post(
						h,
						'/v1/images/generations',
						{ prompt: 'x' },
						{ Authorization: 'Bearer sk-wrong' },
					)
				).status,
			).toBe(401);
			expect(h.gw.concurrency()).toMatchObject({ inFlight: 2, rejected: 0 });
		} finally {
			await held.abort();
		}
	});

	it('limits every relay route, chat and Gemini included', async () => {
		const held = holdRequests(h, 2, '/v1/chat/completions');
		try {
			await waitFor(() => h.gw.concurrency().inFlight === 2);
			const gemini = await post(h, '/v1beta/models/gemini-2.5-flash-image:generateContent', {
				contents: [{ parts: [{ text: 'x' }] }],
			});
			expect(gemini.status).toBe(429);
			expect(gemini.headers['retry-after']).toBe('1');
		} finally {
			await held.abort();
		}
	});

	it('setMaxConcurrent changes the limit at run time; reset() restores the start-up value', async () => {
		h.gw.setMaxConcurrent(3);
		const held = holdRequests(h, 3);
		try {
			await waitFor(() => h.gw.concurrency().inFlight === 3);
			expect(h.gw.concurrency()).toMatchObject({ limit: 3, rejected: 0 });
			expect((await generate()).status).toBe(429);
			h.gw.reset();
			expect(h.gw.concurrency()).toMatchObject({ limit: 2, inFlight: 3, peak: 3, rejected: 0 });
		} finally {
			await held.abort();
		}
	});
});

describe('without maxConcurrent', () => {
	const free = useGateway({ latencyMs: TEN_MINUTES });

	it('counts requests in flight but never refuses one', async () => {
		const held = holdRequests(free, 6);
		try {
			await waitFor(() => free.gw.concurrency().inFlight === 6);
			expect(free.gw.concurrency()).toEqual({
				limit: undefined,
				inFlight: 6,
				peak: 6,
				rejected: 0,
			});
		} finally {
			await held.abort();
		}
	});
});
