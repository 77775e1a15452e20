import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { dgridOperationError } from '../../transport/errors';

/** Complains about a value; the operation turns it into an error naming item and operation. */
export type Fail = (problem: string, description?: string) => Error;

/** Pre-flight problems as item errors: "Generate failed for item 2: …". */
export function operationFail(this: IExecuteFunctions, itemIndex: number, operationName: string): Fail {
	return (problem, description) =>
		dgridOperationError(this.getNode(), itemIndex, `${operationName} failed for item ${itemIndex}: ${problem}`, description);
}

const EMPTY_PROMPT_HINT = 'Enter a prompt, or check that the expression in Prompt gives text for this item.';

/**
 * The prompt as given, or "<Operation> failed for item <i>: the prompt is empty" when it holds
 * nothing but white space — an expression that resolved to nothing, usually. Every operation
 * sends a prompt, so none may call DGrid without one.
 */
export function requirePrompt(prompt: string, fail: Fail): string {
	if (prompt.trim() === '') throw fail('the prompt is empty', EMPTY_PROMPT_HINT);
	return prompt;
}

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
