import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { CHAT_IMAGE_MODELS, drawsInChat, textOnlyModelAdvice } from './imageModels';
import type { ChatAnswer } from './message';
import { readChatCompletion } from './message';
import { ChatStreamError, readChatStream } from './stream';
import {
	CHAT_FIELDS,
	priorMessagesProperty,
	streamProperty,
	systemMessageProperty,
} from './fields';
import { imageConfigProperties, withResolvedImageSize } from '../gemini/imageConfig';
import {
	additionalBodyFieldsProperty,
	withAdditionalBodyFields,
} from '../core/request/additionalBodyFields';
import { acceptTextOnlyProperty, imageAnswerResult } from '../core/answer/imageAnswer';
import {
	inputImageDataUrl,
	optionalInputImageProperties,
	readOptionalInputImages,
} from '../core/request/inputImages';
import type { DGridOperation, OperationContext, OperationResult } from '../core/operation';
import { buildWithOptionChecks, readPrompt } from '../core/request/itemErrors';
import { optionsCollection, promptProperty } from '../core/description/sharedProperties';
import { resolveWireFields, writeJsonBody } from '../core/request/wireFields';
import type { DGridCall, DGridResponse } from '../transport/request';
import { callDGrid, callDGridStream } from '../transport/request';

export interface ChatRequestSpec {
	model: string;
	prompt: string;
	/** Input images as https:// or data: URLs. */
	imageUrls: string[];
	/** The item's Options collection. */
	options: IDataObject;
}

function priorMessages(options: IDataObject): IDataObject[] {
	const list = ((options.priorMessages as IDataObject | undefined)?.messages ??
		[]) as IDataObject[];
	return list
		.filter((message) => typeof message.text === 'string' && message.text.trim() !== '')
		.map((message) => ({
			role: message.role === 'assistant' ? 'assistant' : 'user',
			content: message.text,
		}));
}

/**
 * `{model, messages, stream, extra_body:{google:{image_config}}}` plus the "Additional Body
 * Fields" merged last. The prompt is plain text, or text and `image_url` parts with images.
 * Throws OptionValueError for unusable option values.
 */
export function buildChatBody(spec: ChatRequestSpec): IDataObject {
	const { options } = spec;
	const system = typeof options.systemMessage === 'string' ? options.systemMessage.trim() : '';
	const userContent =
		spec.imageUrls.length === 0
			? spec.prompt
			: [
					{ type: 'text', text: spec.prompt },
					...spec.imageUrls.map((url) => ({ type: 'image_url', image_url: { url } })),
				];
	const body: IDataObject = {
		model: spec.model,
		messages: [
			...(system ? [{ role: 'system', content: system }] : []),
			...priorMessages(options),
			{ role: 'user', content: userContent },
		],
	};
	const values = { ...withResolvedImageSize(options), stream: options.stream === true };
	writeJsonBody(body, resolveWireFields(CHAT_FIELDS, values, spec.model));
	return withAdditionalBodyFields(body, options);
}

const headerText = (value: unknown) =>
	Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : '';

/**
 * Sends the body, streamed when it asks for a stream: the body decides, so `stream` set through
 * Additional Body Fields is honoured too.
 */
async function callChat(
	this: IExecuteFunctions,
	body: IDataObject,
	context: OperationContext,
): Promise<DGridResponse> {
	const call: DGridCall = { method: 'POST', path: '/v1/chat/completions', json: body };
	if (body.stream !== true) return await callDGrid.call(this, call, context);
	return await callDGridStream.call(
		this,
		call,
		context,
		async (streamed) =>
			await readChatStream(streamed.body, {
				contentType: headerText(streamed.headers['content-type']),
			}).catch((error: unknown) => {
				// A malformed stream is this item's error; a broken-off one goes back to the transport.
				throw error instanceof ChatStreamError
					? context.fail(error.message, error.description)
					: error;
			}),
	);
}

/** The answer as the operation's result, or the item's error when it holds no usable image. */
function chatResult(
	answer: ChatAnswer,
	prompt: string,
	{ model, options, fail }: OperationContext,
): OperationResult {
	const acceptTextOnly = options.acceptTextOnly === true;
	if (
		answer.images.length === 0 &&
		!answer.blocked &&
		!(acceptTextOnly && answer.text) &&
		!drawsInChat(model)
	) {
		// The model was never asked for an image: say so first, then what it answered.
		const advice = textOnlyModelAdvice(model);
		throw fail(advice.problem, `${advice.description} ${answer.noImageReason}`);
	}
	return imageAnswerResult(prompt, answer, acceptTextOnly);
}

async function execute(
	this: IExecuteFunctions,
	context: OperationContext,
): Promise<OperationResult> {
	const { model, options, fail } = context;
	const prompt = readPrompt.call(this, context);
	// Chat takes image URLs as they are; binary files travel as data: URLs.
	const inputImages = await readOptionalInputImages.call(
		this,
		context,
		{},
		{ passUrlsThrough: true },
	);
	const imageUrls =
		inputImages === undefined
			? []
			: inputImages.kind === 'urls'
				? inputImages.urls
				: inputImages.images.map(inputImageDataUrl);
	const body = buildWithOptionChecks(fail, () =>
		buildChatBody({ model, prompt, imageUrls, options }),
	);
	const response = await callChat.call(this, body, context);
	return chatResult(readChatCompletion(response.body), prompt, context);
}

/**
 * Chat: `POST /v1/chat/completions` with an image-capable model (Gemini image models behind
 * DGrid's OpenAI-compatible route). Images come back inside the message — markdown data: URLs,
 * content parts or `message.images` — whole or streamed; both read the same way.
 */
export const chat: DGridOperation = {
	value: 'chat',
	model: {
		parameter: 'chatModel',
		default: 'gemini-2.5-flash-image',
		hint: `An image-capable chat model. DGrid returns images in chat only for ${CHAT_IMAGE_MODELS.join(', ')} (exactly these ids); other models answer with text. For any other Gemini image model use Gemini Generate Content.`,
		family: 'gemini',
	},
	properties: [
		promptProperty(
			'The message to the model: what to create, or how to change the input images.',
			'Draw a cozy reading corner with a cat, warm evening light',
		),
		...optionalInputImageProperties,
		optionsCollection(
			[
				acceptTextOnlyProperty(),
				additionalBodyFieldsProperty,
				...imageConfigProperties,
				priorMessagesProperty,
				streamProperty,
				systemMessageProperty,
			],
			{ urlResults: true },
		),
	],
	execute,
};
