/** Turns the engine's IRun into a RunResult: the node's outputs (bytes resolved) and its error. */
import './env';

import type {
	ExecutionBaseError,
	IBinaryData,
	INode,
	INodeExecutionData,
	IRun,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData } from 'n8n-workflow';

import { readBinary } from './binary-data';
import type { HarnessCredentialsHelper } from './credentials-helper';
import type { ResultItem, RunError, RunResult, RunWorkflowOptions } from './types';

async function toResultItems(
	items: INodeExecutionData[] | null | undefined,
): Promise<ResultItem[]> {
	const out: ResultItem[] = [];
	for (const item of items ?? []) {
		const result: ResultItem = { json: item.json, pairedItem: item.pairedItem };
		if (item.binary) {
			result.binary = {};
			for (const [field, binary] of Object.entries(item.binary)) {
				result.binary[field] = { ...binary, buffer: await readBinary(binary) } as IBinaryData & {
					buffer: Buffer;
				};
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

export function toRunError(error: unknown): RunError {
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

/**
 * The IRun of an execution that failed before any node ran (WorkflowExecute.run() throws
 * synchronously on workflow issues). n8n's WorkflowRunner records such a run as an error with
 * a copy of the error in resultData.error; this mirrors that.
 */
export function failedRun(error: unknown, mode: WorkflowExecuteMode, startedAt: Date): IRun {
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

export async function collectResult(
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
