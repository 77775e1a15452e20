// randomFaults: a seeded share of relay requests gets a fault; each is recorded on its request.
import axios from 'axios';
import { startGateway, type RandomFaultKind, type TestGateway } from '../tools/gateway';
import { post, useGateway } from './helpers';

const body = (i: number) => ({
	prompt: `picture ${i}`,
	model: 'dall-e-3',
	response_format: 'b64_json',
});

/** Sends `count` requests one after another; returns each one's fault kind (or '-') and status. */
async function sequence(gw: TestGateway, count: number): Promise<Array<[string, number]>> {
	const http = axios.create({
		baseURL: gw.baseUrl,
		validateStatus: () => true,
		proxy: false,
		timeout: 10000,
	});
	for (let i = 0; i < count; i++) {
		await http
			.post('/v1/images/generations', body(i), {
				headers: { Authorization: `Bearer ${gw.apiKey}` },
			})
			.catch(() => undefined);
	}
	return gw.requests.map((r) => [r.randomFault ?? '-', r.status]);
}

describe('randomFaults', () => {
	it('is seeded: the same seed gives the same faults in the same order, about the share asked for', async () => {
		const options = { randomFaults: { percent: 30, seed: 7, slowMs: 1 } };
		const [a, b] = [await startGateway(options), await startGateway(options)];
		try {
			const [first, second] = [await sequence(a, 60), await sequence(b, 60)];
			expect(first).toEqual(second);
			const faulted = first.filter(([kind]) => kind !== '-');
			expect(faulted.length).toBeGreaterThan(6);
			expect(faulted.length).toBeLessThan(30);
			expect(new Set(faulted.map(([kind]) => kind)).size).toBeGreaterThan(2);
		} finally {
			await Promise.all([a.close(), b.close()]);
		}
	});

	describe.each<[RandomFaultKind, (status: number) => void]>([
		['429', (status) => expect(status).toBe(429)],
		['503', (status) => expect(status).toBe(503)],
		['slow', (status) => expect(status).toBe(200)],
	])('kind %s at 100 %%', (kind, check) => {
		const h = useGateway({ randomFaults: { percent: 100, kinds: [kind], slowMs: 5 } });

		it('applies to every relay request and is recorded; GET /v1/models is never faulted', async () => {
			const res = await post(h, '/v1/images/generations', body(1));
			check(res.status);
			expect(h.gw.requests[0].randomFault).toBe(kind);
			expect((await h.http.get('/v1/models', { headers: h.auth })).status).toBe(200);
			expect(h.gw.requests[1].randomFault).toBeUndefined();
			if (kind === '503') {
				expect(res.data.error).toMatchObject({
					type: 'upstream_error',
					code: 'bad_response_status_code',
				});
				expect(res.data.error.message).toContain(
					`(request id: ${res.headers['x-oneapi-request-id']})`,
				);
			}
			if (kind === '429') expect(res.headers['retry-after']).toBeUndefined();
		});
	});

	describe('429 with Retry-After and resets', () => {
		const retry = useGateway({ randomFaults: { percent: 100, kinds: ['429+retry-after'] } });
		const reset = useGateway({ randomFaults: { percent: 100, kinds: ['reset'] } });

		it('429+retry-after carries Retry-After: 1', async () => {
			const res = await post(retry, '/v1/images/generations', body(1));
			expect(res.status).toBe(429);
			expect(res.headers['retry-after']).toBe('1');
		});

		it('reset drops the connection without an answer', async () => {
			const err = await reset.http
				.post('/v1/images/generations', body(1), { headers: reset.auth })
				.catch((e: unknown) => e);
			expect(
				axios.isAxiosError(err) &&
					(err.code === 'ECONNRESET' || /socket hang up/.test(err.message)),
			).toBe(true);
			expect(reset.gw.requests[0]).toMatchObject({ randomFault: 'reset', status: 0 });
		});
	});

	it('refuses a percent outside 0..100', async () => {
		await expect(startGateway({ randomFaults: { percent: 120 } })).rejects.toThrow(/percent/);
	});
});
