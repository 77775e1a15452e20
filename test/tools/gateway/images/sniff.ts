// Recognises image bytes by their magic numbers and reads their pixel size, the way the
// real upstreams reject "image" uploads that are not images.

export type SniffedFormat = 'png' | 'jpeg' | 'webp' | 'gif';

export interface SniffResult {
	format: SniffedFormat;
	mime: string;
	width?: number;
	height?: number;
}

const MIME: Record<SniffedFormat, string> = {
	png: 'image/png',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif',
};

export function sniffImage(buf: Buffer): SniffResult | undefined {
	if (
		buf.length >= 24 &&
		buf.readUInt32BE(0) === 0x89504e47 &&
		buf.readUInt32BE(4) === 0x0d0a1a0a
	) {
		return {
			format: 'png',
			mime: MIME.png,
			width: buf.readUInt32BE(16),
			height: buf.readUInt32BE(20),
		};
	}
	if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) {
		return { format: 'jpeg', mime: MIME.jpeg, ...jpegSize(buf) };
	}
	if (
		buf.length >= 16 &&
		buf.toString('latin1', 0, 4) === 'RIFF' &&
		buf.toString('latin1', 8, 12) === 'WEBP'
	) {
		return { format: 'webp', mime: MIME.webp, ...webpSize(buf) };
	}
	if (buf.length >= 10 && buf.toString('latin1', 0, 4) === 'GIF8') {
		return {
			format: 'gif',
			mime: MIME.gif,
			width: buf.readUInt16LE(6),
			height: buf.readUInt16LE(8),
		};
	}
	return undefined;
}

function jpegSize(buf: Buffer): { width?: number; height?: number } {
	let i = 2;
	// Walk marker segments until a start-of-frame (C0..CF except C4, C8, CC) is found.
	for (let guard = 0; guard < 1000 && i + 9 < buf.length; guard++) {
		if (buf[i] !== 0xff) return {};
		const marker = buf[i + 1];
		if (marker === 0xff) {
			i++;
			continue;
		}
		const len = buf.readUInt16BE(i + 2);
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
		}
		i += 2 + len;
	}
	return {};
}

function webpSize(buf: Buffer): { width?: number; height?: number } {
	const kind = buf.toString('latin1', 12, 16);
	if (kind === 'VP8L' && buf.length >= 25 && buf[20] === 0x2f) {
		const bits = buf.readUInt32LE(21);
		return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
	}
	if (kind === 'VP8 ' && buf.length >= 30) {
		return { width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
	}
	if (kind === 'VP8X' && buf.length >= 30) {
		return { width: buf.readUIntLE(24, 3) + 1, height: buf.readUIntLE(27, 3) + 1 };
	}
	return {};
}
