import type { IDataObject } from 'n8n-workflow';

import type { QwenContentFormat } from './parameters';

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
 * `input` of a DashScope request: one user message, the input images first (the order the
 * gateway itself uses when it converts multipart edits), then the text. Without images the
 * content may be a plain string, as in DGrid's sample.
 */
export function buildQwenInput(text: string, images: string[], format: QwenContentFormat): IDataObject {
	const content: QwenContentPart[] | string =
		format === 'string' && images.length === 0
			? text
			: [...images.map((image) => ({ image })), { text }];
	return { messages: [{ role: 'user', content }] };
}
