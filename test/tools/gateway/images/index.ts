// Public image helpers: build real image bytes of a given size, and wrap them as data URLs.
import { encodeJpeg } from './jpeg';
import { gradient } from './pixels';
import { encodePng } from './png';
import { encodeWebp } from './webp';

export type ImageFormat = 'png' | 'jpeg' | 'webp';

export interface MakeImageOptions {
	width: number;
	height: number;
	/** Changes the colours (and so the bytes); default 0. */
	seed?: number;
	/** PNG: RGBA instead of RGB; WebP: a real alpha channel. Ignored for JPEG. Default false. */
	alpha?: boolean;
}

export const MIME_BY_FORMAT: Record<ImageFormat, string> = {
	png: 'image/png',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
};

export const EXT_BY_FORMAT: Record<ImageFormat, string> = { png: 'png', jpeg: 'jpg', webp: 'webp' };

export function makeImage(format: ImageFormat, opts: MakeImageOptions): Buffer {
	const alpha = opts.alpha === true;
	const px = gradient(opts.width, opts.height, opts.seed ?? 0, alpha && format !== 'jpeg');
	switch (format) {
		case 'png':
			return encodePng(px, alpha);
		case 'jpeg':
			return encodeJpeg(px);
		case 'webp':
			return encodeWebp(px);
		default:
			throw new Error(`unsupported format ${String(format)}`);
	}
}

export function toDataUrl(buf: Buffer, mime: string): string {
	return `data:${mime};base64,${buf.toString('base64')}`;
}

export { sniffImage } from './sniff';
export { makeLargePng, MAX_LARGE_IMAGE_BYTES } from './large';
export type { SniffResult } from './sniff';
