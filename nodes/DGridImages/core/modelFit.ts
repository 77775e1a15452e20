import type { ModelFamily } from './models';
import { familyOf } from './models';
import type { ModelChoice } from './sharedProperties';

// What each family is called in messages, and the operation a model of it belongs in.
const FAMILY_NAMES: Record<ModelFamily, { models: string; operations: string }> = {
	openai: { models: 'an OpenAI-style image model (GPT Image, DALL·E, Imagen…)', operations: 'Generate or Edit' },
	qwen: { models: 'a Qwen Image or Wan model', operations: 'Qwen Generate or Qwen Edit' },
	gemini: { models: 'a Gemini model', operations: 'Gemini Generate Content or Chat' },
};

/**
 * Why a model cannot work with an operation, when its id clearly names another family (a
 * model kept from another operation, or typed by mistake); undefined when it may fit. Each
 * operation speaks one request dialect, and a foreign model fails at DGrid after a paid-for
 * round trip or, worse, answers with something else.
 */
export function modelMisfit(model: string, choice: ModelChoice): { problem: string; description: string } | undefined {
	const family = familyOf(model);
	if (family === undefined || family === choice.family || choice.alsoServes?.includes(family)) return undefined;
	const names = FAMILY_NAMES[family];
	return {
		problem: `the model "${model}" is ${names.models}, which this operation cannot use`,
		description: `Pick a model such as ${choice.default} for this operation, or use ${names.operations} for ${model}.`,
	};
}
