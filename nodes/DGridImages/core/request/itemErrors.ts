import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * An item's error maker: "Generate failed for item 2: <problem>". The router makes one per item
 * (OperationContext.fail), so every pre-flight problem names the item and the operation.
 */
export type Fail = (problem: string, description?: string) => Error;

const EMPTY_PROMPT_HINT =
	'Enter a prompt, or check that the expression in Prompt gives text for this item.';

/**
 * The prompt as given, or "<Operation> failed for item <i>: the prompt is empty" when it holds
 * nothing but white space — an expression that resolved to nothing, usually. Every operation
 * sends a prompt, so none may call DGrid without one.
 */
export function requirePrompt(prompt: string, fail: Fail): string {
	if (prompt.trim() === '') throw fail('the prompt is empty', EMPTY_PROMPT_HINT);
	return prompt;
}

/** The item's Prompt parameter, which every operation has; never empty (see requirePrompt). */
export function readPrompt(
	this: IExecuteFunctions,
	{ itemIndex, fail }: { itemIndex: number; fail: Fail },
): string {
	return requirePrompt(this.getNodeParameter('prompt', itemIndex, '') as string, fail);
}

/**
 * An option value an operation cannot send as it is. Thrown by the pure request builders, which
 * have no node context; buildWithOptionChecks turns it into the item's error.
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

/**
 * Runs a request builder, turning an OptionValueError into the item's error. Anything else is
 * passed on: the router wraps it as an error of this item.
 */
export function buildWithOptionChecks<T>(fail: Fail, build: () => T): T {
	try {
		return build();
	} catch (error) {
		throw error instanceof OptionValueError ? fail(error.message, error.description) : error;
	}
}
