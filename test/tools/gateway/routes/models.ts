// GET /v1/models: the catalogue, in New API's list shape.
import { CATALOGUE, CREATED_AT } from '../models';
import { json, type Reply } from '../reply';

/** Takes no input: the list is the same for every key and request. */
export async function handleModels(): Promise<Reply> {
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
