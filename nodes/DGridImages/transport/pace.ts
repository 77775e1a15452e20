import { waitUnlessCanceled, waitUntilWoken } from './wait';

/** How an attempt to call DGrid ended, as far as the pace is concerned. */
export type AttemptOutcome =
	| { kind: 'answered' }
	/** 429, or 503 "overloaded": DGrid asks to slow down (Retry-After, or a default pause). */
	| { kind: 'slowDown'; retryAfterMs: number }
	/** Anything else (a network error, an error answer): says nothing about the pace. */
	| { kind: 'failed' };

export interface PaceLimits {
	/** Calls at once before anything is known about the gateway. */
	initial: number;
	/** Never more than this many at once (the user's Parallel Requests, or the automatic cap). */
	max: number;
}

// Before the first slow-down every clean answer adds this many calls: the pace triples per
// round trip, so a gateway with headroom sees the whole batch within a few round trips.
const GROWTH_PER_ANSWER = 2;

// After a slow-down, the pace probes one call higher only after this long and this many clean
// answers per call in flight: a key's limit rarely changes within a run, and every probe that
// hits it costs a whole Retry-After pause for every call.
const PROBE_AFTER_MS = 30_000;
const CLEAN_ANSWERS_PER_PROBE = 4;

/** Spreads wake-ups after a pause so the waiting calls do not hit the gateway in the same millisecond. */
const jitterMs = (pauseMs: number) => Math.random() * Math.min(250, pauseMs / 5);

/**
 * How many DGrid calls of one node execution run at once — found, not configured. It starts
 * moderately and grows with every clean answer (like TCP's slow start) up to the cap. A "slow
 * down" (429/503) pauses every call of the execution until its Retry-After, and sets the pace to
 * the number of calls the gateway was still serving — what the key's limit let through — from
 * where it grows again only slowly.
 */
export class Pace {
	private limit: number;
	private ceiling: number;
	private inFlight = 0;
	private pausedUntil = 0;
	private cleanAnswers = 0;
	private lastSlowDown: number | undefined;
	private readonly waiting = new Set<() => void>();

	constructor(private readonly limits: PaceLimits) {
		this.limit = Math.max(1, Math.min(limits.initial, limits.max));
		this.ceiling = limits.max;
	}

	/** Calls allowed at once right now (for tests and the result's json). */
	get current(): number {
		return this.limit;
	}

	/**
	 * Waits for a free slot and the end of any pause; resolves with how long it waited (ms).
	 * Every acquire must be followed by exactly one release.
	 */
	async acquire(signal?: AbortSignal): Promise<number> {
		const started = Date.now();
		for (;;) {
			const pause = this.pausedUntil - Date.now();
			if (pause > 0) {
				await waitUnlessCanceled(pause + jitterMs(pause), signal);
			} else if (this.inFlight < this.limit) {
				this.inFlight++;
				return Date.now() - started;
			} else {
				await this.nextRelease(signal);
			}
		}
	}

	release(outcome: AttemptOutcome): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (outcome.kind === 'answered') this.grow();
		if (outcome.kind === 'slowDown') this.slowDown(outcome.retryAfterMs);
		for (const wake of this.waiting) wake();
		this.waiting.clear();
	}

	private grow() {
		this.cleanAnswers++;
		if (this.lastSlowDown === undefined) {
			this.limit = Math.min(this.ceiling, this.limit + GROWTH_PER_ANSWER);
			return;
		}
		const probe =
			Date.now() - this.lastSlowDown >= PROBE_AFTER_MS &&
			this.cleanAnswers >= this.limit * CLEAN_ANSWERS_PER_PROBE &&
			this.limit < this.limits.max;
		if (probe) {
			this.limit++;
			this.ceiling = Math.max(this.ceiling, this.limit);
			this.cleanAnswers = 0;
		}
	}

	private slowDown(retryAfterMs: number) {
		this.lastSlowDown = Date.now();
		this.cleanAnswers = 0;
		// The calls still in flight are the ones the gateway accepted alongside this one.
		this.ceiling = Math.max(1, Math.min(this.ceiling, this.inFlight));
		this.limit = Math.min(this.limit, this.ceiling);
		this.pausedUntil = Math.max(this.pausedUntil, Date.now() + retryAfterMs);
	}

	private async nextRelease(signal?: AbortSignal): Promise<void> {
		await waitUntilWoken(signal, (wake) => {
			this.waiting.add(wake);
			return () => this.waiting.delete(wake);
		});
	}
}
