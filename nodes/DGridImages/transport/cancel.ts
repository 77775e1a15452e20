import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isCanceled, waitUnlessCanceled } from './wait';

/**
 * Stopping an execution. n8n hands every node context an AbortSignal that fires on "Stop";
 * n8n's `httpRequestWithAuthentication` attaches it to DGrid calls by itself, everything else
 * (downloads through the plain `httpRequest`, waits between attempts) has to be given it.
 */

/** The execution's stop signal, when the context has one (n8n 1.x and 2.x execution contexts do). */
export function cancelSignalOf(context: object): AbortSignal | undefined {
	const { getExecutionCancelSignal } = context as {
		getExecutionCancelSignal?: () => AbortSignal | undefined;
	};
	return typeof getExecutionCancelSignal === 'function'
		? getExecutionCancelSignal.call(context)
		: undefined;
}

/**
 * Whether a failure is the execution being stopped: an aborted wait, or any error of a request
 * once the signal fired (an aborted request surfaces as a network error: "canceled",
 * "socket hang up", a cut body…).
 */
export const stoppedBy = (error: unknown, signal: AbortSignal | undefined): boolean =>
	isCanceled(error) || signal?.aborted === true;

/** The item's error after a stop: it says so, instead of blaming DGrid or the network. */
export function canceledError(
	node: INode,
	itemIndex: number,
	operationName: string,
): NodeOperationError {
	return new NodeOperationError(
		node,
		`${operationName} for item ${itemIndex} canceled: the execution was stopped`,
		{
			itemIndex,
			description:
				'The execution was stopped while this item was waiting for DGrid; its request was closed.',
		},
	);
}

/** What a call of one item needs to honour a stop: the signal, its error, and an abortable pause. */
export interface StopWatch {
	signal: AbortSignal | undefined;
	/** The item's error after a stop. */
	canceled(): NodeOperationError;
	/** Waits between attempts; a stop ends the wait at once with the canceled error. */
	pause(ms: number): Promise<void>;
}

/** `context.getNode()` is called only once a stop happened: n8n hands out a deep copy each call. */
export function watchStop(
	context: { getNode(): INode },
	itemIndex: number,
	operationName: string,
): StopWatch {
	const signal = cancelSignalOf(context);
	const canceled = () => canceledError(context.getNode(), itemIndex, operationName);
	return {
		signal,
		canceled,
		pause: async (ms) =>
			await waitUnlessCanceled(ms, signal).catch(() => Promise.reject(canceled())),
	};
}
