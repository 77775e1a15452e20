import { sleep } from 'n8n-workflow';

/**
 * Waits that a stop of the execution ends at once: the pace's and the reading budget's queues,
 * and the pauses between attempts (cancel.ts turns the rejection into the item's error).
 */

class Canceled extends Error {
	constructor() {
		super('The execution was stopped');
	}
}

export const isCanceled = (error: unknown): boolean => error instanceof Canceled;

/**
 * Waits until woken, or rejects as soon as the execution is stopped. `enlist` puts the waiter's
 * wake-up where the waker finds it and returns how to take it out again (done either way).
 */
export async function waitUntilWoken(
	signal: AbortSignal | undefined,
	enlist: (wake: () => void) => () => void,
): Promise<void> {
	if (signal?.aborted) throw new Canceled();
	let onAbort: () => void = () => {};
	let delist: () => void = () => {};
	try {
		await new Promise<void>((resolve, reject) => {
			onAbort = () => reject(new Canceled());
			delist = enlist(resolve);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	} finally {
		signal?.removeEventListener('abort', onAbort);
		delist();
	}
}

/** Resolves after `ms`, or rejects as soon as the execution is stopped. */
export async function waitUnlessCanceled(ms: number, signal?: AbortSignal): Promise<void> {
	if (!signal) return await sleep(ms);
	if (signal.aborted) throw new Canceled();
	let onAbort: () => void = () => {};
	const aborted = new Promise<never>((_resolve, reject) => {
		onAbort = () => reject(new Canceled());
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([sleep(ms), aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}
