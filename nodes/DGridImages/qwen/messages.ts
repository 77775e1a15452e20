import type { IDataObject } from 'n8n-workflow';

/** One part of a DashScope message: an input image (https or data: URL) or the text. */
export type QwenContentPart = { image: string } | { text: string };

/**
 * The prompt text as sent. A negative prompt the gateway would drop as a parameter is written
 * into the text instead, where every model reads it.
 */
export function qwenPromptText(prompt: string, avoid?: string): string {
	const extra = avoid?.trim();
	return extra ? `${prompt}\n\nAvoid: ${extra}` : prompt;
}

/**
 * `input` of a synchronous model (Qwen Image, Z-Image, Wan 2.6+, Qwen Image Edit): one user
 * message, the input images first (the order the gateway itself uses when it converts
 * multipart edits), then the text — always as parts: newer gateways parse the content as a
 * list of parts and fail on a plain string.
 */
export function buildMessagesInput(text: string, images: string[]): IDataObject {
	const content: QwenContentPart[] = [...images.map((image) => ({ image })), { text }];
	return { messages: [{ role: 'user', content }] };
}

/**
 * `input` of an asynchronous Wan text-to-image task: DashScope's task API reads `input.prompt`
 * and `input.negative_prompt` (not messages). The gateway forwards `input` unchanged, so the
 * negative prompt reaches the model here on every gateway version.
 */
export function buildWanTaskInput(prompt: string, negativePrompt?: string): IDataObject {
	const negative = negativePrompt?.trim();
	return { prompt, ...(negative ? { negative_prompt: negative } : {}) };
}
