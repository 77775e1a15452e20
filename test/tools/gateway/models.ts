// The model catalogue GET /v1/models returns, and name-based model families the routes
// use to pick behaviour (the real catalogue does not tag image models reliably either).

export interface CatalogueModel {
	id: string;
	owned_by: string;
	supported_endpoint_types: string[];
}

export const CATALOGUE: CatalogueModel[] = [
	{ id: 'dall-e-2', owned_by: 'openai', supported_endpoint_types: ['image-generation'] },
	{ id: 'dall-e-3', owned_by: 'openai', supported_endpoint_types: ['image-generation'] },
	{ id: 'gpt-image-1', owned_by: 'openai', supported_endpoint_types: ['image-generation'] },
	{ id: 'gpt-image-1-mini', owned_by: 'openai', supported_endpoint_types: ['image-generation'] },
	{ id: 'chatgpt-image-latest', owned_by: 'openai', supported_endpoint_types: ['openai'] },
	{ id: 'openai/gpt-4o', owned_by: 'openai', supported_endpoint_types: ['openai'] },
	{
		id: 'imagen-4.0-generate-001',
		owned_by: 'vertex-ai',
		supported_endpoint_types: ['image-generation'],
	},
	{ id: 'wanx-v1', owned_by: 'ali', supported_endpoint_types: ['image-generation'] },
	{ id: 'wanx2.1-t2i-turbo', owned_by: 'ali', supported_endpoint_types: ['image-generation'] },
	{ id: 'wan2.6-t2i', owned_by: 'ali', supported_endpoint_types: ['image-generation'] },
	{ id: 'wanx2.1-imageedit', owned_by: 'ali', supported_endpoint_types: ['image-generation'] },
	{ id: 'qwen-image', owned_by: 'ali', supported_endpoint_types: ['image-generation'] },
	{ id: 'qwen-image-plus', owned_by: 'ali', supported_endpoint_types: ['image-generation'] },
	{ id: 'qwen-image-edit', owned_by: 'ali', supported_endpoint_types: ['image-generation'] },
	{ id: 'qwen-image-edit-plus', owned_by: 'ali', supported_endpoint_types: ['image-generation'] },
	{
		id: 'gemini-2.5-flash-image',
		owned_by: 'google',
		supported_endpoint_types: ['gemini', 'openai'],
	},
	{
		id: 'gemini-3-pro-image-preview',
		owned_by: 'google',
		supported_endpoint_types: ['gemini', 'openai'],
	},
	{ id: 'gemini-2.5-flash', owned_by: 'google', supported_endpoint_types: ['gemini', 'openai'] },
	{
		id: 'claude-sonnet-4',
		owned_by: 'anthropic',
		supported_endpoint_types: ['anthropic', 'openai'],
	},
	{ id: 'flux-pro', owned_by: 'black-forest-labs', supported_endpoint_types: ['image-generation'] },
	{ id: 'seedream-4', owned_by: 'bytedance', supported_endpoint_types: ['image-generation'] },
	{ id: 'image-01', owned_by: 'minimax', supported_endpoint_types: ['image-generation'] },
];

/** Bare id: `openai/dall-e-3` → `dall-e-3`. */
export function baseId(model: string): string {
	const parts = model.split('/');
	return parts[parts.length - 1].toLowerCase();
}

export const isGptImage = (m: string) => /^(chat)?gpt-image/.test(baseId(m));
export const isDalle2 = (m: string) => baseId(m) === 'dall-e-2';
export const isDalle3 = (m: string) => baseId(m) === 'dall-e-3';
export const isImagen = (m: string) => baseId(m).startsWith('imagen');
/** Non-imagen Google models: New API's Gemini channel refuses them on /v1/images/*. */
export const isGeminiChannelModel = (m: string) => baseId(m).startsWith('gemini');
/** MiniMax image models: the one channel that reads `aspect_ratio` (relay/channel/minimax/image.go). */
export const isMiniMax = (m: string) => /^(minimax|image-01)/.test(baseId(m));
/** Models served by New API's Ali channel (DashScope). */
export const isAliModel = (m: string) => /^(qwen|wan|z-image)/.test(baseId(m));
/**
 * New API's `isSyncImageModel`: names containing one of these run synchronously on DashScope's
 * multimodal-generation API (setting/model_setting/qwen.go); every other Ali image model is an
 * asynchronous text2image task the gateway polls.
 */
export const isSyncAliModel = (m: string) => /z-image|qwen-image|wan2\.6|wan2\.7/.test(baseId(m));
export const isAsyncAliModel = (m: string) => isAliModel(m) && !isSyncAliModel(m);
/** New API's `isOldWanModel`: its edits are read from a multipart form only (ali/image_wan.go). */
export const isOldWanModel = (m: string) =>
	baseId(m).includes('wan') && !/wan2\.6|wan2\.7/.test(baseId(m));
/**
 * New API asks Gemini for images on the chat route only for these exact ids (its
 * SupportedImagineModels, setting/model_setting/gemini.go); every other model answers with text.
 */
const CHAT_IMAGINE_MODELS = new Set([
	'gemini-2.0-flash-exp',
	'gemini-2.0-flash-exp-image-generation',
	'gemini-2.5-flash-image',
	'gemini-3-pro-image',
	'gemini-3-pro-image-preview',
	'gemini-3.1-flash-image',
	'gemini-3.1-flash-image-preview',
]);
export const drawsInChat = (m: string) => CHAT_IMAGINE_MODELS.has(baseId(m));
/** Gemini models that can answer with images on the native generateContent route (by name). */
export const isImageCapableChatModel = (m: string) => /image/.test(baseId(m));
/** Models that only ever return base64 on /v1/images/*. */
export const isB64OnlyImageModel = (m: string) => isGptImage(m) || isImagen(m);

export const CREATED_AT = 1735689600; // 2025-01-01, stable so tests can compare
