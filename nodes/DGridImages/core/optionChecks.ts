import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Fail } from './operationFail';

/**
 * Option values an operation cannot send as they are. Thrown by the
 * pure request builders (they have no node context); the operation turns it into an item error
 * that names the option.
 */
export class OptionValueError extends Error {
	constructor(
		readonly optionName: string,
		message: string,
		readonly description?: string,
	) {
		super(message);
	}
}

/** Runs a request builder, turning a OptionValueError into an error that names the item. */
export function buildWithOptionChecks<T>(node: INode, itemIndex: number, fail: Fail, build: () => T): T {
	try {
		return build();
	} catch (error) {
		throw error instanceof OptionValueError
			? fail(error.message, error.description)
			: new NodeOperationError(node, error as Error, { itemIndex });
	}
}
