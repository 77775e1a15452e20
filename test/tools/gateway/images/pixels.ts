// Deterministic test pixels: a diagonal gradient whose colours depend on a seed, so two
// images of the same size but different seeds differ in every encoder's output bytes.

export interface Pixels {
	width: number;
	height: number;
	/** RGBA, row-major, 4 bytes per pixel. */
	rgba: Uint8Array;
}

export function gradient(width: number, height: number, seed = 0, withAlpha = false): Pixels {
	if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
		throw new Error(`bad image size ${width}x${height}`);
	}
	if (width > 16384 || height > 16384) throw new Error('test images are capped at 16384 px a side');
	const rgba = new Uint8Array(width * height * 4);
	const s = Math.abs(Math.trunc(seed));
	const r0 = (s * 73) % 256;
	const g0 = (s * 151 + 40) % 256;
	const b0 = (s * 199 + 90) % 256;
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const i = (y * width + x) * 4;
			const fx = width > 1 ? x / (width - 1) : 0;
			const fy = height > 1 ? y / (height - 1) : 0;
			rgba[i] = (r0 + Math.round(fx * 180)) & 0xff;
			rgba[i + 1] = (g0 + Math.round(fy * 180)) & 0xff;
			rgba[i + 2] = (b0 + Math.round((fx + fy) * 90)) & 0xff;
			// Alpha fades towards the bottom-right corner when requested (exercises RGBA paths).
			rgba[i + 3] = withAlpha ? 255 - Math.round(((fx + fy) / 2) * 200) : 255;
		}
	}
	return { width, height, rgba };
}
