// GET /v1/models: the catalogue, in New API's list shape.
import type { RequestContext } from '../context';
import { CATALOGUE, CREATED_AT } from '../models';
import { json, type Reply } from '../reply';

export async function handleModels(_ctx: RequestContext): Promise<Reply> {
	return json({
		object: 'list',
		success: true,
		data: CATALOGUE.map((m, i) => ({
			id: m.id,
			object: 'model',
			created: CREATED_AT + i * 86400,
			owned_by: m.owned_by,
			supported_endpoint_types: m.supported_endpoint_types,
		})),
	});
}
