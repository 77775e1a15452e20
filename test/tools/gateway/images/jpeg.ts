// Minimal baseline JPEG encoder (JFIF, 8-bit, 3 components, 4:4:4 — no chroma
// subsampling, which keeps the MCU loop trivial). It uses the quantisation and Huffman
// tables from Annex K of the JPEG standard and a direct separable float DCT: slow per
// pixel, but test images are tiny. Real decoders (libjpeg, browsers, Pillow) accept it.
import type { Pixels } from './pixels';

const LUMA_Q = [
	16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
	14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
	92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_Q_HEAD = [17, 18, 24, 47, 18, 21, 26, 66, 24, 26, 56, 47, 66]; // see chromaQ(): the rest is 99

const DC_LUMA_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_CHROMA_BITS = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_LUMA_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
const AC_LUMA_VALUES = hex(
	'01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a' +
		'434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8' +
		'a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa',
);
const AC_CHROMA_BITS = [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77];
const AC_CHROMA_VALUES = hex(
	'000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738' +
		'393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5' +
		'a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa',
);

function hex(s: string): number[] {
	const out: number[] = [];
	for (let i = 0; i < s.length; i += 2) out.push(parseInt(s.slice(i, i + 2), 16));
	return out;
}

/** ZIGZAG[k] = natural (row-major) index of the k-th coefficient in zigzag order. */
const ZIGZAG: number[] = (() => {
	const order: number[] = [];
	for (let s = 0; s < 15; s++) {
		const lo = Math.max(0, s - 7);
		const hi = Math.min(s, 7);
		// Odd diagonals run top-right → bottom-left, even ones bottom-left → top-right.
		if (s % 2 === 1) for (let row = lo; row <= hi; row++) order.push(row * 8 + (s - row));
		else for (let row = hi; row >= lo; row--) order.push(row * 8 + (s - row));
	}
	return order;
})();

function chromaQ(): number[] {
	const q = new Array<number>(64).fill(99);
	// The non-99 entries of Annex K's chroma table form the top-left 4x4 corner minus (2,3),(3,2),(3,3).
	const pos = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 24, 25];
	pos.forEach((p, i) => (q[p] = CHROMA_Q_HEAD[i]));
	return q;
}

function scaleQ(base: number[], quality: number): number[] {
	const qf = Math.min(100, Math.max(1, Math.round(quality)));
	const scale = qf < 50 ? 5000 / qf : 200 - qf * 2;
	return base.map((v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
}

interface HuffTable {
	code: Map<number, number>;
	size: Map<number, number>;
}

function buildHuff(bits: number[], values: number[]): HuffTable {
	const code = new Map<number, number>();
	const size = new Map<number, number>();
	let c = 0;
	let k = 0;
	for (let len = 1; len <= 16; len++) {
		for (let i = 0; i < bits[len - 1]; i++) {
			code.set(values[k], c);
			size.set(values[k], len);
			c++;
			k++;
		}
		c <<= 1;
	}
	return { code, size };
}

class BitWriter {
	private bytes: number[] = [];
	private acc = 0;
	private n = 0;
	write(value: number, length: number): void {
		for (let i = length - 1; i >= 0; i--) {
			this.acc = (this.acc << 1) | ((value >>> i) & 1);
			if (++this.n === 8) this.flushByte();
		}
	}
	private flushByte(): void {
		this.bytes.push(this.acc);
		if (this.acc === 0xff) this.bytes.push(0x00); // byte stuffing inside entropy-coded data
		this.acc = 0;
		this.n = 0;
	}
	finish(): Buffer {
		while (this.n !== 0) this.write(1, 1); // pad the last byte with 1-bits
		return Buffer.from(this.bytes);
	}
}

const COS: number[] = [];
for (let x = 0; x < 8; x++)
	for (let u = 0; u < 8; u++) COS[x * 8 + u] = Math.cos(((2 * x + 1) * u * Math.PI) / 16);

/** 2-D DCT-II of a level-shifted 8x8 block, as rows then columns. */
function fdct(block: Float64Array): Float64Array {
	const tmp = new Float64Array(64);
	const out = new Float64Array(64);
	for (let y = 0; y < 8; y++) {
		for (let u = 0; u < 8; u++) {
			let s = 0;
			for (let x = 0; x < 8; x++) s += block[y * 8 + x] * COS[x * 8 + u];
			tmp[y * 8 + u] = s * (u === 0 ? Math.SQRT1_2 : 1) * 0.5;
		}
	}
	for (let u = 0; u < 8; u++) {
		for (let v = 0; v < 8; v++) {
			let s = 0;
			for (let y = 0; y < 8; y++) s += tmp[y * 8 + u] * COS[y * 8 + v];
			out[v * 8 + u] = s * (v === 0 ? Math.SQRT1_2 : 1) * 0.5;
		}
	}
	return out;
}

function category(v: number): number {
	let a = Math.abs(v);
	let n = 0;
	while (a > 0) {
		a >>= 1;
		n++;
	}
	return n;
}

function writeValue(bw: BitWriter, v: number, cat: number): void {
	if (cat > 0) bw.write(v >= 0 ? v : v + (1 << cat) - 1, cat);
}

function encodeBlock(
	bw: BitWriter,
	coeffs: Int32Array,
	prevDc: number,
	dc: HuffTable,
	ac: HuffTable,
): number {
	const diff = coeffs[0] - prevDc;
	const dcCat = category(diff);
	bw.write(dc.code.get(dcCat)!, dc.size.get(dcCat)!);
	writeValue(bw, diff, dcCat);
	let run = 0;
	for (let k = 1; k < 64; k++) {
		const v = coeffs[ZIGZAG[k]];
		if (v === 0) {
			run++;
			continue;
		}
		while (run > 15) {
			bw.write(ac.code.get(0xf0)!, ac.size.get(0xf0)!); // ZRL: sixteen zeros
			run -= 16;
		}
		const cat = category(v);
		const sym = (run << 4) | cat;
		bw.write(ac.code.get(sym)!, ac.size.get(sym)!);
		writeValue(bw, v, cat);
		run = 0;
	}
	if (run > 0) bw.write(ac.code.get(0x00)!, ac.size.get(0x00)!); // EOB
	return coeffs[0];
}

function segment(marker: number, body: number[] | Buffer): Buffer {
	const head = Buffer.from([0xff, marker, 0, 0]);
	head.writeUInt16BE(body.length + 2, 2);
	return Buffer.concat([head, Buffer.from(body)]);
}

export function encodeJpeg(px: Pixels, quality = 90): Buffer {
	const { width, height, rgba } = px;
	if (width > 65535 || height > 65535) throw new Error('JPEG dimensions are limited to 65535');
	const qY = scaleQ(LUMA_Q, quality);
	const qC = scaleQ(chromaQ(), quality);
	const tables = [
		buildHuff(DC_LUMA_BITS, DC_VALUES),
		buildHuff(AC_LUMA_BITS, AC_LUMA_VALUES),
		buildHuff(DC_CHROMA_BITS, DC_VALUES),
		buildHuff(AC_CHROMA_BITS, AC_CHROMA_VALUES),
	];
	const bw = new BitWriter();
	const prev = [0, 0, 0];
	const blocks = [new Float64Array(64), new Float64Array(64), new Float64Array(64)];
	for (let by = 0; by < height; by += 8) {
		for (let bx = 0; bx < width; bx += 8) {
			for (let y = 0; y < 8; y++) {
				for (let x = 0; x < 8; x++) {
					// Edge pixels are repeated to fill partial blocks at the right/bottom border.
					const sx = Math.min(bx + x, width - 1);
					const sy = Math.min(by + y, height - 1);
					const i = (sy * width + sx) * 4;
					const r = rgba[i];
					const g = rgba[i + 1];
					const b = rgba[i + 2];
					blocks[0][y * 8 + x] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
					blocks[1][y * 8 + x] = -0.168736 * r - 0.331264 * g + 0.5 * b;
					blocks[2][y * 8 + x] = 0.5 * r - 0.418688 * g - 0.081312 * b;
				}
			}
			for (let c = 0; c < 3; c++) {
				const q = c === 0 ? qY : qC;
				const f = fdct(blocks[c]);
				const coeffs = new Int32Array(64);
				for (let k = 0; k < 64; k++) coeffs[k] = Math.round(f[k] / q[k]);
				prev[c] = encodeBlock(
					bw,
					coeffs,
					prev[c],
					tables[c === 0 ? 0 : 2],
					tables[c === 0 ? 1 : 3],
				);
			}
		}
	}
	const dqt = [0x00, ...ZIGZAG.map((n) => qY[n]), 0x01, ...ZIGZAG.map((n) => qC[n])];
	const sof = [
		8,
		height >> 8,
		height & 0xff,
		width >> 8,
		width & 0xff,
		3,
		1,
		0x11,
		0,
		2,
		0x11,
		1,
		3,
		0x11,
		1,
	];
	const dht = [
		0x00,
		...DC_LUMA_BITS,
		...DC_VALUES,
		0x10,
		...AC_LUMA_BITS,
		...AC_LUMA_VALUES,
		0x01,
		...DC_CHROMA_BITS,
		...DC_VALUES,
		0x11,
		...AC_CHROMA_BITS,
		...AC_CHROMA_VALUES,
	];
	const sos = [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0];
	const jfif = [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0];
	return Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		segment(0xe0, jfif),
		segment(0xdb, dqt),
		segment(0xc0, sof),
		segment(0xc4, dht),
		segment(0xda, sos),
		bw.finish(),
		Buffer.from([0xff, 0xd9]),
	]);
}
