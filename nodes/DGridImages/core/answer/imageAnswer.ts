import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ImageCandidate, OperationResult } from '../operation';

/**
 * "Accept Text-Only Answers", the same switch in both operations: a text answer without an
 * image becomes a json-only item instead of an error. Blocked answers fail regardless.
 */
export function acceptTextOnlyProperty(
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Accept Text-Only Answers',
		name: 'acceptTextOnly',
		type: 'boolean',
		default: false,
		description:
			'Whether an answer with text but no image gives an item with just the text in JSON instead of failing. Blocked or refused answers always fail.',
		...(displayOptions ? { displayOptions } : {}),
	};
}

/** Whether an answer without images becomes a json-only item (see acceptTextOnlyProperty). */
export const acceptsAsTextOnly = (accepted: boolean, answer: { text: string; blocked: boolean }) =>
	accepted && answer.text !== '' && !answer.blocked;

/** What the Chat and Gemini Generate Content readers give: images, or text and the reason why not. */
export interface ImageAnswer {
	images: ImageCandidate[];
	json: IDataObject;
	text: string;
	blocked: boolean;
	noImageReason: string;
}

/** An answer as the operation's result: the prompt first in json, text-only answers as accepted. */
export function imageAnswerResult(
	prompt: string,
	answer: ImageAnswer,
	acceptTextOnly: boolean,
): OperationResult {
	return {
		images: answer.images,
		json: { prompt, ...answer.json },
		noImageReason: answer.noImageReason,
		allowNoImage: acceptsAsTextOnly(acceptTextOnly, answer),
	};
}
