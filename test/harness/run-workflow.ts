/**
 * runWorkflow(): build Manual Trigger → [Test Input] → node-under-test, run it through n8n-core's
 * real WorkflowExecute in "manual" mode (what the editor's "Execute workflow" does), and hand back
 * the node's outputs with binaries resolved to bytes.
 */
import './env';

import { WorkflowExecute } from 'n8n-core';
import type {
	ExecutionBaseError,
	IBinaryData,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IRunData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow, createRunExecutionData } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { configureBinaryData, readBinary, type BinaryMode } from './binary-data';
import { HarnessCredentialsHelper } from './credentials-helper';
import { DGRID_CREDENTIAL_TYPE, DGRID_NODE_TYPE, loadDGridNode } from './dgrid-node';
import { HarnessNodeTypes, type NodeTypeMap } from './node-types';
import { INPUT_NODE_TYPE, MANUAL_TRIGGER_TYPE, ManualTrigger, createInputNode, type InputItem } from './workflow-nodes';

export interface RunWorkflowOptions {
	node: {
		parameters: INodeParameters;
		typeVersion?: number;
		continueOnFail?: boolean;
		onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
		name?: string;
		retryOnFail?: boolean;
		/**
		 * Extension: n8n's retry settings (defaults 3 tries, 1000 ms apart; n8n-core clamps tries to
		 * 2..5 and reads `waitBetweenTries || 1000`, so 0 means 1000 ms — use 1 for "no wait").
		 */
		maxTries?: number;
		waitBetweenTries?: number;
		/** Extension: run another registered node type instead of the DGrid node. */
		type?: string;
		/** Extension: the credential type the node's credential slot uses (default dgridApi). */
		credentialType?: string;
	};
	/** null = the node has no credential set. */
	credentials?: { apiKey: string; baseUrl: string } | null;
	input?: InputItem[];
	binaryMode?: BinaryMode;
	nodeTypes?: NodeTypeMap;
	timeoutMs?: number;
	/** Extension: workflow settings (e.g. `{ binaryMode: 'combined' }`, `timezone`). */
	workflowSettings?: IWorkflowSettings;
}

export type ResultItem = {
	json: IDataObject;
	binary?: Record<string, IBinaryData & { buffer: Buffer }>;
	pairedItem?: unknown;
};

export interface RunError {
	message: string;
	description?: string | null;
	httpCode?: string | null;
	itemIndex?: number;
	/** The error's `name` (e.g. "NodeOperationError", "NodeApiError"). */
	name: string;
	/**
	 * Class of the error. The engine stores a plain-object copy (`{...error, message, stack}`) in
	 * the run data, so this is the constructor name only when a real instance survived, else `name`.
	 */
	className: string;
	/** Name of the node the error is attributed to. */
	nodeName?: string;
	/** The error object as the engine stored it. */
	raw: unknown;
}

export interface RunResult {
	items: ResultItem[];
	errorItems: ResultItem[];
	error?: RunError;
	runData: IRunData;
	/** Extension: the whole IRun (status, resultData.error, …). */
	run: IRun;
	/** Extension: the credentials helper of this run (e.g. `decryptCalls`). */
	credentialsHelper: HarnessCredentialsHelper;
	/** Extension: the names used in the workflow. */
	nodeName: string;
}

const TRIGGER_NAME = 'When clicking ‘Execute workflow’';
const INPUT_NAME = 'Test Input';
const CREDENTIAL_ID = 'harness-credential-1';
let executionCounter = 0;

function latestVersion(type: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in type) return type.currentVersion;
	const { version } = type.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

function buildRegistry(extra: NodeTypeMap | undefined, inputItems: InputItem[] | undefined): HarnessNodeTypes {
	const registry = new HarnessNodeTypes({
		[MANUAL_TRIGGER_TYPE]: new ManualTrigger(),
		[DGRID_NODE_TYPE]: loadDGridNode(),
	});
	if (inputItems) registry.add({ [INPUT_NODE_TYPE]: createInputNode(inputItems) });
	if (extra) registry.add(extra);
	return registry;
}

async function toResultItems(items: INodeExecutionData[] | null | undefined): Promise<ResultItem[]> {
	const out: ResultItem[] = [];
	for (const item of items ?? []) {
		const result: ResultItem = { json: item.json, pairedItem: item.pairedItem };
		if (item.binary) {
			result.binary = {};
			for (const [field, binary] of Object.entries(item.binary)) {
				result.binary[field] = { ...binary, buffer: await readBinary(binary) } as IBinaryData & { buffer: Buffer };
			}
		}
		out.push(result);
	}
	return out;
}

function constructorName(value: unknown): string | undefined {
	const name = (value as object | null)?.constructor?.name;
	return name && name !== 'Object' ? name : undefined;
}

function toRunError(error: unknown): RunError {
	const e = error as Record<string, unknown> & { context?: { itemIndex?: number }; node?: INode };
	return {
		message: String(e.message ?? error),
		description: (e.description as string | null | undefined) ?? undefined,
		httpCode: (e.httpCode as string | null | undefined) ?? undefined,
		itemIndex: e.context?.itemIndex ?? (e.itemIndex as number | undefined),
		name: String(e.name ?? 'Error'),
		className: constructorName(error) ?? String(e.name ?? 'Error'),
		nodeName: e.node?.name,
		raw: error,
	};
}

export async function runWorkflow(options: RunWorkflowOptions): Promise<RunResult> {
	const timeoutMs = options.timeoutMs ?? 30000;
	await configureBinaryData(options.binaryMode ?? 'default');

	const nodeTypes = buildRegistry(options.nodeTypes, options.input);
	const typeName = options.node.type ?? DGRID_NODE_TYPE;
	if (!nodeTypes.has(typeName)) {
		throw new Error(`runWorkflow: node type "${typeName}" is not registered (pass it in options.nodeTypes)`);
	}

	const credentialsHelper = new HarnessCredentialsHelper();
	const credentialType = options.node.credentialType ?? DGRID_CREDENTIAL_TYPE;
	if (options.credentials) credentialsHelper.setCredentials(credentialType, CREDENTIAL_ID, { ...options.credentials });

	const nodeName = options.node.name ?? 'DGrid Images';
	const { node: spec } = options;
	const nodeUnderTest: INode = {
		id: 'node-under-test',
		name: nodeName,
		type: typeName,
		typeVersion: spec.typeVersion ?? latestVersion(nodeTypes.getByName(typeName)),
		position: [440, 0],
		parameters: spec.parameters,
		...(spec.continueOnFail !== undefined && { continueOnFail: spec.continueOnFail }),
		...(spec.onError !== undefined && { onError: spec.onError }),
		...(spec.retryOnFail !== undefined && { retryOnFail: spec.retryOnFail }),
		...(spec.maxTries !== undefined && { maxTries: spec.maxTries }),
		...(spec.waitBetweenTries !== undefined && { waitBetweenTries: spec.waitBetweenTries }),
		...(options.credentials && {
			credentials: { [credentialType]: { id: CREDENTIAL_ID, name: 'DGrid account' } },
		}),
	};
	const trigger: INode = {
		id: 'manual-trigger',
		name: TRIGGER_NAME,
		type: MANUAL_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodes: INode[] = [trigger];
	const chain = [TRIGGER_NAME];
	if (options.input) {
		nodes.push({ id: 'test-input', name: INPUT_NAME, type: INPUT_NODE_TYPE, typeVersion: 1, position: [220, 0], parameters: {} });
		chain.push(INPUT_NAME);
	}
	nodes.push(nodeUnderTest);
	chain.push(nodeName);
	const connections: IConnections = {};
	for (let i = 0; i + 1 < chain.length; i++) {
		connections[chain[i]] = { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] };
	}

	executionCounter += 1;
	const workflowData: IWorkflowBase = {
		id: `harness-wf-${executionCounter}`,
		name: `Harness run ${executionCounter}`,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
		settings: { executionOrder: 'v1', ...options.workflowSettings },
	} as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
	});

	const mode: WorkflowExecuteMode = 'manual';
	const additionalData = createAdditionalData({
		credentialsHelper,
		executionId: String(executionCounter),
		workflowData,
		mode,
	});
	const startedAt = new Date();
	let execution: ReturnType<WorkflowExecute['run']>;
	try {
		execution = new WorkflowExecute(additionalData, mode).run({
			workflow,
			startNode: workflow.getNode(TRIGGER_NAME) ?? undefined,
		});
	} catch (error) {
		// run() throws synchronously when the workflow has issues (missing required parameter,
		// unknown credential…). n8n's WorkflowRunner turns that into a failed execution; so do we.
		return await collect(failedRun(error, mode, startedAt), spec, nodeName, credentialsHelper);
	}

	let timer: NodeJS.Timeout | undefined;
	const timedOut = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			// Cancelling aborts the execution's AbortSignal, which n8n-core's HTTP helpers honour.
			execution.cancel();
			reject(new Error(`runWorkflow: the workflow did not finish within ${timeoutMs} ms (cancelled)`));
		}, timeoutMs);
	});
	let run: IRun;
	try {
		run = await Promise.race([execution, timedOut]);
	} finally {
		clearTimeout(timer);
	}

	return await collect(run, spec, nodeName, credentialsHelper);
}

function failedRun(error: unknown, mode: WorkflowExecuteMode, startedAt: Date): IRun {
	const e = error as Error;
	return {
		data: createRunExecutionData({
			resultData: {
				error: { ...e, name: e.name, message: e.message, stack: e.stack } as ExecutionBaseError,
				runData: {},
			},
		}),
		finished: false,
		mode,
		startedAt,
		stoppedAt: new Date(),
		storedAt: 'db',
		status: 'error',
	};
}

async function collect(
	run: IRun,
	spec: RunWorkflowOptions['node'],
	nodeName: string,
	credentialsHelper: HarnessCredentialsHelper,
): Promise<RunResult> {
	const { runData, error: runError } = run.data.resultData;
	const task = runData[nodeName]?.at(-1);
	const outputs = task?.data?.main ?? [];
	const errorSource = runError ?? task?.error;
	return {
		items: await toResultItems(outputs[0]),
		errorItems: spec.onError === 'continueErrorOutput' ? await toResultItems(outputs[1]) : [],
		...(errorSource && { error: toRunError(errorSource) }),
		runData,
		run,
		credentialsHelper,
		nodeName,
	};
}
