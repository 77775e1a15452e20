// The image encoders produce structurally valid files (decoding by real decoders was
// checked by hand with Pillow/libjpeg/libwebp; these tests pin the structure).
import { inflateSync } from 'node:zlib';
import { makeImage, sniffImage, toDataUrl } from '../tools/gateway';
import { crc32 } from '../tools/gateway/images/crc32';
import { pngChunks } from './helpers';
import { gradient } from '../tools/gateway/images/pixels';

describe('PNG encoder', () => {
	it.each([
		[false, 3, 2],
		[true, 4, 6],
	])(
		'writes signature, IHDR/IDAT/IEND with valid CRCs and the exact pixels (alpha=%s)',
		(alpha, channels, colourType) => {
			const png = makeImage('png', { width: 13, height: 7, seed: 5, alpha });
			expect(png.subarray(0, 8)).toEqual(
				Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
			);
			const chunks = pngChunks(png);
			expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
			expect(chunks.every((c) => c.crcOk)).toBe(true);
			const ihdr = chunks[0].data;
			expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9]]).toEqual([
				13,
				7,
				8,
				colourType,
			]);
			const raw = inflateSync(chunks[1].data);
			expect(raw.length).toBe(7 * (13 * channels + 1));
			const px = gradient(13, 7, 5, alpha);
			for (let y = 0; y < 7; y++) {
				const row = raw.subarray(y * (13 * channels + 1), (y + 1) * (13 * channels + 1));
				expect(row[0]).toBe(0);
				for (let x = 0; x < 13; x++) {
					for (let c = 0; c < channels; c++)
						expect(row[1 + x * channels + c]).toBe(px.rgba[(y * 13 + x) * 4 + c]);
				}
			}
		},
	);

	it('crc32 matches the standard check value', () => {
		expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
	});

	it('different seeds give different bytes', () => {
		expect(makeImage('png', { width: 8, height: 8, seed: 1 })).not.toEqual(
			makeImage('png', { width: 8, height: 8, seed: 2 }),
		);
	});
});

describe('JPEG encoder', () => {
	function markers(buf: Buffer): number[] {
		const found: number[] = [];
		let pos = 2;
		for (let guard = 0; guard < 50 && pos < buf.length; guard++) {
			expect(buf[pos]).toBe(0xff);
			const m = buf[pos + 1];
			found.push(m);
			if (m === 0xda) break; // entropy-coded data follows
			pos += 2 + buf.readUInt16BE(pos + 2);
		}
		return found;
	}

	it('writes SOI, JFIF, DQT, SOF0, DHT, SOS … EOI with the right frame size', () => {
		const jpg = makeImage('jpeg', { width: 37, height: 21, seed: 3 });
		expect(jpg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
		expect(jpg.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
		expect(markers(jpg)).toEqual([0xe0, 0xdb, 0xc0, 0xc4, 0xda]);
		expect(jpg.toString('latin1', 6, 11)).toBe('JFIF\0');
		const sof = jpg.indexOf(Buffer.from([0xff, 0xc0]));
		expect(jpg.readUInt16BE(sof + 5)).toBe(21);
		expect(jpg.readUInt16BE(sof + 7)).toBe(37);
		expect(jpg[sof + 9]).toBe(3);
		expect(sniffImage(jpg)).toMatchObject({ format: 'jpeg', width: 37, height: 21 });
	});

	it('DHT holds four complete tables (12 DC + 162 AC symbols each)', () => {
		const jpg = makeImage('jpeg', { width: 8, height: 8 });
		const dht = jpg.indexOf(Buffer.from([0xff, 0xc4]));
		const len = jpg.readUInt16BE(dht + 2);
		let pos = dht + 4;
		const sizes: number[] = [];
		while (pos < dht + 2 + len) {
			const counts = [...jpg.subarray(pos + 1, pos + 17)].reduce((a, b) => a + b, 0);
			const values = jpg.subarray(pos + 17, pos + 17 + counts);
			expect(new Set(values).size).toBe(counts);
			sizes.push(counts);
			pos += 17 + counts;
		}
		expect(sizes).toEqual([12, 162, 12, 162]);
	});

	it('entropy data never contains an unstuffed marker', () => {
		const jpg = makeImage('jpeg', { width: 64, height: 48, seed: 9 });
		const sos = jpg.indexOf(Buffer.from([0xff, 0xda]));
		const data = jpg.subarray(sos + 2 + jpg.readUInt16BE(sos + 2), jpg.length - 2);
		for (let i = 0; i < data.length - 1; i++) if (data[i] === 0xff) expect(data[i + 1]).toBe(0);
	});
});

describe('WebP encoder', () => {
	it.each([false, true])(
		'writes a RIFF/WEBP/VP8L file with consistent sizes (alpha=%s)',
		(alpha) => {
			const webp = makeImage('webp', { width: 21, height: 9, seed: 2, alpha });
			expect(webp.toString('latin1', 0, 4)).toBe('RIFF');
			expect(webp.readUInt32LE(4)).toBe(webp.length - 8);
			expect(webp.toString('latin1', 8, 16)).toBe('WEBPVP8L');
			const chunkLen = webp.readUInt32LE(16);
			expect(20 + chunkLen + (chunkLen % 2)).toBe(webp.length);
			expect(webp[20]).toBe(0x2f);
			const bits = webp.readUInt32LE(21);
			expect((bits & 0x3fff) + 1).toBe(21);
			expect(((bits >>> 14) & 0x3fff) + 1).toBe(9);
			expect((bits >>> 28) & 1).toBe(alpha ? 1 : 0);
			expect(sniffImage(webp)).toMatchObject({ format: 'webp', width: 21, height: 9 });
		},
	);
});

describe('sniffing and data URLs', () => {
	it('reads format and size of each encoder and rejects non-images', () => {
		expect(sniffImage(makeImage('png', { width: 3, height: 4 }))).toEqual({
			format: 'png',
			mime: 'image/png',
			width: 3,
			height: 4,
		});
		expect(sniffImage(Buffer.from('<html></html>'))).toBeUndefined();
		expect(sniffImage(Buffer.alloc(0))).toBeUndefined();
	});

	it('toDataUrl wraps base64', () => {
		const png = makeImage('png', { width: 1, height: 1 });
		expect(toDataUrl(png, 'image/png')).toBe(`data:image/png;base64,${png.toString('base64')}`);
	});

	it('rejects impossible sizes', () => {
		expect(() => makeImage('png', { width: 0, height: 5 })).toThrow();
		expect(() => makeImage('png', { width: 2.5, height: 5 })).toThrow();
	});
});
