import { AUTOMATIC_PACE } from '../../../nodes/DGridImages/core/pipeline/settings';
import { Pace } from '../../../nodes/DGridImages/transport/pace';
import { isCanceled } from '../../../nodes/DGridImages/transport/wait';

/**
 * A stand-in gateway in virtual time: each call takes `latencyMs`; beyond `maxConcurrent` calls
 * at once it answers "slow down" at once with Retry-After 1 s. Callers retry slowed-down calls
 * through the pace, as the transport does.
 */
async function runBatch(
	pace: Pace,
	items: number,
	{ maxConcurrent = Infinity, latencyMs = 500 } = {},
) {
	let atGateway = 0;
	let peak = 0;
	let rateLimited = 0;
	let finished = 0;
	const limits: number[] = [];
	const call = async () => {
		for (let attempt = 0; attempt < 50; attempt++) {
			await pace.acquire();
			limits.push(pace.current);
			if (atGateway >= maxConcurrent) {
				rateLimited++;
				pace.release({ kind: 'slowDown', retryAfterMs: 1000 });
				continue;
			}
			atGateway++;
			peak = Math.max(peak, atGateway);
			await new Promise((resolve) => setTimeout(resolve, latencyMs));
			atGateway--;
			pace.release({ kind: 'answered' });
			finished++;
			return;
		}
		throw new Error('gave up');
	};
	const started = Date.now();
	const done = Promise.all(Array.from({ length: items }, call));
	for (let step = 0; step < 1000 && finished < items; step++)
		await jest.advanceTimersByTimeAsync(50);
	await done;
	return { seconds: (Date.now() - started) / 1000, peak, rateLimited, finished, limits };
}

describe('the pace of DGrid calls', () => {
	beforeEach(() => jest.useFakeTimers());
	afterEach(() => jest.useRealTimers());

	it('grows with every clean answer, up to the cap', async () => {
		const pace = new Pace({ initial: 8, max: 64 });
		const result = await runBatch(pace, 60);

		expect(result.finished).toBe(60);
		expect(result.rateLimited).toBe(0);
		// 8, then 24, then the 28 left: three round trips instead of 60 / 8.
		expect(result.seconds).toBeLessThanOrEqual(1.5);
		expect(pace.current).toBe(64);
	});

	it('automatic: 60 items in two round trips on a gateway with headroom; a limit of 8 found from the first burst', async () => {
		const open = await runBatch(new Pace(AUTOMATIC_PACE), 60);
		expect(open.finished).toBe(60);
		expect(open.rateLimited).toBe(0);
		expect(open.seconds).toBeLessThanOrEqual(1);

		const limited = await runBatch(new Pace(AUTOMATIC_PACE), 60, { maxConcurrent: 8 });
		expect(limited.finished).toBe(60);
		expect(limited.peak).toBe(8);
		// One Retry-After (1 s), then 8 at a time: within 1.3 × ceil(60 / 8) round trips.
		expect(limited.seconds).toBeLessThanOrEqual(1.3 * Math.ceil(60 / 8) * 0.5);
	});

	it('probes one call higher only after a long clean stretch', async () => {
		const pace = new Pace({ initial: 4, max: 64 });
		await pace.acquire();
		await pace.acquire();
		pace.release({ kind: 'slowDown', retryAfterMs: 10 });
		pace.release({ kind: 'answered' });
		expect(pace.current).toBe(1);
		await jest.advanceTimersByTimeAsync(20);
		for (let answer = 0; answer < 10; answer++) {
			await pace.acquire();
			pace.release({ kind: 'answered' });
		}
		expect(pace.current).toBe(1);
		await jest.advanceTimersByTimeAsync(30_000);
		await pace.acquire();
		pace.release({ kind: 'answered' });
		expect(pace.current).toBe(2);
	});

	it('never goes past the cap', async () => {
		const pace = new Pace({ initial: 8, max: 10 });
		const result = await runBatch(pace, 40);

		expect(result.peak).toBe(10);
		expect(Math.max(...result.limits)).toBe(10);
	});

	it("finds a key's limit from one burst of 429s and keeps to it", async () => {
		const pace = new Pace({ initial: 16, max: 64 });
		const result = await runBatch(pace, 60, { maxConcurrent: 8 });

		expect(result.finished).toBe(60);
		expect(result.peak).toBe(8);
		// Only the first burst over the limit is refused; after it the pace is the gateway's 8.
		expect(result.rateLimited).toBe(8);
		expect(result.limits.slice(-40).every((limit) => limit === 8)).toBe(true);
		expect(pace.current).toBe(8);
		// 1 s of Retry-After, then 60 calls 8 at a time: ceil(60 / 8) round trips.
		expect(result.seconds).toBeLessThanOrEqual(1 + Math.ceil(60 / 8) * 0.5 + 0.5);
	});

	it('a slow-down pauses every call until Retry-After, not only the one that got it', async () => {
		const pace = new Pace({ initial: 4, max: 4 });
		await pace.acquire();
		pace.release({ kind: 'slowDown', retryAfterMs: 1000 });

		let admitted = false;
		const next = pace.acquire().then(() => {
			admitted = true;
		});
		await jest.advanceTimersByTimeAsync(900);
		expect(admitted).toBe(false);
		await jest.advanceTimersByTimeAsync(400);
		expect(admitted).toBe(true);
		await next;
	});

	it('a stopped execution stops the calls waiting for a slot or a pause', async () => {
		const pace = new Pace({ initial: 1, max: 1 });
		const controller = new AbortController();
		await pace.acquire(controller.signal);
		const waiting = pace.acquire(controller.signal).catch((error: unknown) => error);

		controller.abort();
		expect(isCanceled(await waiting)).toBe(true);
	});
});
