// `randomFaults`: a seeded share of relay requests (every route but GET /v1/models) gets a
// fault — for soak runs, where a workflow's hundreds of requests race each other and queued
// faults could not say which request gets one. Same seed and same order of arrival → same faults.
import { errorBody } from './errors';
import type { GatewayState } from './state';
import type {
	ApiRouteName,
	Fault,
	RandomFaultKind,
	RandomFaultOptions,
	RecordedRequest,
} from './types';

export const RANDOM_FAULT_KINDS: RandomFaultKind[] = [
	'429',
	'429+retry-after',
	'503',
	'reset',
	'slow',
];

/** mulberry32: a tiny seeded PRNG with good enough spread for picking faults. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class RandomFaults {
	private readonly next: () => number;
	private readonly kinds: RandomFaultKind[];

	constructor(readonly options: RandomFaultOptions) {
		if (!(options.percent >= 0 && options.percent <= 100))
			throw new Error(`randomFaults.percent must be 0..100, got ${options.percent}`);
		this.kinds = options.kinds?.length ? options.kinds : RANDOM_FAULT_KINDS;
		this.next = prng(options.seed ?? 1);
	}

	/** Two draws per request (whether, which), so the sequence only depends on the arrival order. */
	draw(): RandomFaultKind | undefined {
		const hit = this.next() * 100 < this.options.percent;
		const kind = this.kinds[Math.floor(this.next() * this.kinds.length)];
		return hit ? kind : undefined;
	}
}

/**
 * Draws this request's fault and records it on the request. `slow` waits here and lets the
 * request be served normally; the others become the queued-fault equivalent.
 */
export async function randomFault(
	state: GatewayState,
	route: ApiRouteName,
	record: RecordedRequest,
	requestId: string,
): Promise<Fault | undefined> {
	if (!state.randomFaults || route === 'models') return undefined;
	const kind = state.randomFaults.draw();
	if (!kind) return undefined;
	record.randomFault = kind;
	switch (kind) {
		case '429':
			return { kind: 'status', status: 429 };
		case '429+retry-after':
			return { kind: 'status', status: 429, retryAfter: '1' };
		case '503':
			// What New API relays when the upstream answered 503: worth retrying (unlike its own
			// "no available channel" 503, code model_not_found).
			return {
				kind: 'status',
				status: 503,
				body: errorBody(requestId, {
					message: 'upstream error: bad response status code 503',
					type: 'upstream_error',
					code: 'bad_response_status_code',
				}),
			};
		case 'reset':
			return { kind: 'reset' };
		case 'slow':
			await state.sleep(state.randomFaults.options.slowMs ?? 2000);
			return undefined;
		default:
			return undefined;
	}
}
