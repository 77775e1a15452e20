import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { accumulateTokenUsage } from 'n8n-workflow';

import { isRecord } from '../../shared/json';

/** One request's tokens, whatever the API called them. */
export interface TokenUsage {
	inputTokens: number;
	outputTokens: number;
	totalTokens: number;
}

const count = (value: unknown) =>
	typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
const first = (record: Record<string, unknown>, names: string[]) =>
	names.map((name) => count(record[name])).find((value) => value !== undefined);

/**
 * The token usage of an answer's json: OpenAI images' `usage` (input_tokens…), chat's `usage`
 * (prompt_tokens…) or Gemini's `usageMetadata` (promptTokenCount…). Qwen and Wan bill per
 * image (`usage.image_count`) and have none.
 */
export function tokenUsageOf(json: IDataObject): TokenUsage | undefined {
	const raw = isRecord(json.usageMetadata)
		? json.usageMetadata
		: isRecord(json.usage)
			? json.usage
			: undefined;
	if (!raw) return undefined;
	const input = first(raw, ['input_tokens', 'prompt_tokens', 'promptTokenCount']);
	const candidates = first(raw, ['output_tokens', 'completion_tokens', 'candidatesTokenCount']);
	// Gemini counts thinking apart from the answer; both are output the key pays for.
	const output =
		candidates === undefined ? undefined : candidates + (count(raw.thoughtsTokenCount) ?? 0);
	const total = first(raw, ['total_tokens', 'totalTokenCount']);
	if (input === undefined && output === undefined && total === undefined) return undefined;
	const inputTokens = input ?? 0;
	const outputTokens = output ?? Math.max(0, (total ?? 0) - inputTokens);
	return { inputTokens, outputTokens, totalTokens: total ?? inputTokens + outputTokens };
}

/**
 * The usage as items carry it: our names, plus the names n8n's execution log adds up over a
 * node's items (promptTokens, completionTokens, totalTokens: the shape of n8n's own AI nodes).
 */
export const tokenUsageJson = (usage: TokenUsage): IDataObject => ({
	...usage,
	promptTokens: usage.inputTokens,
	completionTokens: usage.outputTokens,
});

/**
 * Adds a request's tokens to the node's run metadata, where n8n 2.x keeps AI token counts.
 * n8n 1.x has no such record: there the items' `tokenUsage` is all there is.
 */
export function reportTokenUsage(this: IExecuteFunctions, usage: TokenUsage): void {
	// n8n-workflow is the running n8n's own copy (a peer dependency): n8n 1.x lacks the function.
	if (typeof accumulateTokenUsage !== 'function' || typeof this.setMetadata !== 'function') return;
	accumulateTokenUsage(this, usage.inputTokens, usage.outputTokens);
}
