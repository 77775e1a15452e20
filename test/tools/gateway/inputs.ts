// Input images arrive as multipart files, data URLs or http(s) URLs. The gateway checks
// data it can see (real image bytes?) and accepts external URLs it cannot fetch (there is
// no network here), except URLs of its own CDN, which it reads.
import { sniffImage, type SniffResult } from './images';
import type { GatewayState } from './state';

export interface InputImage {
	bytes?: Buffer;
	info?: SniffResult;
}

export type ResolvedInput = { ok: true; image: InputImage } | { ok: false; reason: string };

const DATA_URL = /^data:([^;,]*)(;[^,]*)?,(.*)$/s;

export function decodeDataUrl(url: string): { mime: string; bytes: Buffer } | undefined {
	const m = DATA_URL.exec(url);
	if (!m || !(m[2] ?? '').includes('base64')) return undefined;
	const b64 = m[3].replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return undefined;
	return { mime: m[1], bytes: Buffer.from(b64, 'base64') };
}

export function isValidBase64(s: string): boolean {
	const t = s.replace(/\s+/g, '');
	return t.length > 0 && /^[A-Za-z0-9+/_-]*={0,2}$/.test(t);
}

export function resolveImageUrl(state: GatewayState, url: string): ResolvedInput {
	if (url.startsWith('data:')) {
		const decoded = decodeDataUrl(url);
		if (!decoded) return { ok: false, reason: 'Invalid base64 image data URL' };
		const info = sniffImage(decoded.bytes);
		if (!info)
			return {
				ok: false,
				reason: 'The data URL does not contain a supported image (png, jpeg, webp, gif)',
			};
		return { ok: true, image: { bytes: decoded.bytes, info } };
	}
	if (/^https?:\/\/[^\s/]+/i.test(url)) {
		const stored = state.lookupCdnUrl(url);
		if (!stored) return { ok: true, image: {} };
		const info = sniffImage(stored.bytes);
		if (!info) return { ok: false, reason: 'The image URL does not point to a supported image' };
		return { ok: true, image: { bytes: stored.bytes, info } };
	}
	return { ok: false, reason: 'Invalid image URL: expected an https URL or a base64 data URL' };
}

export function checkBytes(bytes: Buffer): InputImage | undefined {
	const info = sniffImage(bytes);
	return info ? { bytes, info } : undefined;
}
