/**
 * Small test-only nodes that exercise one engine feature each, so the harness can be proven
 * real without depending on the DGrid node (which others are still building). They follow the
 * conventions of n8n's programmatic nodes: per-item loop, `continueOnFail()`, NodeOperationError
 * with `itemIndex`, `pairedItem`.
 */
import './env';

import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

export const HTTP_PROBE_TYPE = 'n8n-nodes-dgrid-harness.httpProbe';
export const ECHO_TYPE = 'n8n-nodes-dgrid-harness.echo';
export const BINARY_ECHO_TYPE = 'n8n-nodes-dgrid-harness.binaryEcho';

function baseDescription(
	name: string,
	displayName: string,
): Omit<INodeTypeDescription, 'properties'> {
	return {
		displayName,
		name,
		group: ['transform'],
		version: 1,
		description: `${displayName} (test-only)`,
		defaults: { name: displayName },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
	};
}

/**
 * n8n's per-item loop: one output item per input item, paired with it; a failing item stops
 * the node, or with Continue on Fail becomes an item holding the error message.
 */
async function eachItem(
	context: IExecuteFunctions,
	run: (itemIndex: number) => Promise<IDataObject> | IDataObject,
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			out.push({ json: await run(i), pairedItem: { item: i } });
		} catch (error) {
			if (context.continueOnFail()) {
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
				continue;
			}
			throw error;
		}
	}
	return [out];
}

/** Calls the gateway with the dgridApi credential through n8n-core's authenticated request helper. */
export class HttpProbe implements INodeType {
	description: INodeTypeDescription = {
		...baseDescription('httpProbe', 'HTTP Probe'),
		credentials: [{ name: 'dgridApi', required: true }],
		properties: [
			{ displayName: 'Path', name: 'path', type: 'string', default: '/v1/models' },
			{
				displayName: 'Method',
				name: 'method',
				type: 'options',
				options: [
					{ name: 'GET', value: 'GET' },
					{ name: 'POST', value: 'POST' },
				],
				default: 'GET',
			},
			{
				displayName: 'Body',
				name: 'body',
				type: 'json',
				default: '{}',
				displayOptions: { show: { method: ['POST'] } },
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { baseUrl } = await this.getCredentials<{ baseUrl: string }>('dgridApi');
		return await eachItem(this, async (i) => {
			const method = this.getNodeParameter('method', i) as 'GET' | 'POST';
			const body =
				method === 'POST' ? (this.getNodeParameter('body', i) as IDataObject | string) : undefined;
			const response = await this.helpers.httpRequestWithAuthentication.call(this, 'dgridApi', {
				method,
				url: baseUrl.replace(/\/+$/, '') + (this.getNodeParameter('path', i) as string),
				body: typeof body === 'string' ? JSON.parse(body) : body,
				json: true,
			});
			return { response };
		});
	}
}

/** Echoes a resolved parameter; fails items on demand (to test continueOnFail / error output). */
export class Echo implements INodeType {
	description: INodeTypeDescription = {
		...baseDescription('echo', 'Echo'),
		properties: [
			{ displayName: 'Text', name: 'text', type: 'string', default: '' },
			{ displayName: 'Fail', name: 'fail', type: 'boolean', default: false },
			{ displayName: 'Fail Message', name: 'failMessage', type: 'string', default: 'Echo failed' },
			{ displayName: 'Show Extra', name: 'showExtra', type: 'boolean', default: false },
			{
				displayName: 'Extra',
				name: 'extra',
				type: 'string',
				default: '',
				displayOptions: { show: { showExtra: [true] } },
			},
			{
				displayName: 'Required Thing',
				name: 'requiredThing',
				type: 'string',
				default: 'x',
				required: true,
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await eachItem(this, (i) => {
			if (this.getNodeParameter('fail', i) as boolean) {
				throw new NodeOperationError(
					this.getNode(),
					this.getNodeParameter('failMessage', i) as string,
					{
						itemIndex: i,
						description: `item ${i} asked to fail`,
					},
				);
			}
			return {
				text: this.getNodeParameter('text', i) as string,
				// What the node received: parameters hidden by displayOptions are not there.
				receivedParameters: Object.keys(this.getNode().parameters).sort(),
			};
		});
	}
}

/** Reads an input binary through n8n's helpers and emits a new binary with the same bytes. */
export class BinaryEcho implements INodeType {
	description: INodeTypeDescription = {
		...baseDescription('binaryEcho', 'Binary Echo'),
		properties: [
			{
				displayName: 'Input Binary Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				required: true,
			},
			{
				displayName: 'Output Binary Field',
				name: 'outputPropertyName',
				type: 'string',
				default: 'copy',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const field = this.getNodeParameter('binaryPropertyName', i) as string;
			const meta = this.helpers.assertBinaryData(i, field);
			const bytes = await this.helpers.getBinaryDataBuffer(i, field);
			const copy = await this.helpers.prepareBinaryData(
				bytes,
				`copy-${meta.fileName ?? 'file'}`,
				meta.mimeType,
			);
			out.push({
				json: {
					inputBytes: bytes.length,
					inputMimeType: meta.mimeType,
					inputFileName: meta.fileName ?? null,
				},
				binary: {
					...items[i].binary,
					[this.getNodeParameter('outputPropertyName', i) as string]: copy,
				},
				pairedItem: { item: i },
			});
		}
		return [out];
	}
}

export function harnessTestNodeTypes(): Record<string, INodeType> {
	return {
		[HTTP_PROBE_TYPE]: new HttpProbe(),
		[ECHO_TYPE]: new Echo(),
		[BINARY_ECHO_TYPE]: new BinaryEcho(),
	};
}
