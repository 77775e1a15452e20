// Turns "the model made an image" into bytes: picks the pixel size, encodes, applies the
// truncatedBase64 fault, hosts URL results on the CDN and records every image served.
import type { RequestContext } from './context';
import { EXT_BY_FORMAT, MIME_BY_FORMAT, makeImage, makeLargePng, type ImageFormat } from './images';

export interface ImageSpec {
	format: ImageFormat;
	/** Nominal size the client asked for; scaled down to the gateway's maxImageSide. */
	width: number;
	height: number;
	alpha?: boolean;
}

export interface EmittedImage {
	format: ImageFormat;
	mime: string;
	width: number;
	height: number;
	/** Base64 (possibly truncated) when delivered inline. */
	b64?: string;
	/** CDN URL when delivered as a URL. */
	url?: string;
}

export function scaleDims(
	width: number,
	height: number,
	maxSide: number,
): { width: number; height: number } {
	const w = Math.max(1, Math.round(width));
	const h = Math.max(1, Math.round(height));
	const longest = Math.max(w, h);
	if (longest <= maxSide) return { width: w, height: h };
	const s = maxSide / longest;
	return { width: Math.max(1, Math.round(w * s)), height: Math.max(1, Math.round(h * s)) };
}

/** Cut a base64 string mid-way at a length that is not a multiple of 4 (undecodable tail). */
export function truncateBase64(b64: string): string {
	let n = Math.floor(b64.length / 2);
	if (n % 4 === 0) n = Math.max(1, n - 1);
	return b64.slice(0, n);
}

export function emitImage(
	ctx: RequestContext,
	requested: ImageSpec,
	deliver: 'b64' | 'url',
): EmittedImage {
	// `[dgrid:bytes=N]` / the imageBytes option: a large PNG whatever format was asked for.
	const largeBytes = ctx.directives.bytes ?? ctx.state.options.imageBytes;
	const large = largeBytes ? makeLargePng(largeBytes, ctx.state.nextSeed()) : undefined;
	const spec = large ? { ...requested, format: 'png' as const } : requested;
	const { width, height } =
		large ?? scaleDims(spec.width, spec.height, ctx.state.options.maxImageSide);
	let bytes =
		large?.bytes ??
		makeImage(spec.format, { width, height, seed: ctx.state.nextSeed(), alpha: spec.alpha });
	const mime = MIME_BY_FORMAT[spec.format];
	const out: EmittedImage = { format: spec.format, mime, width, height };
	if (deliver === 'b64') {
		let b64 = bytes.toString('base64');
		if (ctx.truncate) {
			b64 = truncateBase64(b64);
			bytes = Buffer.from(b64, 'base64');
		}
		out.b64 = b64;
	} else {
		if (ctx.truncate) bytes = bytes.subarray(0, Math.floor(bytes.length / 2));
		out.url = ctx.state.storeFile(bytes, EXT_BY_FORMAT[spec.format], mime);
	}
	ctx.state.produced.push({
		format: spec.format,
		bytes,
		url: out.url,
		route: ctx.route,
		width,
		height,
		...(ctx.truncate ? { truncated: true } : {}),
	});
	return out;
}
