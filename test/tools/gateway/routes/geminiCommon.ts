// Bits shared by the two Gemini-backed routes (generateContent and chat).
import type { RequestContext } from '../context';

/** Nominal pixel size for an aspect ratio, 1024 on the long side (scaled down on output). */
export function aspectDims(ratio: string | undefined): { width: number; height: number } {
	const [a, b] = (ratio ?? '1:1').split(':').map(Number);
	if (!(a > 0 && b > 0)) return { width: 1024, height: 1024 };
	return a >= b
		? { width: 1024, height: Math.round((1024 * b) / a) }
		: { width: Math.round((1024 * a) / b), height: 1024 };
}

/** `[dgrid:mislabel]`: declare a MIME type the bytes are not (real Gemini does this sometimes). */
export function declaredMime(ctx: RequestContext, actual: string): string {
	if (!ctx.directives.mislabel) return actual;
	return actual === 'image/png' ? 'image/jpeg' : 'image/png';
}
