/**
 * runWorkflow(): run Manual Trigger → [Test Input] → node under test through n8n-core's real
 * WorkflowExecute in "manual" mode (what the editor's "Execute workflow" does) and hand back the
 * node's outputs with binaries resolved to bytes.
 */
import './env';

import { WorkflowExecute } from 'n8n-core';
import type { IRun, WorkflowExecuteMode } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { configureBinaryData } from './binary-data';
import { CREDENTIAL_ID, TRIGGER_NAME, buildRegistry, buildWorkflow } from './build-workflow';
import { collectResult, failedRun } from './collect-result';
import { HarnessCredentialsHelper } from './credentials-helper';
import type { RunResult, RunWorkflowOptions } from './types';

export type { ResultItem, RunError, RunResult, RunWorkflowOptions } from './types';

let executionCounter = 0;

export async function runWorkflow(options: RunWorkflowOptions): Promise<RunResult> {
	const timeoutMs = options.timeoutMs ?? 30000;
	await configureBinaryData(options.binaryMode ?? 'default');

	const { workflow, workflowData, nodeName, credentialType } = buildWorkflow(
		options,
		buildRegistry(options),
	);
	const credentialsHelper = new HarnessCredentialsHelper();
	if (options.credentials)
		credentialsHelper.setCredentials(credentialType, CREDENTIAL_ID, { ...options.credentials });

	const mode: WorkflowExecuteMode = 'manual';
	executionCounter += 1;
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
		// run() throws synchronously when the workflow has issues (missing required parameter…).
		// n8n's WorkflowRunner turns that into a failed execution; so do we.
		return await collectResult(
			failedRun(error, mode, startedAt),
			options.node,
			nodeName,
			credentialsHelper,
		);
	}

	let timer: NodeJS.Timeout | undefined;
	const timedOut = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			// Cancelling aborts the execution's AbortSignal, which n8n-core's HTTP helpers honour.
			execution.cancel();
			reject(
				new Error(`runWorkflow: the workflow did not finish within ${timeoutMs} ms (cancelled)`),
			);
		}, timeoutMs);
	});
	// A stop does not end the run at once: n8n-core waits for the node to settle, with its error.
	let canceledAt: number | undefined;
	const stopTimer =
		options.cancelAfterMs === undefined
			? undefined
			: setTimeout(() => {
					canceledAt = Date.now();
					execution.cancel();
				}, options.cancelAfterMs);
	let run: IRun;
	try {
		run = await Promise.race([execution, timedOut]);
	} finally {
		clearTimeout(timer);
		clearTimeout(stopTimer);
	}
	const result = await collectResult(run, options.node, nodeName, credentialsHelper);
	return canceledAt === undefined ? result : { ...result, canceledAt };
}
