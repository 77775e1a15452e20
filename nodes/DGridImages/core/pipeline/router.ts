import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runsAsAgentTool } from './agentTool';
import { mapWithConcurrency } from './concurrency';
import { modelMisfit } from '../description/models';
import type {
	DGridOperation,
	OperationContext,
	OperationResult,
	OperationValue,
} from '../operation';
import { operationDisplayName } from '../description/operationNames';
import type { Fail } from '../request/itemErrors';
import { buildOutputItems } from './output';
import {
	outputSettingsOf,
	readModel,
	readOptions,
	readPaceLimits,
	requestSettingsOf,
} from './settings';
import { reportTokenUsage, tokenUsageOf } from './tokenUsage';
import { readCredential, secretsOfCredential } from '../../transport/credential';
import type { DGridCredential } from '../../transport/credential';
import { dgridOperationError, itemFailure } from '../../transport/errors';
import type { FailingItem } from '../../transport/errors';
import { redactDeep, redactError } from '../../transport/redact';
import { Pace } from '../../transport/pace';
import { ReadingBudget, ReadingShare } from '../../transport/readingBudget';
import type { AttemptCount } from '../../transport/request';

/**
 * How many requests the item sent to DGrid (1 + retries) and how long they waited for the pace
 * (a free slot, or a rate-limit pause), beside what the answer said.
 */
function withAttempts(result: OperationResult, attempts: AttemptCount): OperationResult {
	if (attempts.count === 0) return result;
	const waited = attempts.waitedMs ? { waitedMs: Math.round(attempts.waitedMs) } : {};
	return { ...result, json: { ...result.json, attempts: attempts.count, ...waited } };
}

/** What every item of one execution shares, read or made once. */
interface Shared {
	/** "Generate": the operation as the picker names it. */
	operationName: string;
	/** One pace for all items: a rate limit met by one item slows them all. */
	pace: Pace;
	/** One reading budget: large answers are read in turn. */
	readingBudget: ReadingBudget;
	/** The credential; undefined when it could not be read (every call then reads it itself). */
	credential: DGridCredential | undefined;
	/** The node's version: it decides the Model parameter's name. */
	typeVersion: number;
	/** Run as an AI Agent's tool: the agent gets links and short texts (agentTool.ts). */
	forAgent: boolean;
}

/** The item's error maker: every item error's headline names the operation and the item. */
function itemFail(node: INode, item: FailingItem): Fail {
	return (problem, description) =>
		dgridOperationError(node, item.itemIndex, itemFailure(item, problem), description);
}

async function runItem(
	this: IExecuteFunctions,
	operation: DGridOperation,
	itemIndex: number,
	{ operationName, pace, readingBudget, credential, typeVersion, forAgent }: Shared,
): Promise<INodeExecutionData[]> {
	const fail = itemFail(this.getNode(), { operationName, itemIndex });
	const model = readModel.call(this, itemIndex, operation.model, typeVersion);
	if (model === '') throw fail('no model set', 'Pick a model from the list or type its ID.');
	const misfit = modelMisfit(model, operation.model);
	if (misfit) throw fail(misfit.problem, misfit.description);
	const attempts: AttemptCount = { count: 0 };
	const options = readOptions.call(this, itemIndex);
	const reading = new ReadingShare(readingBudget);
	const settings = { ...requestSettingsOf(options), attempts, pace, reading, credential };
	const context: OperationContext = { itemIndex, operationName, model, settings, options, fail };
	try {
		const result = await operation.execute.call(this, context);
		const tokenUsage = tokenUsageOf(result.json);
		if (tokenUsage) reportTokenUsage.call(this, tokenUsage);
		return await buildOutputItems.call(this, withAttempts(result, attempts), {
			itemIndex,
			operationName,
			fail,
			model,
			requestSettings: settings,
			output: outputSettingsOf(options),
			tokenUsage,
			forAgent,
		});
	} finally {
		// The item's images are stored (or it failed): the next large answer may be read.
		reading.release();
	}
}

/** Node errors pass unchanged (they already name the item); anything else is wrapped. */
function asNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/**
 * A failed item, for "Continue on Fail" and both "On Error: Continue" settings. n8n moves an item
 * to the error output by the keys of its json: n8n 1.x only when they are exactly {error} or
 * {error, message}, n8n 2.x when they are among error, message, details. So the details go in
 * `message` there; the regular output also keeps them in `details`, where saved workflows read
 * them. (An item that carries an n8n error object is routed too, but both versions then replace
 * its json with {error} alone, dropping the details and the input fields n8n merges into error
 * items.)
 */
function errorItem(error: unknown, itemIndex: number, toErrorOutput: boolean): INodeExecutionData {
	const { message, description } = error as { message?: string; description?: string | null };
	const json: IDataObject = { error: message ?? String(error) };
	if (description) {
		json.message = description;
		if (!toErrorOutput) json.details = description;
	}
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * Runs the chosen operation for every input item with bounded parallelism, keeping the
 * output in input order. A failing item fails the node unless "Continue on Fail" / the
 * error output is on, in which case it becomes an error item and the others go on.
 */
export async function route(
	this: IExecuteFunctions,
	operations: Partial<Record<OperationValue, DGridOperation>>,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operationValue = this.getNodeParameter('operation', 0) as string;
	const operation = operations[operationValue as OperationValue];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationDisplayName(operationValue)}" is not available in this version of the DGrid node`,
			{ description: 'Update the n8n-nodes-dgrid package, or choose another operation.' },
		);
	}
	const continueOnFail = this.continueOnFail();
	const node = this.getNode();
	const toErrorOutput = node.onError === 'continueErrorOutput';
	// Read once for all items: n8n fetches a credential from its database and decrypts it on every
	// read. When it cannot be read here (none set), every call reads it and reports why for its item.
	const credential = await readCredential.call(this).catch(() => undefined);
	// Last line of defence for the key: whatever DGrid or a model echoed into an item's json or
	// into an error built anywhere in the node is cleaned here, before n8n stores or shows it.
	const secrets = secretsOfCredential(credential);
	const limits = readPaceLimits.call(this);
	const shared: Shared = {
		operationName: operationDisplayName(operation.value),
		pace: new Pace(limits),
		readingBudget: new ReadingBudget(),
		credential,
		typeVersion: node.typeVersion,
		forAgent: runsAsAgentTool(node),
	};
	const perItem = await mapWithConcurrency(items.length, limits.max, async (itemIndex) => {
		try {
			const output = await runItem.call(this, operation, itemIndex, shared);
			return output.map((item) => ({ ...item, json: redactDeep(item.json, secrets) }));
		} catch (error) {
			const nodeError = redactError(asNodeError(this.getNode(), error, itemIndex), secrets);
			if (continueOnFail) return [errorItem(nodeError, itemIndex, toErrorOutput)];
			throw nodeError;
		}
	});
	return [perItem.flat()];
}
