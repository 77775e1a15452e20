/**
 * The workflow runWorkflow() executes: Manual Trigger → [Test Input] → node under test, with the
 * node's settings (continueOnFail, onError, retries, credential slot) exactly where n8n keeps them
 * on an INode, and a node-type registry holding the trigger, the DGrid node and any extra types.
 */
import './env';

import type {
	IConnections,
	INode,
	INodeType,
	IVersionedNodeType,
	IWorkflowBase,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { DGRID_CREDENTIAL_TYPE, DGRID_NODE_TYPE, loadDGridNode } from './dgrid-node';
import { HarnessNodeTypes } from './node-types';
import type { RunWorkflowOptions } from './types';
import {
	INPUT_NODE_TYPE,
	MANUAL_TRIGGER_TYPE,
	ManualTrigger,
	createInputNode,
} from './workflow-nodes';

export const TRIGGER_NAME = 'When clicking ‘Execute workflow’';
export const INPUT_NAME = 'Test Input';
export const DEFAULT_NODE_NAME = 'DGrid Images';
export const CREDENTIAL_ID = 'harness-credential-1';

export interface BuiltWorkflow {
	workflow: Workflow;
	workflowData: IWorkflowBase;
	nodeName: string;
	credentialType: string;
}

let workflowCounter = 0;

function latestVersion(type: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in type) return type.currentVersion;
	const { version } = type.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

export function buildRegistry(options: RunWorkflowOptions): HarnessNodeTypes {
	const registry = new HarnessNodeTypes({
		[MANUAL_TRIGGER_TYPE]: new ManualTrigger(),
		[DGRID_NODE_TYPE]: loadDGridNode(),
	});
	if (options.input) registry.add({ [INPUT_NODE_TYPE]: createInputNode(options.input) });
	if (options.nodeTypes) registry.add(options.nodeTypes);
	return registry;
}

export function buildWorkflow(
	options: RunWorkflowOptions,
	nodeTypes: HarnessNodeTypes,
): BuiltWorkflow {
	const { node: spec } = options;
	const typeName = spec.type ?? DGRID_NODE_TYPE;
	if (!nodeTypes.has(typeName)) {
		throw new Error(
			`runWorkflow: node type "${typeName}" is not registered (pass it in options.nodeTypes)`,
		);
	}
	const nodeName = spec.name ?? DEFAULT_NODE_NAME;
	const credentialType = spec.credentialType ?? DGRID_CREDENTIAL_TYPE;

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
	const nodes: INode[] = [
		{
			id: 'manual-trigger',
			name: TRIGGER_NAME,
			type: MANUAL_TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
	];
	if (options.input) {
		nodes.push({
			id: 'test-input',
			name: INPUT_NAME,
			type: INPUT_NODE_TYPE,
			typeVersion: 1,
			position: [220, 0],
			parameters: {},
		});
	}
	nodes.push(nodeUnderTest);

	// A straight chain, main output 0 → main input 0.
	const connections: IConnections = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}

	workflowCounter += 1;
	const workflowData = {
		id: `harness-wf-${workflowCounter}`,
		name: `Harness run ${workflowCounter}`,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
		// v1 is the execution order of every workflow created in n8n 1.0+.
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
	return { workflow, workflowData, nodeName, credentialType };
}
