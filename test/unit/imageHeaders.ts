import { deflateSync } from 'zlib';

/** The smallest real PNG of a given size: signature, IHDR, one deflated IDAT, IEND. */
export function pngHeader(width: number, height: number): Buffer {
	const ihdr = Buffer.alloc(25);
	ihdr.writeUInt32BE(13, 0);
	ihdr.write('IHDR', 4, 'latin1');
	ihdr.writeUInt32BE(width, 8);
	ihdr.writeUInt32BE(height, 12);
	const idat = deflateSync(Buffer.alloc(height * (width * 3 + 1)));
	const idatChunk = Buffer.concat([Buffer.alloc(4), Buffer.from('IDAT'), idat, Buffer.alloc(4)]);
	idatChunk.writeUInt32BE(idat.length, 0);
	const iend = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		ihdr,
		idatChunk,
		iend,
	]);
}

/** A JPEG start: SOI and a baseline SOF0 frame header carrying the size. */
export function jpegHeader(width: number, height: number): Buffer {
	const app0 = Buffer.from([
		0xff,
		0xe0,
		0x00,
		0x10,
		...Buffer.from('JFIF\0'),
		1,
		1,
		0,
		0,
		1,
		0,
		1,
		0,
		0,
	]);
	const sof = Buffer.from([
		0xff,
		0xc0,
		0x00,
		0x11,
		8,
		height >> 8,
		height & 255,
		width >> 8,
		width & 255,
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
	]);
	return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}
