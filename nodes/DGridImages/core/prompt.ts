import type { Fail } from './operationFail';

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
