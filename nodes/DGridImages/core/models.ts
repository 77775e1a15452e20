/**
 * Model families, recognised by name: DGrid's catalogue uses bare ids (`dall-e-3`) and
 * `provider/model` ids (`openai/gpt-image-1`), and never tags image models reliably.
 */
const baseName = (model: string) => model.trim().toLowerCase().split('/').pop() ?? '';

export const isGptImage = (model: string) => baseName(model).startsWith('gpt-image');
export const isDallE2 = (model: string) => baseName(model) === 'dall-e-2';
export const isDallE3 = (model: string) => baseName(model) === 'dall-e-3';
export const isDallE = (model: string) => baseName(model).startsWith('dall-e');
export const isImagen = (model: string) => baseName(model).startsWith('imagen');

/** Families that accept `response_format` (gpt-image rejects it; imagen is b64 only). */
export const acceptsResponseFormat = (model: string) => !isGptImage(model) && !isImagen(model);

const IMAGE_MODEL_MARKERS = [
	'dall-e',
	'gpt-image',
	'imagen',
	'image',
	'wanx',
	'wan2',
	'qwen-image',
	'flux',
	'seedream',
	'midjourney',
	'stable-diffusion',
	'sdxl',
	'recraft',
	'ideogram',
];

export const isImageModel = (model: string) => {
	const name = model.toLowerCase();
	return IMAGE_MODEL_MARKERS.some((marker) => name.includes(marker));
};

/** Which models an operation lists first in the model picker. */
export type ModelFamily = 'openai' | 'qwen' | 'gemini';

const FAMILY_MARKERS: Record<ModelFamily, string[]> = {
	openai: ['dall-e', 'gpt-image', 'imagen', 'flux', 'seedream'],
	qwen: ['wanx', 'wan2', 'qwen-image', 'z-image'],
	gemini: ['gemini'],
};

export const belongsToFamily = (model: string, family: ModelFamily) =>
	FAMILY_MARKERS[family].some((marker) => model.toLowerCase().includes(marker));

/** The family a model id clearly belongs to, if any (ids like `flux-dev` or `my-model` belong to none). */
export function familyOf(model: string): ModelFamily | undefined {
	const families = Object.keys(FAMILY_MARKERS) as ModelFamily[];
	return families.find((family) => belongsToFamily(model, family));
}
