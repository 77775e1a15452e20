/**
 * The `IWorkflowExecuteAdditionalData` n8n's CLI builds per execution (WorkflowExecuteAdditionalData.getBase),
 * reduced to what a node in a single workflow can reach: our credentials helper, lifecycle hooks,
 * absolute base URLs (n8n-core builds $execution.resumeUrl etc. from them and rejects relative
 * ones), and explicit "not supported here" errors for sub-workflows and task runners, so a node
 * that reaches for them fails loudly instead of getting a silent mock.
 */
import './env';

import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import type {
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';

import type { HarnessCredentialsHelper } from './credentials-helper';

/** Where a real instance would live; nothing listens there (no webhook/wait/form flows in tests). */
const INSTANCE_BASE_URL = 'http://localhost:5678';

export interface AdditionalDataInput {
	credentialsHelper: HarnessCredentialsHelper;
	executionId: string;
	workflowData: IWorkflowBase;
	mode: WorkflowExecuteMode;
	executionTimeoutTimestamp?: number;
}

export function createHooks(
	mode: WorkflowExecuteMode,
	executionId: string,
	workflowData: IWorkflowBase,
) {
	return new ExecutionLifecycleHooks(mode, executionId, workflowData);
}

export function createAdditionalData(input: AdditionalDataInput): IWorkflowExecuteAdditionalData {
	const { credentialsHelper, executionId, workflowData, mode, executionTimeoutTimestamp } = input;
	const unsupported = (what: string) => async () => {
		throw new UnexpectedError(`${what} is not supported by the DGrid engine test harness`);
	};
	return {
		credentialsHelper,
		hooks: createHooks(mode, executionId, workflowData),
		executionId,
		workflowId: workflowData.id,
		userId: 'harness-user',
		projectId: 'harness-project',
		currentNodeExecutionIndex: 0,
		executionTimeoutTimestamp,
		restApiUrl: `${INSTANCE_BASE_URL}/rest`,
		instanceBaseUrl: `${INSTANCE_BASE_URL}/`,
		formBaseUrl: `${INSTANCE_BASE_URL}/form`,
		formWaitingBaseUrl: `${INSTANCE_BASE_URL}/form-waiting`,
		formTestBaseUrl: `${INSTANCE_BASE_URL}/form-test`,
		webhookBaseUrl: `${INSTANCE_BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${INSTANCE_BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${INSTANCE_BASE_URL}/webhook-test`,
		mcpBaseUrl: `${INSTANCE_BASE_URL}/mcp`,
		mcpTestBaseUrl: `${INSTANCE_BASE_URL}/mcp-test`,
		variables: {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		logAiEvent: () => {},
		executeWorkflow: unsupported('Executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: unsupported('Running code in a task runner'),
	} as IWorkflowExecuteAdditionalData;
}
