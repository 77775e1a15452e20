import { baseName } from '../core/description/models';

/**
 * The model ids DGrid's gateway asks for images on its chat route. It decides by the exact id
 * (New API's list of Gemini "imagine" models); every other model answers chat with text only,
 * whatever the request says.
 */
export const CHAT_IMAGE_MODELS = [
	'gemini-2.5-flash-image',
	'gemini-3-pro-image-preview',
	'gemini-3-pro-image',
	'gemini-3.1-flash-image-preview',
	'gemini-3.1-flash-image',
	'gemini-2.0-flash-exp-image-generation',
	'gemini-2.0-flash-exp',
];

/** Whether the gateway asks `model` for images in chat (a `provider/` prefix aside). */
export const drawsInChat = (model: string) => CHAT_IMAGE_MODELS.includes(baseName(model));

/** Why a chat answer without an image is no surprise for this model, and what to use instead. */
export function textOnlyModelAdvice(model: string): { problem: string; description: string } {
	return {
		problem: `${model} answers Chat with text only, never an image`,
		description: `DGrid asks for images in Chat only for these exact model ids: ${CHAT_IMAGE_MODELS.join(', ')}. Pick one of them, or use the Gemini Generate Content operation, which asks any Gemini image model for images.`,
	};
}
