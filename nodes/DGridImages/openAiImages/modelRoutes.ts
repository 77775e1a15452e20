import { isImagen } from '../core/description/models';
import type { Fail } from '../core/request/itemErrors';

/**
 * Models DGrid's OpenAI image routes cannot serve, refused before anything is sent (or paid for).
 * (Gemini image models, which the gateway refuses on /v1/images/* with a 500
 * convert_request_failed, are refused for every operation of another family by the router:
 * modelMisfit in core/description/models.ts.)
 * - Imagen on Edit: the gateway sends Imagen the prompt alone, so the input images would be
 *   dropped and a brand-new image made and billed.
 */
export function refuseModelsOfOtherRoutes(
	model: string,
	operation: 'generate' | 'edit',
	fail: Fail,
): void {
	if (operation === 'edit' && isImagen(model)) {
		throw fail(
			`${model} cannot edit images through DGrid`,
			"DGrid's gateway sends Imagen the prompt alone: your input images would be dropped and a new image made. To edit, use Gemini Generate Content with a Gemini image model (e.g. gemini-2.5-flash-image) and input images, or gpt-image-1 here.",
		);
	}
}
