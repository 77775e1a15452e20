import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { AGENT_TOOL_DESCRIPTION } from './core/pipeline/agentTool';
import { OPERATION_OPTIONS } from './core/description/operationNames';
import { route } from './core/pipeline/router';
import { modelProperties } from './core/description/sharedProperties';
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
		// Version 2 gives each operation its own Model parameter but Generate and Edit's; version 3
		// gives Edit its own too (see ModelChoice in core/description/models.ts). New nodes get the
		// last version; no defaultVersion, since n8n then stops adding "Custom API Call".
		version: [1, 2, 3],
		// The canvas shows "Generate · gpt-image-1", not the internal operation value. n8n's lint
		// wants a plain string here; test/unit/description.test.ts checks it names every operation
		// like the picker does and reads each operation's own model parameter (version 1: `model`).
		// The model comes as the resource locator's value (engine) or the locator itself (editor).
		subtitle:
			'={{ ({ generate: "Generate", edit: "Edit", qwenGenerate: "Qwen Generate", qwenEdit: "Qwen Edit", geminiGenerateContent: "Gemini Generate Content", chat: "Chat" })[$parameter.operation] + [({ edit: $parameter.editModel, qwenGenerate: $parameter.qwenModel, qwenEdit: $parameter.qwenEditModel, geminiGenerateContent: $parameter.geminiModel, chat: $parameter.chatModel })[$parameter.operation] || $parameter.model].map((m) => (m && typeof m === "object" ? m.value : m)).filter((m) => typeof m === "string" && m !== "" && !m.startsWith("=")).map((m) => " · " + m).join("") }}',
		description: 'Generate and edit images with DGrid (OpenAI, Qwen/Wan and Gemini image models)',
		defaults: { name: 'DGrid Images' },
		// The tool variant says what the agent gets back: a link to show, not the image itself.
		usableAsTool: { replacements: { description: AGENT_TOOL_DESCRIPTION } },
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
