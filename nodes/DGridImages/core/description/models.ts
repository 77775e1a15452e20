/**
 * Model families, recognised by name: DGrid's catalogue uses bare ids (`dall-e-3`) and
 * `provider/model` ids (`openai/gpt-image-1`), and never tags image models reliably.
 */
/** A model id without its `provider/` prefix, lower case: how families and lists compare ids. */
export const baseName = (model: string) => model.trim().toLowerCase().split('/').pop() ?? '';

/** GPT Image: gpt-image-1, gpt-image-1-mini, gpt-image-1.5 and chatgpt-image-latest. */
export const isGptImage = (model: string) => /^(chat)?gpt-image/.test(baseName(model));
export const isDallE2 = (model: string) => baseName(model) === 'dall-e-2';
export const isDallE3 = (model: string) => baseName(model) === 'dall-e-3';
export const isDallE = (model: string) => baseName(model).startsWith('dall-e');
export const isImagen = (model: string) => baseName(model).startsWith('imagen');
/** Google's Gemini image models (not Imagen): only generateContent and chat draw with them. */
export const isGeminiModel = (model: string) => baseName(model).startsWith('gemini');
/** MiniMax image models: the one channel of DGrid's gateway that reads `aspect_ratio`. */
export const isMiniMaxImage = (model: string) => /^(minimax|image-01)/.test(baseName(model));

/** Qwen Image, Wan and Z-Image: served by the gateway's Alibaba (DashScope) channel. */
export const isAliModel = (model: string) => /^(qwen|wan|z-image)/.test(baseName(model));
/**
 * Alibaba models the gateway runs synchronously: it decides by these name parts (New API's
 * `isSyncImageModel`). Every other Alibaba image model is an asynchronous Wan task, which
 * reads its prompt from `input.prompt` instead of `input.messages`.
 */
export const isSyncAliModel = (model: string) =>
	/z-image|qwen-image|wan2\.6|wan2\.7/.test(baseName(model));
export const isAsyncWanModel = (model: string) => isAliModel(model) && !isSyncAliModel(model);
/** Wan models before 2.6: the gateway reads an edit's images for them from a multipart form only. */
export const isOldWanModel = (model: string) =>
	/wan/.test(baseName(model)) && !/wan2\.6|wan2\.7/.test(baseName(model));

/** Families that accept `response_format` (gpt-image rejects it; imagen is b64 only; Alibaba models always answer with URLs). */
export const acceptsResponseFormat = (model: string) =>
	!isGptImage(model) && !isImagen(model) && !isAliModel(model);

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

// What each family is called in messages, and the operation a model of it belongs in.
const FAMILY_NAMES: Record<ModelFamily, { models: string; operations: string }> = {
	openai: {
		models: 'an OpenAI-style image model (GPT Image, DALL·E, Imagen…)',
		operations: 'Generate or Edit',
	},
	qwen: { models: 'a Qwen Image or Wan model', operations: 'Qwen Generate or Qwen Edit' },
	gemini: { models: 'a Gemini model', operations: 'Gemini Generate Content or Chat' },
};

/**
 * Why a model cannot work with an operation, when its id clearly names another family (a
 * model kept from another operation, or typed by mistake); undefined when it may fit. Each
 * operation speaks one request dialect, and a foreign model fails at DGrid after a paid-for
 * round trip or, worse, answers with something else.
 */
export function modelMisfit(
	model: string,
	choice: ModelChoice,
): { problem: string; description: string } | undefined {
	const family = familyOf(model);
	if (family === undefined || family === choice.family || choice.alsoServes?.includes(family))
		return undefined;
	const names = FAMILY_NAMES[family];
	return {
		problem: `the model "${model}" is ${names.models}, which this operation cannot use`,
		description: `Pick a model such as ${choice.default} for this operation, or use ${names.operations} for ${model}.`,
	};
}

/**
 * An operation's model: its parameter, default and hint. Version 1 of the node had one `model`
 * parameter shared by every operation, so a model picked for Generate stayed when the user
 * switched to Gemini; from version 2 each operation has its own (saved version-1 workflows keep
 * reading `model`, with the defaults they were saved with).
 */
export interface ModelChoice {
	/** The version-2 parameter name; saved workflows depend on it. */
	parameter: string;
	default: string;
	/** What version 1 defaulted to, where it differs (its workflows saved no value for a default). */
	legacyDefault?: string;
	/** A sentence or two ending with a period: which models fit and what to expect. */
	hint: string;
	family: ModelFamily;
	/** Other families the operation's route serves too (DGrid's OpenAI image routes also take Qwen/Wan). */
	alsoServes?: ModelFamily[];
	/**
	 * The parameter from node version 3 on, where it differs: in version 2 Generate and Edit
	 * shared `model`, so a model picked for Generate that cannot edit (dall-e-3, Imagen) stayed
	 * when the user switched to Edit. Saved version-2 workflows keep reading `parameter`.
	 */
	version3Parameter?: string;
}
