import { sleep } from 'n8n-workflow';

import type { Chunk } from '../shared/bytes';
import { toBuffer } from '../shared/bytes';
import { ByteSink } from './byteSink';
import { readNetworkFailure } from './errors';

/**
 * Reading an answer's body after its headers arrived. The HTTP client's timeout only covers
 * the wait for the headers; a body (or a stream of events) that stops part-way would hang the
 * item for good. This reader gives up when no byte arrives for the idle limit (the node's
 * Timeout option) and tells a cut connection from a stalled one, with how much had arrived.
 */

export interface BrokenBodyInfo {
	/** `cut`: the connection closed or reset early; `stalled`: no data for `idleMs`. */
	kind: 'cut' | 'stalled';
	/** Bytes of the body received before it broke. */
	bytes: number;
	/** For a stall: how long no data arrived (the Timeout option). */
	idleMs?: number;
	/** The network error behind a cut (e.g. "aborted"), key-free. */
	detail?: string;
	/** For event streams: complete events received before it broke. */
	events?: number;
	/** Whether sending the request again can help (nothing usable, nothing paid for, arrived). */
	retryable: boolean;
	/** Why it is not retried, when a reader knows better than the transport (e.g. image data arrived). */
	notRetriedBecause?: string;
}

/** A body that broke off after the headers; the transport turns it into an item error. */
export class BrokenBodyError extends Error {
	constructor(readonly info: BrokenBodyInfo) {
		super(info.kind === 'cut' ? 'the answer was cut off' : 'the answer stalled');
	}
}

const STALLED = Symbol('stalled');

/**
 * Why the idle watchdog's wait is ended once the body is read. One value for every body: an
 * abort without a reason builds a DOMException with its stack each time (measurable per image).
 */
const READ_ENDED = new Error('the body was read to its end');

/** Longest single sleep of the idle watchdog. */
const WATCH_INTERVAL_MS = 1000;

/** Share of the idle limit after which a failing body counts as stalled (timers are not exact). */
const STALL_TOLERANCE = 0.95;

/** Stops the socket behind a body nobody will read (the HTTP client's streams can be destroyed). */
export function discardBody(body: unknown): void {
	const stream = body as { destroy?: () => void };
	if (typeof stream.destroy === 'function') stream.destroy();
}

/**
 * The chunks of `body` as Buffers. Throws BrokenBodyError when the body errors (cut) or no
 * data arrives for `idleMs` (stalled).
 * Ending the iteration early (a reader that has all it needs) closes the body.
 */
export async function* readBody(
	body: AsyncIterable<Chunk>,
	idleMs: number,
): AsyncGenerator<Buffer> {
	const iterator = body[Symbol.asyncIterator]();
	const watchdog = new AbortController();
	let lastDataAt = Date.now();
	let bytes = 0;
	let finished = false;
	/**
	 * The HTTP client may destroy the socket itself when it has been idle for its timeout (the
	 * same Timeout option): a body that errors after that long without data stalled, it was not cut.
	 * A stall is waited out once; sending the request again would wait as long again.
	 */
	const breakOf = (error: unknown): BrokenBodyError =>
		error === undefined || Date.now() - lastDataAt >= idleMs * STALL_TOLERANCE
			? new BrokenBodyError({ kind: 'stalled', bytes, idleMs, retryable: false })
			: new BrokenBodyError({
					kind: 'cut',
					bytes,
					detail: readNetworkFailure(error).message,
					retryable: true,
				});
	// One timer per body, checking the idle deadline at least every second; aborted when reading
	// ends. (Older n8n's `sleep` cannot be aborted: short sleeps keep a finished body's timer from
	// holding the process for the whole Timeout.)
	const stalled = (async (): Promise<typeof STALLED | undefined> => {
		for (let left = idleMs; left > 0 && !finished; left = lastDataAt + idleMs - Date.now()) {
			try {
				await sleep(Math.min(left, WATCH_INTERVAL_MS), watchdog.signal);
			} catch {
				return undefined;
			}
		}
		return finished ? undefined : STALLED;
	})();
	try {
		while (true) {
			const step = await Promise.race([
				iterator.next().catch((error: unknown) => breakOf(error)),
				stalled,
			]);
			if (step instanceof BrokenBodyError) throw step;
			if (step === STALLED || step === undefined) throw breakOf(undefined);
			if (step.done) return;
			const chunk = toBuffer(step.value);
			lastDataAt = Date.now();
			bytes += chunk.length;
			yield chunk;
		}
	} finally {
		finished = true;
		watchdog.abort(READ_ENDED);
		discardBody(body);
	}
}

/**
 * Runs a body reader and hands back a break as a value (other errors pass on): the caller
 * decides between another try and an item error.
 */
export async function catchBrokenBody<T>(
	reading: Promise<T>,
): Promise<{ value: T } | { broken: BrokenBodyInfo }> {
	return await reading.then(
		(value) => ({ value }),
		(error: unknown) => {
			if (error instanceof BrokenBodyError) return { broken: error.info };
			throw error;
		},
	);
}

/**
 * The whole body as one Buffer, read with the same limits. With the body's length known
 * (Content-Length), its bytes go straight into one buffer of that size: never twice in memory.
 */
export async function readWholeBody(
	body: unknown,
	idleMs: number,
	expectedBytes?: number,
): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	if (body && typeof (body as AsyncIterable<Chunk>)[Symbol.asyncIterator] === 'function') {
		const sink = new ByteSink(expectedBytes);
		for await (const chunk of readBody(body as AsyncIterable<Chunk>, idleMs)) sink.write(chunk);
		return sink.finish();
	}
	return Buffer.from(body === undefined || body === null ? '' : JSON.stringify(body), 'utf8');
}
