import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { ModelFamily } from '../core/models';
import { belongsToFamily, isImageModel } from '../core/models';
import { DEFAULT_REQUEST_SETTINGS, callDGrid } from '../transport/request';

interface ModelEntry {
	id?: unknown;
	owned_by?: unknown;
}

const FAMILY_OF_OPERATION: Record<string, ModelFamily> = {
	generate: 'openai',
	edit: 'openai',
	qwenGenerate: 'qwen',
	qwenEdit: 'qwen',
	geminiGenerateContent: 'gemini',
	chat: 'gemini',
};

/**
 * The model picker: DGrid's `GET /v1/models`, image models only (recognised by name, the
 * catalogue does not tag them), those fitting the chosen operation first. A filter also
 * finds non-image models, since any id may be typed anyway.
 */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const response = await callDGrid.call(
		this,
		{ method: 'GET', path: '/v1/models' },
		{ itemIndex: 0, operationName: 'Loading the model list', settings: { ...DEFAULT_REQUEST_SETTINGS, timeoutMs: 30_000 } },
	);
	const list = (response.body as { data?: unknown } | null)?.data;
	const ids = (Array.isArray(list) ? (list as ModelEntry[]) : [])
		.map((model) => (typeof model.id === 'string' ? model.id : ''))
		.filter((id) => id !== '');
	const operation = this.getNodeParameter('operation', 'generate') as string;
	const family = FAMILY_OF_OPERATION[operation];
	const needle = filter?.trim().toLowerCase() ?? '';
	const matches = (id: string) => needle === '' || id.toLowerCase().includes(needle);
	const rank = (id: string) =>
		(isImageModel(id) ? 0 : 2) + (family && belongsToFamily(id, family) ? 0 : 1);
	const results = [...new Set(ids)]
		.filter((id) => matches(id) && (needle !== '' || isImageModel(id)))
		.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
		.map((id) => ({ name: id, value: id }));
	return { results };
}
