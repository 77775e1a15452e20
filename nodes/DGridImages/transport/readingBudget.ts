import { waitUntilWoken } from './wait';

/**
 * How much image data one node execution reads at once.
 *
 * Every large answer costs n8n's process memory while it is read: its image decoded, and the
 * network pieces and text it was decoded from, which the JavaScript engine frees only some time
 * later. Eight 8 MB images read side by side made n8n grow by about twice their size; read one
 * after another, each one's memory is given back before the next comes in. Decoding runs on
 * n8n's one thread anyway, so taking large answers in turn costs almost no time: the waiting
 * ones stay in the network (the operating system's socket buffers, not n8n's memory).
 *
 * Small answers (most of them: URLs, metadata, small images) never wait.
 */

/** Answers of at least this size wait for their turn; smaller ones never do. */
export const LARGE_ANSWER_BYTES = 1024 * 1024;

/** Bytes of large answers read at once: an 8 MB image (10.7 MB of base64) is read alone. */
export const READING_BUDGET_BYTES = 16 * 1024 * 1024;

/** An answer that does not state its length (no Content-Length) counts as this large. */
export const UNKNOWN_ANSWER_BYTES = 4 * 1024 * 1024;

interface Waiter {
	bytes: number;
	grant(): void;
}

/** The execution's budget: first come, first served; one answer larger than it is read alone. */
export class ReadingBudget {
	private held = 0;
	private readonly queue: Waiter[] = [];

	constructor(private readonly capacity = READING_BUDGET_BYTES) {}

	/** Bytes being read or held right now (for tests). */
	get inUse(): number {
		return this.held;
	}

	/** Waits until `bytes` fit (rejects when `signal` fires first). */
	async take(bytes: number, signal?: AbortSignal): Promise<void> {
		if (this.queue.length === 0 && this.fits(bytes)) {
			this.held += bytes;
			return;
		}
		const waiter: Waiter = { bytes, grant: () => {} };
		await waitUntilWoken(signal, (wake) => {
			waiter.grant = wake;
			this.queue.push(waiter);
			return () => {
				const index = this.queue.indexOf(waiter);
				// A waiter stopped before its turn leaves the queue; the next ones may fit now.
				if (index < 0) return;
				this.queue.splice(index, 1);
				this.grantWaiting();
			};
		});
	}

	/** Takes `bytes` without waiting: for a reader that already holds part of the budget. */
	takeAtOnce(bytes: number): void {
		this.held += bytes;
	}

	give(bytes: number): void {
		this.held = Math.max(0, this.held - bytes);
		this.grantWaiting();
	}

	private fits(bytes: number): boolean {
		return this.held === 0 || this.held + bytes <= this.capacity;
	}

	private grantWaiting() {
		while (this.queue.length > 0 && this.fits(this.queue[0].bytes)) {
			const next = this.queue.shift()!;
			this.held += next.bytes;
			next.grant();
		}
	}
}

/**
 * One item's share of the budget: taken before a large answer's body is read, given back once
 * the item's images are stored (the router does that) or when the item calls DGrid again.
 * An item that holds a share never waits for more — it cannot wait for itself — and never holds
 * one while it waits for a call slot of the pace, so the two queues cannot block each other.
 */
export class ReadingShare {
	private bytes = 0;

	constructor(private readonly budget: ReadingBudget) {}

	/** Before reading a body of `length` bytes (undefined: unknown). */
	async take(length: number | undefined, signal?: AbortSignal): Promise<void> {
		const bytes = length ?? UNKNOWN_ANSWER_BYTES;
		if (bytes < LARGE_ANSWER_BYTES) return;
		if (this.bytes > 0) this.budget.takeAtOnce(bytes);
		else await this.budget.take(bytes, signal);
		this.bytes += bytes;
	}

	release(): void {
		if (this.bytes === 0) return;
		this.budget.give(this.bytes);
		this.bytes = 0;
	}
}
