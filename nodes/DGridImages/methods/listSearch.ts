import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CHAT_IMAGE_MODELS } from '../chat/imageModels';
import type { ModelFamily } from '../core/description/models';
import { baseName, belongsToFamily, isImageModel } from '../core/description/models';
import { operationDisplayName } from '../core/description/operationNames';
import { quoteText } from '../shared/text';
import { DEFAULT_REQUEST_SETTINGS, callDGrid } from '../transport/request';

interface ModelEntry {
	id?: unknown;
}

interface OperationModels {
	family: ModelFamily;
	/** Shown beside the ids that fit, so the list says which ones to pick. */
	label: string;
	/**
	 * Ids that fit best, when the gateway is picky about exact names (first in the list): Chat
	 * gets images only from the exact ids of chat/imageModels.ts.
	 */
	preferred?: string[];
}

/** "fits Qwen Generate": the operation named as the picker names it. */
const fitsLabel = (operation: string) => `fits ${operationDisplayName(operation)}`;

const MODELS_OF_OPERATION: Record<string, OperationModels> = {
	generate: { family: 'openai', label: fitsLabel('generate') },
	edit: { family: 'openai', label: fitsLabel('edit') },
	qwenGenerate: { family: 'qwen', label: fitsLabel('qwenGenerate') },
	qwenEdit: { family: 'qwen', label: fitsLabel('qwenEdit') },
	geminiGenerateContent: { family: 'gemini', label: fitsLabel('geminiGenerateContent') },
	chat: { family: 'gemini', label: 'returns images in Chat', preferred: CHAT_IMAGE_MODELS },
};

/** The ids of `GET /v1/models`, or the gateway's own reason when it answered `{success:false, message}`. */
function readModelIds(this: ILoadOptionsFunctions, body: unknown): string[] {
	const answer = (body ?? {}) as { data?: unknown; success?: unknown; message?: unknown };
	if (answer.success === false || !Array.isArray(answer.data)) {
		const reason =
			typeof answer.message === 'string' && answer.message.trim() !== ''
				? answer.message.trim()
				: undefined;
		throw new NodeOperationError(
			this.getNode(),
			reason
				? `DGrid could not list the models: ${quoteText(reason)}`
				: 'DGrid answered the model list without a list of models',
			{
				description:
					'Type the model ID instead (switch the Model field to "ID"), or check the key\'s group and models in DGrid.',
			},
		);
	}
	return (answer.data as ModelEntry[])
		.map((model) => (typeof model?.id === 'string' ? model.id : ''))
		.filter((id) => id !== '');
}

/**
 * The model picker: DGrid's `GET /v1/models`, image models only (recognised by name, the
 * catalogue does not tag them), those fitting the chosen operation first and marked. A filter
 * also finds non-image models, since any id may be typed anyway.
 */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const response = await callDGrid.call(
		this,
		{ method: 'GET', path: '/v1/models' },
		{
			itemIndex: 0,
			operationName: 'Loading the model list',
			settings: { ...DEFAULT_REQUEST_SETTINGS, timeoutMs: 30_000 },
		},
	);
	const ids = readModelIds.call(this, response.body);
	const operation = MODELS_OF_OPERATION[this.getNodeParameter('operation', 'generate') as string];
	const needle = filter?.trim().toLowerCase() ?? '';
	const matches = (id: string) => needle === '' || id.toLowerCase().includes(needle);
	const preferred = (id: string) => operation?.preferred?.includes(baseName(id)) ?? false;
	const fits = (id: string) =>
		operation !== undefined &&
		belongsToFamily(id, operation.family) &&
		(operation.preferred === undefined || preferred(id));
	const rank = (id: string) => (fits(id) ? 0 : 2) + (isImageModel(id) ? 0 : 1);
	const results: INodeListSearchItems[] = [...new Set(ids)]
		.filter((id) => matches(id) && (needle !== '' || isImageModel(id)))
		.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
		.map((id) =>
			fits(id) ? { name: `${id} (${operation!.label})`, value: id } : { name: id, value: id },
		);
	return { results };
}
