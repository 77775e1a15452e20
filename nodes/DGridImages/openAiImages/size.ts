import type { INodePropertyOptions } from 'n8n-workflow';

import {
	isDallE2,
	isDallE3,
	isGptImage,
	isImagen,
	isMiniMaxImage,
} from '../core/description/models';
import type { Fail } from '../core/request/itemErrors';

/**
 * Size and aspect ratio of the OpenAI-shaped image routes. The two options meet in one
 * `size` value on the wire, so they are resolved together here, once, for both operations.
 */

export type SizeFamily = 'gptImage' | 'dallE3' | 'dallE2';

/** The sizes each family documents; the order is how the picker lists them. */
export const SIZE_PRESETS: Record<SizeFamily, string[]> = {
	gptImage: ['auto', '1024x1024', '1536x1024', '1024x1536'],
	dallE3: ['1024x1024', '1792x1024', '1024x1792'],
	dallE2: ['1024x1024', '512x512', '256x256'],
};

const FAMILY_LABELS: Record<SizeFamily, string> = {
	gptImage: 'GPT Image',
	dallE3: 'DALL·E 3',
	dallE2: 'DALL·E 2',
};

export const CUSTOM_SIZE = 'custom';

export const ASPECT_RATIOS = [
	'1:1',
	'2:3',
	'3:2',
	'3:4',
	'4:3',
	'4:5',
	'5:4',
	'9:16',
	'16:9',
	'21:9',
];

const parseWxH = (size: string) => {
	const match = /^(\d{1,5})x(\d{1,5})$/.exec(size);
	return match ? { width: Number(match[1]), height: Number(match[2]) } : undefined;
};

const parseRatio = (ratio: string) => {
	const match = /^(\d{1,3}):(\d{1,3})$/.exec(ratio.trim());
	if (!match || Number(match[1]) === 0 || Number(match[2]) === 0) return undefined;
	return Number(match[1]) / Number(match[2]);
};

function shapeOf(size: string): string {
	const parsed = parseWxH(size);
	if (!parsed) return '';
	if (parsed.width === parsed.height) return 'Square';
	return parsed.width > parsed.height ? 'Landscape' : 'Portrait';
}

/** Picker entries for the families an operation serves, each size once, labelled by family. */
export function sizeOptions(families: SizeFamily[]): INodePropertyOptions[] {
	const sizes: string[] = [];
	for (const family of families) {
		for (const size of SIZE_PRESETS[family]) if (!sizes.includes(size)) sizes.push(size);
	}
	const options = sizes.map((size) => {
		const users = families.filter((family) => SIZE_PRESETS[family].includes(size));
		const who =
			users.length === families.length
				? 'all models'
				: users.map((f) => FAMILY_LABELS[f]).join(', ');
		const name = size === 'auto' ? `Auto (${who})` : `${size} (${shapeOf(size)}, ${who})`;
		return { name, value: size };
	});
	options.push({ name: 'Custom (Set Custom Size)', value: CUSTOM_SIZE });
	return options;
}

/** The family whose sizes a model takes, or undefined for models without a fixed list. */
export function sizeFamilyOf(model: string): SizeFamily | undefined {
	if (isGptImage(model)) return 'gptImage';
	if (isDallE3(model)) return 'dallE3';
	if (isDallE2(model)) return 'dallE2';
	return undefined;
}

/** The aspect ratios Imagen makes; the gateway hands them on only as `size: "W:H"`. */
export const IMAGEN_RATIOS = ['1:1', '3:4', '4:3', '9:16', '16:9'];

/**
 * A size for an aspect ratio, for models whose DGrid channel passes no `aspect_ratio` on
 * (Flux, Seedream, Qwen/Wan, unknown models): about one megapixel, both sides multiples of
 * 64 — sizes these models generally take.
 */
const RATIO_SIZES: Record<string, string> = {
	'1:1': '1024x1024',
	'2:3': '832x1216',
	'3:2': '1216x832',
	'3:4': '896x1152',
	'4:3': '1152x896',
	'4:5': '896x1088',
	'5:4': '1088x896',
	'9:16': '768x1344',
	'16:9': '1344x768',
	'21:9': '1536x640',
};

/** Qwen Image takes five sizes only (DashScope's list); the gateway turns `x` into `*`. */
const QWEN_IMAGE_RATIO_SIZES: Record<string, string> = {
	'1:1': '1328x1328',
	'4:3': '1472x1140',
	'3:4': '1140x1472',
	'16:9': '1664x928',
	'9:16': '928x1664',
};

function sizeForRatio(ratioText: string, ratio: number, model: string): string {
	const table = /qwen-image/i.test(model) ? QWEN_IMAGE_RATIO_SIZES : {};
	const listed = table[ratioText] ?? RATIO_SIZES[ratioText];
	if (listed) return listed;
	// Any other ratio: one megapixel in that shape, sides rounded to multiples of 64.
	const side = (value: number) => Math.max(64, Math.round(value / 64) * 64);
	return `${side(1024 * Math.sqrt(ratio))}x${side(1024 / Math.sqrt(ratio))}`;
}

/** The Imagen ratio a WIDTHxHEIGHT size stands for, when it is close to one (within 3 %). */
function imagenRatioOfSize(size: string): string | undefined {
	const parsed = parseWxH(size);
	if (!parsed) return undefined;
	const shape = Math.log(parsed.width / parsed.height);
	return IMAGEN_RATIOS.find((ratio) => Math.abs(shape - Math.log(parseRatio(ratio) ?? 1)) < 0.03);
}

/**
 * Imagen through DGrid reads its shape from `size` only: a literal "W:H" is its aspect ratio,
 * a few fixed sizes map to one, and anything else silently becomes 1:1. So the node always
 * sends "W:H", and only the five ratios Imagen makes.
 */
function resolveImagenSize(
	ratioText: string | undefined,
	size: string | undefined,
	model: string,
	fail: Fail,
): ResolvedSize {
	const accepted = IMAGEN_RATIOS.join(', ');
	if (ratioText) {
		if (!IMAGEN_RATIOS.includes(ratioText)) {
			throw fail(
				`Imagen makes no ${ratioText} images`,
				`${model} takes the aspect ratios ${accepted}.`,
			);
		}
		return { size: ratioText };
	}
	if (!size || size === 'auto') return {};
	const ratio = imagenRatioOfSize(size);
	if (!ratio) {
		throw fail(
			`size ${size} is not available for ${model}`,
			`Imagen takes an aspect ratio, not a size: set Aspect Ratio to one of ${accepted} (Quality High or HD makes 2K images).`,
		);
	}
	return {
		size: ratio,
		note: `Size ${size} sent as aspect ratio ${ratio}: Imagen takes an aspect ratio, not a size.`,
	};
}

/** The preset of `family` whose shape is closest to `ratio` (compared on a log scale). */
export function nearestPreset(family: SizeFamily, ratio: number): string {
	let best = SIZE_PRESETS[family][0];
	let bestDistance = Infinity;
	for (const size of SIZE_PRESETS[family]) {
		const parsed = parseWxH(size);
		if (!parsed) continue;
		const distance = Math.abs(Math.log(parsed.width / parsed.height) - Math.log(ratio));
		if (distance < bestDistance - 1e-9) {
			best = size;
			bestDistance = distance;
		}
	}
	return best;
}

export interface SizeChoice {
	/** The option values as the user set them. */
	size?: string;
	customSize?: string;
	aspectRatio?: string;
}

export interface ResolvedSize {
	/** What goes into `size`, if anything. */
	size?: string;
	/** What goes into `aspect_ratio`, for models that read it. */
	aspectRatio?: string;
	/** Said in the output json when the aspect ratio was turned into a size. */
	note?: string;
}

function chosenSize(choice: SizeChoice, fail: Fail): string | undefined {
	const size = choice.size?.trim() || undefined;
	if (size !== CUSTOM_SIZE) return size;
	const custom = (choice.customSize ?? '')
		.trim()
		.toLowerCase()
		.replace(/\s+/g, '')
		.replace('×', 'x');
	if (!parseWxH(custom)) {
		throw fail(
			`the custom size "${choice.customSize ?? ''}" is not WIDTHxHEIGHT`,
			'Set "Custom Size" to a size like 1344x768, or pick one of the listed sizes.',
		);
	}
	return custom;
}

/** A preset meant for another family is an error; custom sizes pass for the model to judge. */
function checkPreset(size: string, choice: SizeChoice, model: string, fail: Fail) {
	const family = sizeFamilyOf(model);
	if (!family || choice.size === CUSTOM_SIZE || SIZE_PRESETS[family].includes(size)) return;
	const allPresets = Object.values(SIZE_PRESETS).flat();
	if (family === 'gptImage' && !allPresets.includes(size)) return;
	throw fail(
		`size ${size} is not available for ${model}`,
		`${FAMILY_LABELS[family]} models take: ${SIZE_PRESETS[family].join(', ')}.`,
	);
}

/**
 * Size and aspect ratio → the wire values, per model family. The aspect ratio takes
 * precedence over the size (as DGrid documents). DGrid's gateway drops `aspect_ratio` for every
 * channel but MiniMax's, so it is never sent as such to the others:
 * - GPT Image / DALL·E 3: the closest supported size (they take no aspect ratio);
 * - DALL·E 2: square only, so only 1:1 is accepted;
 * - Imagen: `size: "W:H"`, one of the five ratios it makes (a size is turned into its ratio);
 * - MiniMax: sent as `aspect_ratio` beside the chosen size;
 * - any other model: a size of that shape (about one megapixel), said in the output's sizeNote.
 */
export function resolveSize(choice: SizeChoice, model: string, fail: Fail): ResolvedSize {
	const size = chosenSize(choice, fail);
	const ratioText = choice.aspectRatio?.trim() || undefined;
	const ratio = ratioText === undefined ? undefined : parseRatio(ratioText);
	if (ratioText !== undefined && ratio === undefined) {
		throw fail(`the aspect ratio "${ratioText}" is not WIDTH:HEIGHT`, 'Use a ratio like 16:9.');
	}
	if (isImagen(model)) return resolveImagenSize(ratioText, size, model, fail);
	if (ratioText === undefined || ratio === undefined) {
		if (size) checkPreset(size, choice, model, fail);
		return { size };
	}
	const family = sizeFamilyOf(model);
	if (family === 'dallE2') {
		if (Math.abs(ratio - 1) > 1e-9) {
			throw fail(
				`DALL·E 2 only makes square images, aspect ratio ${ratioText} is not possible`,
				'Use aspect ratio 1:1, or a model such as gpt-image-1 or dall-e-3 for other shapes.',
			);
		}
		if (size) checkPreset(size, choice, model, fail);
		return { size: size ?? '1024x1024' };
	}
	if (family) {
		const preset = nearestPreset(family, ratio);
		return {
			size: preset,
			note: `Aspect ratio ${ratioText} sent as size ${preset}, the closest size ${model} supports.`,
		};
	}
	if (isMiniMaxImage(model)) return { size, aspectRatio: ratioText };
	const ratioSize = sizeForRatio(ratioText, ratio, model);
	return {
		size: ratioSize,
		note: `Aspect ratio ${ratioText} sent as size ${ratioSize}: DGrid's gateway passes no aspect ratio on to ${model}.`,
	};
}
