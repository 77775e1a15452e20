/**
 * Recognises image bytes by their signature. DGrid (and the models behind it) sometimes
 * declare one MIME type and send another, so the binary's MIME type, file extension and
 * dimensions always come from the bytes, never from what a response claims.
 */
export interface ImageFormat {
	mimeType: string;
	extension: string;
	/** Short name used in summaries, e.g. "PNG". */
	label: string;
}

export interface ImageInfo extends ImageFormat {
	width?: number;
	height?: number;
}

const FORMATS = {
	png: { mimeType: 'image/png', extension: 'png', label: 'PNG' },
	jpeg: { mimeType: 'image/jpeg', extension: 'jpg', label: 'JPEG' },
	webp: { mimeType: 'image/webp', extension: 'webp', label: 'WebP' },
	gif: { mimeType: 'image/gif', extension: 'gif', label: 'GIF' },
	bmp: { mimeType: 'image/bmp', extension: 'bmp', label: 'BMP' },
	avif: { mimeType: 'image/avif', extension: 'avif', label: 'AVIF' },
	heic: { mimeType: 'image/heic', extension: 'heic', label: 'HEIC' },
	tiff: { mimeType: 'image/tiff', extension: 'tiff', label: 'TIFF' },
} satisfies Record<string, ImageFormat>;

const startsWith = (bytes: Buffer, signature: number[], offset = 0) =>
	bytes.length >= offset + signature.length &&
	signature.every((byte, index) => bytes[offset + index] === byte);

const ascii = (bytes: Buffer, start: number, end: number) =>
	bytes.length >= end ? bytes.toString('latin1', start, end) : '';

/** The image format of `bytes`, or undefined when they are not a known image. */
export function detectImageFormat(bytes: Buffer): ImageFormat | undefined {
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return FORMATS.png;
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return FORMATS.jpeg;
	if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return FORMATS.webp;
	if (ascii(bytes, 0, 4) === 'GIF8') return FORMATS.gif;
	if (ascii(bytes, 0, 2) === 'BM' && bytes.length > 26) return FORMATS.bmp;
	if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
		return FORMATS.tiff;
	if (ascii(bytes, 4, 8) === 'ftyp') {
		const brand = ascii(bytes, 8, 12);
		if (brand === 'avif' || brand === 'avis') return FORMATS.avif;
		if (['heic', 'heix', 'hevc', 'mif1', 'msf1'].includes(brand)) return FORMATS.heic;
	}
	return undefined;
}

function pngSize(bytes: Buffer) {
	if (bytes.length < 24 || ascii(bytes, 12, 16) !== 'IHDR') return undefined;
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function jpegSize(bytes: Buffer) {
	// Walk the marker segments up to the first start-of-frame, which holds the size.
	let offset = 2;
	for (let guard = 0; guard < 10_000 && offset + 9 < bytes.length; guard++) {
		if (bytes[offset] !== 0xff) return undefined;
		const marker = bytes[offset + 1];
		if (marker === 0xff) {
			offset += 1;
			continue;
		}
		const isStartOfFrame =
			marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
		if (isStartOfFrame) {
			return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
		}
		offset += 2 + bytes.readUInt16BE(offset + 2);
	}
	return undefined;
}

function webpSize(bytes: Buffer) {
	const chunk = ascii(bytes, 12, 16);
	if (chunk === 'VP8X' && bytes.length >= 30) {
		return { width: 1 + bytes.readUIntLE(24, 3), height: 1 + bytes.readUIntLE(27, 3) };
	}
	if (chunk === 'VP8L' && bytes.length >= 25 && bytes[20] === 0x2f) {
		const bits = bytes.readUInt32LE(21);
		return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
	}
	if (chunk === 'VP8 ' && bytes.length >= 30) {
		return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
	}
	return undefined;
}

function gifSize(bytes: Buffer) {
	return bytes.length >= 10
		? { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) }
		: undefined;
}

/** Format and, where the header tells, pixel dimensions of `bytes`. */
export function inspectImage(bytes: Buffer): ImageInfo | undefined {
	const format = detectImageFormat(bytes);
	if (!format) return undefined;
	const size =
		format === FORMATS.png
			? pngSize(bytes)
			: format === FORMATS.jpeg
				? jpegSize(bytes)
				: format === FORMATS.webp
					? webpSize(bytes)
					: format === FORMATS.gif
						? gifSize(bytes)
						: undefined;
	return { ...format, ...size };
}

/**
 * Whether the bytes end where their format says they end. A response whose base64 was cut
 * off still starts with a valid signature; this catches it before an unusable file is saved.
 */
export function looksComplete(bytes: Buffer, format: ImageFormat): boolean {
	// Compared by MIME type: callers pass an ImageInfo, a copy of the format with its size.
	const { mimeType } = format;
	if (mimeType === FORMATS.png.mimeType) {
		return ascii(bytes, bytes.length - 8, bytes.length - 4) === 'IEND';
	}
	if (mimeType === FORMATS.jpeg.mimeType) {
		// Some encoders pad after the end-of-image marker; look near the end for it.
		const tail = bytes.subarray(Math.max(0, bytes.length - 64));
		return tail.includes(Buffer.from([0xff, 0xd9]));
	}
	if (mimeType === FORMATS.webp.mimeType) {
		return bytes.length >= 8 && bytes.readUInt32LE(4) + 8 <= bytes.length;
	}
	return true;
}
