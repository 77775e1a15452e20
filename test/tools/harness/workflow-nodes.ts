/**
 * The two nodes every harness workflow has around the node under test:
 *  - a Manual Trigger (registered under n8n's own type name `n8n-nodes-base.manualTrigger`, so
 *    the engine treats it as the start node exactly like the editor's "Execute workflow");
 *  - an "input" node that turns the test's items into real n8n items. Binaries go through
 *    `this.helpers.prepareBinaryData`, so in filesystem mode they are stored as files by the
 *    real BinaryDataService, just like a Read File / HTTP Request node upstream would do.
 * Both are test doubles written for this repo (not n8n's code).
 */
import './env';

import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
export const INPUT_NODE_TYPE = 'n8n-nodes-dgrid-harness.input';

export class ManualTrigger implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow when the test runs it',
		defaults: { name: 'When clicking "Execute workflow"' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		// In manual mode n8n-core installs `emit` only after trigger() returns, so emit from the
		// manualTriggerFunction it calls next (as n8n's own Manual Trigger does).
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

export interface InputItem {
	json?: IDataObject;
	binary?: Record<string, { data: Buffer; mimeType?: string; fileName?: string }>;
}

/** A fresh node type per run: the items (with their Buffers) live in the closure, not in parameters. */
export function createInputNode(items: InputItem[]): INodeType {
	return {
		description: {
			displayName: 'Test Input',
			name: 'input',
			group: ['transform'],
			version: 1,
			description: 'Emits the items a test gave to runWorkflow()',
			defaults: { name: 'Test Input' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const out: INodeExecutionData[] = [];
			for (const item of items) {
				const produced: INodeExecutionData = {
					json: { ...(item.json ?? {}) },
					pairedItem: { item: 0 },
				};
				if (item.binary) {
					produced.binary = {};
					for (const [field, file] of Object.entries(item.binary)) {
						produced.binary[field] = await this.helpers.prepareBinaryData(
							file.data,
							file.fileName,
							file.mimeType,
						);
					}
				}
				out.push(produced);
			}
			return [out];
		},
	};
}
