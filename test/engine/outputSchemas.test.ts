/**
 * n8n's per-operation output schema files (nodes/DGridImages/__schema__/v<version>.0.0/<operation>.json)
 * must describe what the operations really output: each operation runs through n8n-core's real
 * engine against the test gateway in a few typical set-ups, and the schema derived from the
 * output items must equal the committed file. When an output changes on purpose, regenerate:
 *   UPDATE_OUTPUT_SCHEMAS=1 npx jest test/engine/outputSchemas.test.ts
 */
import fs from 'node:fs';

import type { IDataObject } from 'n8n-workflow';

import { OPERATIONS } from '../../nodes/DGridImages/operations';
import { makeImage } from '../tools/gateway';
import type { InputItem } from '../tools/harness';
import { deriveSchema, readSchemas, SCHEMA_DIRS, writeSchema } from './outputSchema';
import { modelId, runNode, useGateway } from './support';

const gateway = useGateway();

const photo: InputItem[] = [
	{
		json: {},
		binary: {
			data: {
				data: makeImage('png', { width: 16, height: 16, seed: 7 }),
				mimeType: 'image/png',
				fileName: 'photo.png',
			},
		},
	},
];

interface Setup {
	model?: string;
	parameters?: IDataObject;
	input?: InputItem[];
}

/** Typical set-ups per operation: the defaults, plus the models and options that add output fields. */
const SETUPS: Record<string, Setup[]> = {
	generate: [{}, { model: 'dall-e-3' }, { model: 'flux-pro' }],
	edit: [{ input: photo }, { model: 'dall-e-2', input: photo }],
	qwenGenerate: [{}, { model: 'qwen-image' }],
	qwenEdit: [{ input: photo }],
	geminiGenerateContent: [{}, { parameters: { responseModalities: 'TEXT_IMAGE' } }],
	chat: [{}, { parameters: { options: { stream: true } } }],
};

async function outputsOf(operation: string): Promise<Array<Record<string, unknown>>> {
	const items: Array<Record<string, unknown>> = [];
	for (const { model, parameters, input } of SETUPS[operation]) {
		const result = await runNode(
			gateway,
			{
				operation,
				prompt: 'A red fox in fresh snow, watercolor',
				// `model` is moved to the operation's own Model parameter by runNode.
				...(model ? { model: modelId(model) } : {}),
				...parameters,
			},
			{ input },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.length).toBeGreaterThan(0);
		items.push(...result.items.map((item) => item.json));
	}
	return items;
}

test('every operation has a set-up list and a schema file, and there are no other schema files', () => {
	const operations = Object.keys(OPERATIONS).sort();
	expect(Object.keys(SETUPS).sort()).toEqual(operations);
	for (const dir of SCHEMA_DIRS) {
		const files = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
		expect(files).toEqual(operations.map((operation) => `${operation}.json`).sort());
	}
});

describe.each(Object.keys(SETUPS))('%s', (operation) => {
	test('its schema file describes exactly what it outputs', async () => {
		const derived = deriveSchema(await outputsOf(operation));
		if (process.env.UPDATE_OUTPUT_SCHEMAS) writeSchema(operation, derived);
		expect(readSchemas(operation)).toEqual(SCHEMA_DIRS.map(() => derived));
	});
});
