import type { IDataObject } from 'n8n-workflow';

import type { DGridErrorDetails } from './errors';
import type { AttemptOutcome } from './pace';
import { MAX_RETRY_WAIT_MS, isRetryableStatus, retryDelayMs } from './retryPolicy';

/**
 * What the request loop does after an attempt failed: send it again (at once, or after a wait)
 * or give up. Failures spend the Max Retries budget; rate limits (429, a retryable 503) do not:
 * they are waited out while the waiting stays within the Timeout, so no item is lost to a busy
 * key (unless Max Retries is 0, which turns every retry off).
 */

/** How an attempt failed, as far as another try is concerned. */
export type AttemptFailure =
	/** No answer: the connection failed (`retryable`: dropped or reset, not refused). */
	| { kind: 'network'; retryable: boolean }
	/** An HTTP error status, with what DGrid said in its body. */
	| { kind: 'status'; status: number; details?: DGridErrorDetails; headers?: IDataObject }
	/** The body broke off after the headers (`retryable`: its reader says another try can help). */
	| { kind: 'brokenBody'; retryable: boolean }
	/** An answer that carries `error` (HTTP 200): DGrid did answer, so it is never sent again. */
	| { kind: 'errorInAnswer' };

/** What the request has used so far, and what it may use. */
export interface RetryBudget {
	/** Retries spent so far. */
	failures: number;
	/** The Max Retries option. */
	maxRetries: number;
	/** The Timeout option: rate-limit waits stop once they would pass it. */
	timeoutMs: number;
	/** When the first attempt started, and now (epoch ms). */
	startedAt: number;
	now: number;
	/** Whether the execution's pace holds the calls during a slow-down (else the loop waits itself). */
	paced: boolean;
}

export type RetryDecision = {
	/** What the attempt says about the gateway's load (for the pace). */
	paceOutcome: AttemptOutcome;
} & (
	| { next: 'giveUp' }
	/** Send again without waiting here: the pace holds every call until Retry-After. */
	| { next: 'retryNow'; spendsRetry: false }
	| { next: 'wait'; waitMs: number; spendsRetry: boolean }
);

/** A 429 or 503 without Retry-After still pauses the execution's calls this long. */
export const DEFAULT_SLOW_DOWN_MS = 1000;

const FAILED: AttemptOutcome = { kind: 'failed' };

export function decideRetry(failure: AttemptFailure, budget: RetryBudget): RetryDecision {
	const retriesLeft = budget.failures < budget.maxRetries;
	switch (failure.kind) {
		case 'errorInAnswer':
			return { next: 'giveUp', paceOutcome: { kind: 'answered' } };
		case 'network':
		case 'brokenBody':
			return retriesLeft && failure.retryable
				? {
						next: 'wait',
						waitMs: retryDelayMs(budget.failures, undefined, budget.now),
						spendsRetry: true,
						paceOutcome: FAILED,
					}
				: { next: 'giveUp', paceOutcome: FAILED };
		case 'status':
			return decideOnStatus(failure, budget, retriesLeft);
	}
}

function decideOnStatus(
	{ status, details, headers }: Extract<AttemptFailure, { kind: 'status' }>,
	budget: RetryBudget,
	retriesLeft: boolean,
): RetryDecision {
	const retryable = isRetryableStatus(status, details);
	if (retryable && (status === 429 || status === 503)) {
		const delay = retryDelayMs(0, headers, budget.now, DEFAULT_SLOW_DOWN_MS);
		const paceOutcome: AttemptOutcome = { kind: 'slowDown', retryAfterMs: delay };
		const withinTimeout = budget.now - budget.startedAt + delay <= budget.timeoutMs;
		// Max Retries 0 turns every retry off, rate limits included.
		if (!(budget.maxRetries > 0) || delay > MAX_RETRY_WAIT_MS || !withinTimeout)
			return { next: 'giveUp', paceOutcome };
		return budget.paced
			? { next: 'retryNow', spendsRetry: false, paceOutcome }
			: { next: 'wait', waitMs: delay, spendsRetry: false, paceOutcome };
	}
	const delay = retryDelayMs(budget.failures, headers, budget.now);
	return retriesLeft && retryable && delay <= MAX_RETRY_WAIT_MS
		? { next: 'wait', waitMs: delay, spendsRetry: true, paceOutcome: FAILED }
		: { next: 'giveUp', paceOutcome: FAILED };
}
