// Minimal lossless WebP (RIFF 'WEBP' + one 'VP8L' chunk). No transforms, no colour cache,
// no backward references: every pixel is four literal prefix-coded symbols. The prefix
// codes are the simplest complete ones — 8 bits for every value 0..255 — written with the
// "normal" code-length code; constant alpha uses a 1-symbol "simple" code (0 bits/pixel).
// Larger than a real encoder's output but valid for libwebp, browsers and Pillow.
import type { Pixels } from './pixels';

/** VP8L reads bits least-significant first. */
class LsbWriter {
	private bytes: number[] = [];
	private acc = 0;
	private n = 0;
	bits(value: number, count: number): void {
		for (let i = 0; i < count; i++) this.bit((value >>> i) & 1);
	}
	/** A prefix code is emitted from its most significant bit down (libwebp stores codes reversed). */
	code(value: number, length: number): void {
		for (let i = length - 1; i >= 0; i--) this.bit((value >>> i) & 1);
	}
	private bit(b: number): void {
		this.acc |= b << this.n;
		if (++this.n === 8) {
			this.bytes.push(this.acc);
			this.acc = 0;
			this.n = 0;
		}
	}
	finish(): Buffer {
		if (this.n > 0) this.bytes.push(this.acc);
		return Buffer.from(this.bytes);
	}
}

// Order in which code-length-code lengths are transmitted (from the VP8L specification).
const CODE_LENGTH_ORDER = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/**
 * A "normal" prefix code giving length 8 to symbols 0..255 and 0 to any further symbols
 * (green's alphabet has 280). The code-length code has two 1-bit symbols: '0' → length 0
 * and '1' → length 8.
 */
function writeFlat8Code(w: LsbWriter, alphabetSize: number): void {
	w.bits(0, 1); // not a simple code
	const used = CODE_LENGTH_ORDER.indexOf(8) + 1; // transmit lengths up to symbol 8's slot
	w.bits(used - 4, 4);
	for (let i = 0; i < used; i++) {
		const sym = CODE_LENGTH_ORDER[i];
		w.bits(sym === 0 || sym === 8 ? 1 : 0, 3);
	}
	w.bits(0, 1); // max_symbol = alphabet size
	for (let s = 0; s < alphabetSize; s++) w.code(s < 256 ? 1 : 0, 1);
}

/** "Simple" code with a single symbol: decoding it consumes no bits. */
function writeSingleSymbolCode(w: LsbWriter, symbol: number): void {
	w.bits(1, 1); // simple code
	w.bits(0, 1); // one symbol
	if (symbol < 2) {
		w.bits(0, 1);
		w.bits(symbol, 1);
	} else {
		w.bits(1, 1);
		w.bits(symbol, 8);
	}
}

export function encodeWebp(px: Pixels): Buffer {
	const { width, height, rgba } = px;
	if (width > 16384 || height > 16384) throw new Error('VP8L dimensions are limited to 16384');
	let opaque = true;
	for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) opaque = false;

	const w = new LsbWriter();
	w.bits(width - 1, 14);
	w.bits(height - 1, 14);
	w.bits(opaque ? 0 : 1, 1); // alpha_is_used hint
	w.bits(0, 3); // version
	w.bits(0, 1); // no transform
	w.bits(0, 1); // no colour cache
	w.bits(0, 1); // no meta prefix codes (a single prefix-code group)
	writeFlat8Code(w, 256 + 24); // green + length prefixes
	writeFlat8Code(w, 256); // red
	writeFlat8Code(w, 256); // blue
	if (opaque) writeSingleSymbolCode(w, 255);
	else writeFlat8Code(w, 256); // alpha
	writeSingleSymbolCode(w, 0); // distance: never used
	for (let i = 0; i < rgba.length; i += 4) {
		w.code(rgba[i + 1], 8);
		w.code(rgba[i], 8);
		w.code(rgba[i + 2], 8);
		if (!opaque) w.code(rgba[i + 3], 8);
	}
	const payload = Buffer.concat([Buffer.from([0x2f]), w.finish()]);
	const pad = payload.length % 2 === 1 ? Buffer.from([0]) : Buffer.alloc(0);
	const chunkHead = Buffer.alloc(8);
	chunkHead.write('VP8L', 0, 'latin1');
	chunkHead.writeUInt32LE(payload.length, 4);
	const riffHead = Buffer.alloc(12);
	riffHead.write('RIFF', 0, 'latin1');
	riffHead.writeUInt32LE(4 + 8 + payload.length + pad.length, 4);
	riffHead.write('WEBP', 8, 'latin1');
	return Buffer.concat([riffHead, chunkHead, payload, pad]);
}
