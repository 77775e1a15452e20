import { isGeminiModel, isImagen } from '../core/models';
import type { Fail } from '../core/operationFail';

/**
 * Models DGrid's OpenAI image routes cannot serve, refused before anything is sent (or paid for):
 * - Gemini image models: the gateway refuses them on /v1/images/* (HTTP 500
 *   convert_request_failed); they draw through Gemini Generate Content and Chat.
 * - Imagen on Edit: the gateway sends Imagen the prompt alone, so the input images would be
 *   dropped and a brand-new image made and billed.
 */
export function refuseModelsOfOtherRoutes(model: string, operation: 'generate' | 'edit', fail: Fail): void {
	if (isGeminiModel(model)) {
		throw fail(
			`${model} makes no images through ${operation === 'edit' ? 'Edit' : 'Generate'}`,
			`DGrid's gateway refuses Gemini models on its OpenAI image routes. Use the operation Gemini Generate Content (or Chat) with ${model}; here, use an image model such as gpt-image-1.`,
		);
	}
	if (operation === 'edit' && isImagen(model)) {
		throw fail(
			`${model} cannot edit images through DGrid`,
			'DGrid\'s gateway sends Imagen the prompt alone: your input images would be dropped and a new image made. To edit, use Gemini Generate Content with a Gemini image model (e.g. gemini-2.5-flash-image) and input images, or gpt-image-1 here.',
		);
	}
}
