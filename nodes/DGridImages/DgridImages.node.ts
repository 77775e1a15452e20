import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { OPERATION_OPTIONS } from './core/operationNames';
import { route } from './core/router';
import { modelProperties } from './core/sharedProperties';
import { searchModels } from './methods/listSearch';
import { OPERATIONS } from './operations';

/** Each operation's own parameters, shown only while that operation is selected. */
function operationProperties(): INodeProperties[] {
	return Object.values(OPERATIONS).flatMap((operation) =>
		[...modelProperties(operation.model), ...operation.properties].map((property) => ({
			...property,
			displayOptions: {
				...property.displayOptions,
				show: { ...property.displayOptions?.show, operation: [operation.value] },
			},
		})),
	);
}

// n8n loads `<File>.node.js` and instantiates the export named like the file (DgridImages):
// the class name must match the file name or n8n fails with "… is not a constructor".
export class DgridImages implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DGrid Images',
		name: 'dgridImages',
		icon: { light: 'file:dgrid.svg', dark: 'file:dgrid.dark.svg' },
		group: ['transform'],
		// Version 2 gives each operation its own Model parameter (see core/sharedProperties.ts). New
		// nodes get the last version; no defaultVersion, since n8n then stops adding "Custom API Call".
		version: [1, 2],
		subtitle: '={{$parameter["operation"]}}',
		description: 'Generate and edit images with DGrid (OpenAI, Qwen/Wan and Gemini image models)',
		defaults: { name: 'DGrid Images' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dgridApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'generate',
				options: OPERATION_OPTIONS,
			},
			...operationProperties(),
		],
	};

	methods = { listSearch: { searchModels } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, OPERATIONS);
	}
}
