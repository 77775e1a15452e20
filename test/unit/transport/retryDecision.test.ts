import type {
	AttemptFailure,
	RetryBudget,
	RetryDecision,
} from '../../../nodes/DGridImages/transport/retryDecision';
import { decideRetry } from '../../../nodes/DGridImages/transport/retryDecision';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const budget = (change: Partial<RetryBudget> = {}): RetryBudget => ({
	failures: 0,
	maxRetries: 2,
	timeoutMs: 600_000,
	startedAt: NOW,
	now: NOW,
	paced: true,
	...change,
});

const failed = { kind: 'failed' } as const;
const slowDown = (retryAfterMs: number) => ({ kind: 'slowDown', retryAfterMs }) as const;
const status = (code: number, retryAfter?: string, details?: { code: string }): AttemptFailure => ({
	kind: 'status',
	status: code,
	details: details && { message: 'x', ...details },
	headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter },
});

const giveUp = (paceOutcome: RetryDecision['paceOutcome'] = failed): RetryDecision => ({
	next: 'giveUp',
	paceOutcome,
});
const spend = (waitMs: number): RetryDecision => ({
	next: 'wait',
	waitMs,
	spendsRetry: true,
	paceOutcome: failed,
});

describe('the retry decision after a failed attempt', () => {
	it.each<[string, AttemptFailure, RetryBudget, RetryDecision]>([
		[
			'a dropped connection spends a retry after 1 s',
			{ kind: 'network', retryable: true },
			budget(),
			spend(1000),
		],
		[
			'the second dropped connection waits 2 s',
			{ kind: 'network', retryable: true },
			budget({ failures: 1 }),
			spend(2000),
		],
		[
			'a dropped connection without retries left gives up',
			{ kind: 'network', retryable: true },
			budget({ failures: 2 }),
			giveUp(),
		],
		['a refused connection gives up', { kind: 'network', retryable: false }, budget(), giveUp()],
		[
			'a body cut before anything usable spends a retry',
			{ kind: 'brokenBody', retryable: true },
			budget(),
			spend(1000),
		],
		[
			'a body that stalled or carried image data gives up',
			{ kind: 'brokenBody', retryable: false },
			budget(),
			giveUp(),
		],
		[
			'a cut body without retries left gives up',
			{ kind: 'brokenBody', retryable: true },
			budget({ maxRetries: 0 }),
			giveUp(),
		],
		[
			'an error inside an HTTP 200 gives up, an answer for the pace',
			{ kind: 'errorInAnswer' },
			budget(),
			giveUp({ kind: 'answered' }),
		],
		['a 500 spends a retry with backoff', status(500), budget({ failures: 1 }), spend(2000)],
		['a 502 honours Retry-After', status(502, '7'), budget(), spend(7000)],
		['a 500 whose Retry-After passes 120 s gives up', status(500, '121'), budget(), giveUp()],
		['a 500 without retries left gives up', status(500), budget({ failures: 2 }), giveUp()],
		[
			"a 500 with DGrid's permanent code gives up",
			status(500, undefined, { code: 'model_not_found' }),
			budget(),
			giveUp(),
		],
		[
			'a 503 with a permanent code is no slow-down: gives up',
			status(503, '5', { code: 'bad_response' }),
			budget(),
			giveUp(),
		],
		['a 400 gives up', status(400), budget(), giveUp()],
		['a 501 gives up', status(501), budget(), giveUp()],
		[
			'a 429 with a pace retries at once, the pace holds the calls, no retry spent',
			status(429, '3'),
			budget(),
			{ next: 'retryNow', spendsRetry: false, paceOutcome: slowDown(3000) },
		],
		[
			'a 429 without Retry-After pauses 1 s',
			status(429),
			budget(),
			{ next: 'retryNow', spendsRetry: false, paceOutcome: slowDown(1000) },
		],
		[
			'a 429 without a pace waits itself, no retry spent',
			status(429, '3'),
			budget({ paced: false }),
			{ next: 'wait', waitMs: 3000, spendsRetry: false, paceOutcome: slowDown(3000) },
		],
		[
			'a 503 is waited out even with every retry spent',
			status(503, '2'),
			budget({ failures: 2 }),
			{ next: 'retryNow', spendsRetry: false, paceOutcome: slowDown(2000) },
		],
		[
			'a Retry-After date counts from now',
			status(429, new Date(NOW + 4000).toUTCString()),
			budget(),
			{ next: 'retryNow', spendsRetry: false, paceOutcome: slowDown(4000) },
		],
		[
			'a 429 with Max Retries 0 gives up, still pausing the pace',
			status(429, '3'),
			budget({ maxRetries: 0 }),
			giveUp(slowDown(3000)),
		],
		[
			'a 429 whose Retry-After passes 120 s gives up',
			status(429, '121'),
			budget({ timeoutMs: 900_000 }),
			giveUp(slowDown(121_000)),
		],
		[
			'a 429 whose wait would pass the Timeout gives up',
			status(429, '30'),
			budget({ timeoutMs: 60_000, now: NOW + 31_000 }),
			giveUp(slowDown(30_000)),
		],
		[
			'a 429 whose wait ends exactly at the Timeout is waited out',
			status(429, '30'),
			budget({ timeoutMs: 60_000, now: NOW + 30_000 }),
			{ next: 'retryNow', spendsRetry: false, paceOutcome: slowDown(30_000) },
		],
	])('%s', (_case, failure, spent, expected) => {
		expect(decideRetry(failure, spent)).toEqual(expected);
	});
});
