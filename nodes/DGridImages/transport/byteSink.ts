/**
 * Where the bytes of one image go while they are still arriving (decoded from an answer's
 * base64, or downloaded).
 *
 * With a size hint (from a Content-Length) the bytes are written
 * into one buffer of that size and handed out as a view of it: no copy, and the pages past the
 * image are never touched, so they cost address space, not memory. Without a hint, or when the
 * hint was too small (a compressed answer), the bytes go into a list of blocks joined once at
 * the end.
 */

const BLOCK_BYTES = 256 * 1024;
// A hint is an upper bound read from a header; past this, growing block by block is safer.
const MAX_PREALLOCATED_BYTES = 256 * 1024 * 1024;

export class ByteSink {
	private readonly blocks: Buffer[] = [];
	private current: Buffer;
	private used = 0;
	private total = 0;

	constructor(sizeHint?: number) {
		const hinted = sizeHint !== undefined && Number.isFinite(sizeHint) && sizeHint > 0;
		this.current = Buffer.allocUnsafe(
			hinted ? Math.min(Math.ceil(sizeHint), MAX_PREALLOCATED_BYTES) : BLOCK_BYTES,
		);
	}

	get length(): number {
		return this.total;
	}

	/** Makes room for `bytes` more bytes in the current block; returns the block and where to write. */
	reserve(bytes: number): { block: Buffer; offset: number } {
		if (this.current.length - this.used < bytes) {
			this.blocks.push(this.current.subarray(0, this.used));
			this.current = Buffer.allocUnsafe(
				Math.max(bytes, BLOCK_BYTES, Math.min(this.total, MAX_PREALLOCATED_BYTES)),
			);
			this.used = 0;
		}
		return { block: this.current, offset: this.used };
	}

	/** Records that `bytes` bytes were written where reserve() said. */
	commit(bytes: number): void {
		this.used += bytes;
		this.total += bytes;
	}

	/** Appends a piece of bytes. */
	write(bytes: Uint8Array): void {
		const { block, offset } = this.reserve(bytes.length);
		block.set(bytes, offset);
		this.commit(bytes.length);
	}

	/** All bytes written, as one Buffer. */
	finish(): Buffer {
		const last = this.current.subarray(0, this.used);
		const blocks = this.blocks.filter((block) => block.length > 0);
		// A small image in a big block: a copy of its own lets the block go.
		if (blocks.length === 0)
			return this.used <= BLOCK_BYTES && this.current.length > 2 * this.used
				? Buffer.from(last)
				: last;
		return Buffer.concat([...blocks, last], this.total);
	}
}
