// Large PNGs for memory benchmarks (`imageBytes` option, `[dgrid:bytes=N]` directive): noise
// pixels in stored (uncompressed) deflate blocks, so the file is as big as asked and still a
// real, decodable PNG. Building 32 MB costs a few hundred ms, so the pixel data (IHDR + IDAT)
// is cached per size; each image gets its own tEXt chunk, so no two are byte-identical.
import { deflateSync } from 'node:zlib';
import { chunk, PNG_SIGNATURE } from './png';

/** Width of every large image; the height follows from the byte size asked for. */
const WIDTH = 1024;
const STRIDE = WIDTH * 3 + 1; // RGB, plus the filter byte of each row
/** Above this the gateway refuses to build an image (bounded memory in tests). */
export const MAX_LARGE_IMAGE_BYTES = 256 * 1024 * 1024;
/** Sizes kept: a benchmark uses a handful; more would only hold memory. */
const CACHE_ENTRIES = 3;

interface PixelData {
	ihdr: Buffer;
	idat: Buffer;
	height: number;
}

const cache = new Map<number, PixelData>();

/** xorshift32 noise: deterministic, fast, and incompressible like a photo's bytes. */
function noiseRows(height: number): Buffer {
	const length = STRIDE * height;
	const words = new Uint32Array(Math.ceil(length / 4));
	let x = 0x9e3779b9;
	for (let i = 0; i < words.length; i++) {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		words[i] = x >>> 0;
	}
	const raw = Buffer.from(words.buffer, 0, length);
	for (let y = 0; y < height; y++) raw[y * STRIDE] = 0; // filter type None on every row
	return raw;
}

function pixelData(targetBytes: number): PixelData {
	const cached = cache.get(targetBytes);
	if (cached) {
		// Most recently used last, so the oldest size is the one dropped.
		cache.delete(targetBytes);
		cache.set(targetBytes, cached);
		return cached;
	}
	// Signature, IHDR, tEXt, IEND and the deflate framing take about 100 bytes; the rest is rows.
	const height = Math.max(1, Math.round((targetBytes - 100) / STRIDE));
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(WIDTH, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // truecolour RGB
	const data: PixelData = {
		ihdr: chunk('IHDR', ihdr),
		idat: chunk('IDAT', deflateSync(noiseRows(height), { level: 0 })),
		height,
	};
	cache.set(targetBytes, data);
	while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as number);
	return data;
}

/** A PNG of about `targetBytes` bytes (within one pixel row, 3 KB), unique per `seed`. */
export function makeLargePng(
	targetBytes: number,
	seed: number,
): { bytes: Buffer; width: number; height: number } {
	if (!Number.isInteger(targetBytes) || targetBytes < 1 || targetBytes > MAX_LARGE_IMAGE_BYTES) {
		throw new Error(
			`large image size must be 1..${MAX_LARGE_IMAGE_BYTES} bytes, got ${targetBytes}`,
		);
	}
	const { ihdr, idat, height } = pixelData(targetBytes);
	const text = chunk('tEXt', Buffer.from(`Comment\0dgrid test image ${seed}`, 'latin1'));
	const bytes = Buffer.concat([PNG_SIGNATURE, ihdr, text, idat, chunk('IEND', Buffer.alloc(0))]);
	return { bytes, width: WIDTH, height };
}
