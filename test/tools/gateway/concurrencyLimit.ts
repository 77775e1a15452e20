// `maxConcurrent`: a per-key limit on requests in flight, the way New API's concurrency limiter
// middleware (ModelConcurrentLimit) answers beyond it — right after the key is checked and before
// the request reaches a channel, so the 429 comes back at once, without the gateway's latency.
// Its body is New API's abortWithOpenAiMessage shape; `Retry-After: 1` is what a DGrid in front
// of such a limiter tells clients (the benchmark's "gateway allowing 8 at a time").
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { authorize } from './auth';
import { errorReply } from './errors';
import type { Reply } from './reply';
import type { ApiRouteName, ConcurrencyStats } from './types';

/** Seconds the 429 asks the client to wait. */
export const CONCURRENCY_RETRY_AFTER = '1';

/** Counts requests in flight on the relay routes (all but GET /v1/models, as in New API). */
export class InFlightCounter {
	private current = 0;
	private highest = 0;
	private turnedAway = 0;

	constructor(public limit: number | undefined) {}

	stats(): ConcurrencyStats {
		return {
			limit: this.limit,
			inFlight: this.current,
			peak: this.highest,
			rejected: this.turnedAway,
		};
	}

	/** Forgets the peak and the rejections (requests still in flight stay counted). */
	resetStats(): void {
		this.highest = this.current;
		this.turnedAway = 0;
	}

	/** Takes a slot when one is free; the caller releases it once the response is over. */
	tryAcquire(): boolean {
		if (this.limit !== undefined && this.limit > 0 && this.current >= this.limit) {
			this.turnedAway++;
			return false;
		}
		this.current++;
		this.highest = Math.max(this.highest, this.current);
		return true;
	}

	release(): void {
		this.current = Math.max(0, this.current - 1);
	}
}

export interface Admission {
	route: ApiRouteName | undefined;
	headers: IncomingHttpHeaders;
	query: Record<string, string>;
	apiKey: string;
	requestId: string;
}

/**
 * Counts the request while its response is open (a hanging request keeps its slot until the
 * socket closes). Returns New API's 429 when the limit is reached. Requests without a valid key
 * are not counted: New API's auth middleware answers them before the limiter sees them.
 */
export function admitRequest(
	counter: InFlightCounter,
	res: ServerResponse,
	a: Admission,
): Reply | undefined {
	if (a.route === undefined || a.route === 'models') return undefined;
	if (authorize(a.route, a.headers, a.query, a.apiKey) !== 'ok') return undefined;
	if (!counter.tryAcquire()) return concurrencyLimitReply(a.requestId, counter.limit ?? 0);
	let released = false;
	res.once('close', () => {
		if (released) return;
		released = true;
		counter.release();
	});
	return undefined;
}

export function concurrencyLimitReply(requestId: string, limit: number): Reply {
	return errorReply(
		429,
		requestId,
		{
			// New API's own text: "concurrent request limit reached: at most N requests at a time,
			// wait for running requests to finish".
			message: `您已达到并发请求限制：最多同时进行 ${limit} 个请求，请等待已有请求完成`,
			type: 'new_api_error',
			code: '',
		},
		{ 'Retry-After': CONCURRENCY_RETRY_AFTER },
	);
}
