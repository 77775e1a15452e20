import type { DGridErrorDetails } from './errors';

/**
 * Safety refusals arrive as ordinary errors — OpenAI's 400 `content_policy_violation`
 * ("…rejected as a result of our safety system…"), New API's `prompt_blocked` for a Gemini
 * prompt with a block reason, DashScope's `DataInspectionFailed` (HTTP 200 + error), New API's
 * own sensitive-word filter — and would otherwise read as "invalid request". Recognising them
 * lets the headline say what happened: the prompt was refused, and rephrasing is the fix.
 */
export interface Refusal {
	/** Who refused: the model's provider, or DGrid's own filter. */
	by: 'the model' | 'DGrid';
	/** A few words for the headline: "safety system", "prompt blocked: PROHIBITED_CONTENT"… */
	reason: string;
}

const BLOCK_REASON = /blocked by [^:]*:\s*([A-Z][A-Z_]+)/;

export function readRefusal(details: DGridErrorDetails | undefined): Refusal | undefined {
	if (!details) return undefined;
	const code = (details.code ?? '').trim().toLowerCase();
	const message = details.message ?? '';
	if (code === 'content_policy_violation' || /safety system/i.test(message)) {
		return { by: 'the model', reason: 'safety system' };
	}
	if (code === 'prompt_blocked') {
		const blockReason = BLOCK_REASON.exec(message)?.[1];
		return {
			by: 'the model',
			reason: blockReason ? `prompt blocked: ${blockReason}` : 'prompt blocked',
		};
	}
	if (
		code === 'datainspectionfailed' ||
		code === 'data_inspection_failed' ||
		/inappropriate content/i.test(message)
	) {
		return { by: 'the model', reason: 'content inspection' };
	}
	if (code === 'content_filter' || code === 'content_filtered') {
		return { by: 'the model', reason: 'content filter' };
	}
	if (code === 'sensitive_words_detected') return { by: 'DGrid', reason: 'sensitive words' };
	return undefined;
}
