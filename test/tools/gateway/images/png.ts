// Minimal PNG encoder: 8-bit truecolour (RGB) or truecolour+alpha (RGBA), one IDAT,
// filter type 0 on every row, zlib from node. Output is a spec-conformant PNG.
import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32';
import type { Pixels } from './pixels';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(head.subarray(4), data), 0);
	return Buffer.concat([head, data, crc]);
}

export function encodePng(px: Pixels, withAlpha = false): Buffer {
	const channels = withAlpha ? 4 : 3;
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(px.width, 0);
	ihdr.writeUInt32BE(px.height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = withAlpha ? 6 : 2; // colour type
	ihdr[10] = 0; // compression
	ihdr[11] = 0; // filter method
	ihdr[12] = 0; // no interlace
	const stride = px.width * channels + 1;
	const raw = Buffer.alloc(stride * px.height);
	for (let y = 0; y < px.height; y++) {
		raw[y * stride] = 0; // filter: None
		for (let x = 0; x < px.width; x++) {
			const src = (y * px.width + x) * 4;
			const dst = y * stride + 1 + x * channels;
			for (let c = 0; c < channels; c++) raw[dst + c] = px.rgba[src + c];
		}
	}
	return Buffer.concat([
		PNG_SIGNATURE,
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}
